"""Placements, their monthly hours and their outcomes: /espace/marches/placements/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clauses import audit
from clauses.forms.people import DeclarationForm, OutcomeForm, PlacementForm
from clauses.models import (
    STALE_MESSAGE,
    HoursDeclaration,
    Market,
    Placement,
    StaleRecordError,
)
from clauses.views.access import personal_data_ids
from network.permissions import Action, get_for, has_permission, require

CONFLICT = 409


def _render_form(request, form, title, back, status=None):
    if status is None:
        status = 400 if form.is_bound else 200
    return render(request, "clauses/simple_form.html", {
        "form": form, "title": title, "back_url": back,
    }, status=status)


@login_required
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market = get_for(user, Action.CHANGE, Market.objects.all(), pk=pk)
    form = PlacementForm(request.POST or None, user=user, market=market)
    if request.method == "POST" and form.is_valid():
        placement = form.save()
        messages.success(request, f"Placement de {placement.beneficiary.pseudonym} enregistré.")
        return redirect("clauses:placement_detail", pk=placement.pk)
    field = form.fields["beneficiary"]
    named = field.queryset.filter(pk__in=field.personal_ids)
    audit.log_view(user, named, audit.SHOWN_ON_LISTS, context=f"Nouveau placement — {market}")
    return _render_form(request, form, f"Nouveau placement — {market.reference}",
                        market.get_absolute_url())


@login_required
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = get_for(
        user, Action.VIEW,
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
        "can_change": has_permission(user, Action.CHANGE, placement),
    })


@login_required
def declaration_edit(request: HttpRequest, pk: int | None = None,
                     placement_pk: int | None = None) -> HttpResponse:
    """Create (placement_pk) or change (pk) one month of hours; stale saves are refused."""
    user = request.user
    if pk is not None:
        declaration = get_for(
            user, Action.VIEW, HoursDeclaration.objects.select_related("placement__clause"),
            pk=pk,
        )
        placement = declaration.placement
    else:
        placement = get_for(user, Action.VIEW, Placement.objects.select_related("clause"),
                            pk=placement_pk)
        declaration = HoursDeclaration(placement=placement)
    require(user, Action.CHANGE, placement)
    form = DeclarationForm(request.POST or None, instance=declaration, placement=placement)
    back = placement.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except StaleRecordError:
            form.add_error(None, STALE_MESSAGE)
            return _render_form(request, form, "Heures du mois", back, status=CONFLICT)
        except IntegrityError:
            form.add_error("month", "Les heures de ce mois sont déjà déclarées pour ce "
                                    "placement : modifiez la déclaration existante.")
        else:
            messages.success(request, f"Heures de {form.instance.month:%m/%Y} enregistrées.")
            return redirect("clauses:placement_detail", pk=placement.pk)
    return _render_form(request, form, "Heures du mois", back)


@login_required
def outcome_create(request: HttpRequest, placement_pk: int) -> HttpResponse:
    user = request.user
    placement = get_for(user, Action.CHANGE, Placement.objects.all(), pk=placement_pk)
    form = OutcomeForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Sortie enregistrée.")
        return redirect("clauses:placement_detail", pk=placement.pk)
    return _render_form(request, form, "Situation à la sortie", placement.get_absolute_url())
