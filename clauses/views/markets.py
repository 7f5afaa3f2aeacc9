"""Members' screens of the market pipeline: /espace/marches/."""

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from clauses import attention, audit, listing_cache, pipeline, progress, timeline
from clauses.forms.markets import (
    AssessmentForm,
    ClauseForm,
    ForecastForm,
    LotForm,
    MarketForm,
    StatusForm,
)
from clauses.listings.files import FORMATS
from clauses.listings.market_rows import market_rows
from clauses.listings.markets import MarketFilterForm
from clauses.models import (
    Beneficiary,
    Clause,
    GlobalisationAgreement,
    HoursDeclaration,
    Market,
    Outcome,
    Placement,
)
from clauses.operations import forecasts
from clauses.operations import markets as market_ops
from clauses.views.access import Refused, get_visible, permission_flag, require, run
from network.models import Organisation
from network.permissions import (
    Action,
    filter_queryset,
    has_any_anchor,
    has_permission,
    may_manage_companies,
)

PAGE_SIZE = 50
CONFLICT = 409


@login_required
def market_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_any_anchor(user, Action.VIEW, Market):
        raise PermissionDenied("Le suivi des marchés est réservé aux facilitateurs, "
                               "à leurs coordinateurs et aux référents acheteurs.")
    today = timezone.localdate()
    # The markets this person sees, filtered and ordered, are read only when a cache
    # below misses: on a hit not even their queryset is built.
    visible = SimpleLazyObject(lambda: filter_queryset(user, Action.VIEW, Market.objects.all()))
    form = MarketFilterForm(request.GET or None, visible, user=user)

    def ordered_ids():
        markets = form.apply(visible) if form.is_bound else visible
        return markets.order_by(*form.ordering()).values_list("pk", flat=True)

    filters = sorted((k, v) for k, v in request.GET.items() if k != "page")
    count = listing_cache.cached_for(user, "market-count", filters, lambda: ordered_ids().count())
    page = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
    # The page is cut out of the ordered ids first, and only its markets get their
    # hours summed: a deep page costs what the first one does, whatever the number of
    # markets (the API's PageThenTotals does the same). Which markets a page holds, and
    # in which order, depends on the markets alone (their fields and territories, what
    # the count depends on): kept like the count.
    start = (page.number - 1) * PAGE_SIZE
    ids = listing_cache.cached_for(user, "market-page", (filters, page.number),
                                   lambda: list(ordered_ids()[start:start + PAGE_SIZE]))
    page.object_list = market_rows(ids, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "clauses/market_list.html", {
        "form": form,
        # The filters' HTML (a long list of buyers) is rendered once per person and
        # query until a market changes.
        "form_cache_key": listing_cache.key_for(user, "market-filter-form", filters),
        "form_cache_seconds": listing_cache.SECONDS,
        "page": page,
        "query": query.urlencode(),
        "can_submit_forecast": has_any_anchor(user, Action.SUBMIT_FORECAST, Organisation),
        "can_declare_hours": has_any_anchor(user, Action.CHANGE, HoursDeclaration),
        "can_view_beneficiaries": has_any_anchor(user, Action.VIEW, Beneficiary),
        "can_manage_companies": may_manage_companies(user),
        "can_globalise": has_any_anchor(user, Action.CHANGE, GlobalisationAgreement),
        "exports": [(fmt.upper(), reverse("clauses:market_list_export", args=[fmt]))
                    for fmt in FORMATS],
        "export_max_rows": settings.EXPORT_MAX_ROWS,
        "noun": ("marché", "marchés"),
    })


def _hours_grid(market: Market):
    """Placements × months of the market, summed in the database."""
    declared = progress.declared_hours()
    cells = (
        HoursDeclaration.objects.counted().filter(placement__clause__market=market).order_by()
        .values("placement_id", "month")
        .annotate(total=Sum(declared, output_field=progress.HOURS))
    )
    month_totals = list(
        HoursDeclaration.objects.counted().filter(placement__clause__market=market).order_by("month")
        .values("month").annotate(total=Sum(declared, output_field=progress.HOURS))
    )
    grid: dict[int, dict] = defaultdict(dict)
    for cell in cells:
        grid[cell["placement_id"]][cell["month"]] = cell["total"]
    months = [row["month"] for row in month_totals]
    return grid, months, month_totals


@login_required
def market_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    market = get_visible(
        user,
        progress.consultation_flagged(Market.objects.all(), today).select_related(
            "buyer", "lead_territory", "facilitator", "submitted_by", "assessed_by"
        ).prefetch_related("territories").annotate(
            can_change=permission_flag(user, Action.CHANGE, Market),
            can_assess=permission_flag(user, Action.ASSESS_FORECAST, Market),
        ),
        pk=pk,
    )
    lots = market.lots.select_related("contractor")
    clauses = list(progress.with_progress(
        market.clauses.select_related("lot", "lot__contractor"), today
    ))
    for clause in clauses:
        clause.figures = progress.progress_figures(clause)
    placements = _placements_of(market, user)
    shown = {p.beneficiary_id: p.beneficiary for p in placements if p.show_personal}
    if shown:
        audit.log_view(user, shown.values(), audit.SHOWN_ON_LISTS,
                       context=f"Marché {market.reference}")
    grid, months, month_totals = _hours_grid(market)
    rows = [
        {"placement": p, "cells": [grid[p.pk].get(month) for month in months]}
        for p in placements
    ]
    return render(request, "clauses/market_detail.html", {
        "market": market,
        "lots": lots,
        "clauses": clauses,
        "placements": placements,
        "grid_rows": rows,
        "months": months,
        "month_totals": month_totals,
        "can_change": market.can_change,
        "can_assess": market.can_assess and market.status in (
            pipeline.S.FORECAST, pipeline.S.STUDIED
        ),
        "status_form": StatusForm(
            market=market, may_override=has_permission(user, Action.OVERRIDE_PUBLICATION, market)
        ) if market.can_change else None,
        "timeline": timeline.entries(market),
        "can_declare": has_any_anchor(user, Action.DECLARE, Placement),
        "can_correct_forecast": forecasts.correction_error(user, market) is None,
        "consultation_min_days": progress.CONSULTATION_MIN_DAYS,
        "today": today,
        # Whoever follows the market's territories opens its contractors' pages.
        "link_companies": may_manage_companies(user),
    })


def _placements_of(market: Market, user) -> list[Placement]:
    hours = (
        HoursDeclaration.objects.counted().filter(placement=OuterRef("pk")).order_by()
        .values("placement")
        .annotate(total=Sum(progress.declared_hours(), output_field=progress.HOURS))
        .values("total")
    )
    return list(
        Placement.objects.filter(clause__market=market)
        .select_related("beneficiary", "employer", "clause__lot")
        .annotate(
            hours_total=Coalesce(
                Subquery(hours, output_field=progress.HOURS), progress.ZERO,
                output_field=progress.HOURS,
            ),
            show_personal=permission_flag(
                user, Action.VIEW_PERSONAL_DATA, Beneficiary, "beneficiary"
            ),
        )
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("moment")))
        .order_by("starts_on", "pk")
    )


def _form_page(request, template, context, form, status=None):
    if status is None:
        status = 400 if form.is_bound else 200
    return render(request, template, {"form": form, **context}, status=status)


@login_required
def forecast_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_any_anchor(user, Action.SUBMIT_FORECAST, Organisation):
        raise PermissionDenied("Seuls les référents acheteurs transmettent des prévisions.")
    form = ForecastForm(request.POST or None, user=user)
    context = {"title": "Transmettre une prévision de marché"}
    if request.method == "POST" and form.is_valid():
        data = form.values()
        data.pop("version", None)
        try:
            market = run(form, forecasts.submit_forecast, user, **data)
        except Refused as refused:
            return _form_page(request, "clauses/market_form.html", context, form, refused.status)
        messages.success(request, f"Prévision {market.reference} transmise à la coordination.")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/market_form.html", context, form)


@login_required
def forecast_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer corrects their forecast until the coordination assesses it."""
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.SUBMIT_FORECAST, market)
    message = forecasts.correction_error(user, market)
    if message:
        messages.error(request, message)
        return redirect(market.get_absolute_url())
    form = ForecastForm(request.POST or None, instance=market, user=user)
    context = {"market": market, "title": f"Corriger la prévision {market.reference}"}
    if request.method == "POST" and form.is_valid():
        data = form.values()
        try:
            run(form, forecasts.correct_forecast, user, market, **data)
        except Refused as refused:
            return _form_page(request, "clauses/market_form.html", context, form, refused.status)
        messages.success(request, "Prévision corrigée.")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/market_form.html", context, form)


@login_required
def market_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.CHANGE, market)
    form = MarketForm(request.POST or None, instance=market, user=user)
    context = {"market": market, "title": f"Modifier le marché {market.reference}"}
    if request.method == "POST" and form.is_valid():
        try:
            run(form, market_ops.edit_market, user, market, **form.values())
        except Refused as refused:
            return _form_page(request, "clauses/market_form.html", context, form, refused.status)
        messages.success(request, "Marché enregistré.")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/market_form.html", context, form)


@login_required
def market_assess(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.ASSESS_FORECAST, market)
    form = AssessmentForm(request.POST or None, market=market)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run(form, forecasts.assess_forecast, user, market, feasibility=data["feasibility"],
                reason=data["reason"], on=data.get("on"))
        except Refused as refused:
            return _form_page(request, "clauses/market_assess.html", {"market": market}, form,
                              refused.status)
        messages.success(request, "Étude de faisabilité enregistrée.")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/market_assess.html", {"market": market}, form)


@login_required
@require_POST
def market_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.CHANGE, market)
    form = StatusForm(request.POST, market=market, may_override=has_permission(
        user, Action.OVERRIDE_PUBLICATION, market
    ))
    if form.is_valid():
        data = form.cleaned_data
        try:
            run(form, market_ops.change_status, user, market, data["new_status"],
                version=data["version"], reason=data["reason"], on=data.get("on"),
                override=data.get("override", False))
        except Refused as refused:
            return _form_page(request, "clauses/market_status.html", {"market": market}, form,
                              refused.status)
        messages.success(request, f"Le marché est passé à l'état « "
                                  f"{market.get_status_display()} ».")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/market_status.html", {"market": market}, form)


@login_required
def lot_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.CHANGE, market)
    form = LotForm(request.POST or None, market=market)
    context = {"market": market, "title": f"Ajouter un lot au marché {market.reference}"}
    if request.method == "POST" and form.is_valid():
        try:
            run(form, market_ops.save_lot, user, market, **form.values())
        except Refused as refused:
            return _form_page(request, "clauses/simple_form.html", context, form, refused.status)
        messages.success(request, "Lot ajouté.")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/simple_form.html", context, form)


@login_required
def clause_edit(request: HttpRequest, pk: int, clause_pk: int | None = None) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    require(user, Action.CHANGE, market)
    instance = (
        get_visible(user, Clause.objects.filter(market=market), pk=clause_pk)
        if clause_pk else Clause(market=market)
    )
    form = ClauseForm(request.POST or None, instance=instance, market=market)
    context = {"market": market,
               "title": "Modifier la clause" if clause_pk else "Ajouter une clause"}
    if request.method == "POST" and form.is_valid():
        try:
            clause = run(form, market_ops.save_clause, user, market,
                         instance if clause_pk else None, **form.operation_values())
        except Refused as refused:
            return _form_page(request, "clauses/clause_form.html", context, form, refused.status)
        messages.success(request, f"Clause enregistrée : {clause.required_hours:.0f} "
                                  "heures d'insertion exigées.")
        return redirect(market.get_absolute_url())
    return _form_page(request, "clauses/clause_form.html", context, form)


@login_required
def attention_page(request: HttpRequest) -> HttpResponse:
    """The "needs attention" panels on their own, until the /espace/ dashboard shows them."""
    return render(request, "clauses/attention.html", {
        "attention_panels": attention.attention_panels(
            request.user, size=attention.FULL_LIST_SIZE
        ),
    })
