"""Placements, their monthly hours and their outcomes: /espace/marches/placements/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clauses import audit
from clauses.enums import OutcomeMoment
from clauses.forms.people import DeclarationForm, OutcomeForm, PlacementForm
from clauses.models import HoursDeclaration, Market, Placement
from clauses.operations import declarations as declaration_ops
from clauses.operations import placements as placement_ops
from clauses.views.access import Refused, get_visible, personal_data_ids, require, run
from network.permissions import Action, has_any_anchor, has_permission


def _render_form(request, form, title, back, status=None):
    if status is None:
        status = 400 if form.is_bound else 200
    return render(request, "clauses/simple_form.html", {
        "form": form, "title": title, "back_url": back,
    }, status=status)


@login_required
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_visible(user, Market.objects.all(), pk=pk)
    if not has_any_anchor(user, Action.DECLARE, Placement):
        raise PermissionDenied(placement_ops.MESSAGE_NOT_DECLARABLE)
    form = PlacementForm(request.POST or None, user=user, market=market)
    title = f"Nouveau placement — {market.reference}"
    if request.method == "POST" and form.is_valid():
        data = form.values()
        data.pop("version", None)
        try:
            placement = run(form, placement_ops.open_placement, user, **data)
        except Refused as refused:
            return _render_form(request, form, title, market.get_absolute_url(),
                                refused.status)
        messages.success(request, f"Placement de {placement.beneficiary.pseudonym} enregistré.")
        return redirect("clauses:placement_detail", pk=placement.pk)
    field = form.fields["beneficiary"]
    named = field.queryset.filter(pk__in=field.personal_ids)
    audit.log_view(user, named, audit.SHOWN_ON_LISTS, context=f"Nouveau placement — {market}")
    return _render_form(request, form, title, market.get_absolute_url())


@login_required
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a placement: its end date (closing it), contract, job."""
    user = request.user
    placement = get_visible(
        user, Placement.objects.select_related("beneficiary", "clause__market"), pk=pk
    )
    require(user, Action.DECLARE, placement)
    market = placement.clause.market
    form = PlacementForm(request.POST or None, instance=placement, user=user, market=market)
    title = f"Modifier le placement de {placement.beneficiary.pseudonym}"
    back = placement.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            run(form, placement_ops.change_placement, user, placement, **form.values())
        except Refused as refused:
            return _render_form(request, form, title, back, refused.status)
        messages.success(request, "Placement enregistré.")
        return redirect(back)
    return _render_form(request, form, title, back)


@login_required
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = get_visible(
        user,
        Placement.objects.select_related(
            "beneficiary", "employer", "clause__market", "clause__lot"
        ),
        pk=pk,
    )
    show_personal = bool(personal_data_ids(user, [placement.beneficiary_id]))
    if show_personal:
        audit.log_view(user, [placement.beneficiary], audit.SHOWN_ON_LISTS,
                       context=f"Placement {placement.pk}")
    declarations = placement.declarations.select_related("credited_clause__market")
    return render(request, "clauses/placement_detail.html", {
        "placement": placement,
        "market": placement.clause.market,
        "show_personal": show_personal,
        "declarations": declarations,
        "outcomes": placement.outcomes.all(),
        "can_change": has_permission(user, Action.DECLARE, placement),
    })


@login_required
def declaration_edit(request: HttpRequest, pk: int | None = None,
                     placement_pk: int | None = None) -> HttpResponse:
    """Create (placement_pk) or change (pk) one month of hours; stale saves are refused."""
    user = request.user
    if pk is not None:
        declaration = get_visible(
            user, HoursDeclaration.objects.select_related("placement__clause__market"), pk=pk
        )
        placement = declaration.placement
        require(user, Action.DECLARE, declaration)
    else:
        placement = get_visible(user, Placement.objects.select_related("clause__market"),
                                pk=placement_pk)
        declaration = HoursDeclaration(placement=placement)
        require(user, Action.DECLARE, placement)
    form = DeclarationForm(request.POST or None, instance=declaration, placement=placement,
                           user=user)
    back = placement.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        data = form.values()
        try:
            if declaration.pk:
                run(form, declaration_ops.correct_hours, user, declaration, **data)
            else:
                data.pop("version", None)
                declaration = run(form, declaration_ops.declare_hours, user, placement, **data)
        except Refused as refused:
            return _render_form(request, form, "Heures du mois", back, refused.status)
        messages.success(request, f"Heures de {declaration.month:%m/%Y} enregistrées.")
        return redirect("clauses:placement_detail", pk=placement.pk)
    return _render_form(request, form, "Heures du mois", back)


@login_required
def outcome_create(request: HttpRequest, placement_pk: int) -> HttpResponse:
    user = request.user
    placement = get_visible(user, Placement.objects.all(), pk=placement_pk)
    require(user, Action.DECLARE, placement)
    # The list of outcomes to record links here with the moment that is due.
    moment = request.GET.get("moment")
    initial = {"moment": moment} if moment in OutcomeMoment.values else {}
    form = OutcomeForm(request.POST or None, placement=placement, initial=initial)
    back = placement.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            run(form, placement_ops.record_outcome, user, placement, **form.values())
        except Refused as refused:
            return _render_form(request, form, "Situation à la sortie", back, refused.status)
        messages.success(request, "Sortie enregistrée.")
        return redirect("clauses:placement_detail", pk=placement.pk)
    return _render_form(request, form, "Situation à la sortie", back)
