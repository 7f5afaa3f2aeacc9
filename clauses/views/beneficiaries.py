"""Beneficiaries' records and the personal-data log: /espace/beneficiaires/.

A record is opened to those network.permissions gives Action.VIEW on it (the
facilitators of its territory and their coordinators); its personal fields are shown
to Action.VIEW_PERSONAL_DATA only, and every view or change of them is logged.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clauses import audit
from clauses.forms.people import BeneficiaryForm, MergeForm
from clauses.models import (
    STALE_MESSAGE,
    Beneficiary,
    PersonalDataLog,
    Placement,
    StaleRecordError,
)
from clauses.operations import people
from clauses.views.access import Refused, get_visible, require, run
from network.permissions import Action, filter_queryset, has_any_anchor, has_permission

PAGE_SIZE = 50


@login_required
def beneficiary_detail(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_visible(
        user,
        Beneficiary.objects.select_related(
            "territory", "prescriber", "eligibility_validated_by"
        ).prefetch_related("criteria__proofs"),
        pseudonym=pseudonym,
    )
    show_personal = has_permission(user, Action.VIEW_PERSONAL_DATA, beneficiary)
    if show_personal:
        audit.log_view(user, [beneficiary], context="Fiche bénéficiaire")
    placements = filter_queryset(
        user, Action.VIEW, Placement.objects.filter(beneficiary=beneficiary)
    ).select_related("clause__market", "employer").prefetch_related("outcomes")
    today = timezone.localdate()
    can_change = show_personal and has_permission(user, Action.DECLARE, beneficiary)
    revalidation_due = beneficiary.revalidation_due(today)
    return render(request, "clauses/beneficiary_detail.html", {
        "beneficiary": beneficiary,
        "show_personal": show_personal,
        "placements": placements,
        "can_change": can_change,
        "can_validate": can_change and not beneficiary.anonymised_at and (
            not beneficiary.eligibility_validated or revalidation_due
        ),
        "revalidation_due": revalidation_due,
        "today": today,
        "eligibility_error": people.eligibility_error(beneficiary),
    })


def _edit(request, beneficiary, title):
    user = request.user
    form = BeneficiaryForm(request.POST or None, instance=beneficiary, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.operation_values()
            try:
                if beneficiary.pk:
                    saved = run(form, people.update_beneficiary, user, beneficiary,
                                context=title, **data)
                else:
                    data.pop("version", None)
                    saved = run(form, people.create_beneficiary, user, context=title, **data)
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, f"Fiche {saved.pseudonym} enregistrée.")
                return redirect(saved.get_absolute_url())
    if form.duplicates:
        audit.log_view(user, form.duplicates, audit.SHOWN_ON_LISTS,
                       context=f"{title} — doublon probable")
    return render(request, "clauses/beneficiary_form.html", {
        "form": form, "beneficiary": beneficiary, "title": title,
    }, status=status)


@login_required
def beneficiary_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not people.territory_choices(user).exists():
        raise PermissionDenied("Seuls les facilitateurs d'un territoire créent des fiches.")
    return _edit(request, Beneficiary(), "Nouveau bénéficiaire")


@login_required
def beneficiary_edit(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_visible(user, Beneficiary.objects.all(), pseudonym=pseudonym)
    require(user, Action.DECLARE, beneficiary)
    if request.method == "GET":
        audit.log_view(user, [beneficiary], context="Modification de la fiche")
    return _edit(request, beneficiary, f"Modifier la fiche {beneficiary.pseudonym}")


@login_required
@require_POST
def beneficiary_validate(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_visible(user, Beneficiary.objects.all(), pseudonym=pseudonym)
    require(user, Action.DECLARE, beneficiary)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        people.validate_eligibility(user, beneficiary, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleRecordError:
        messages.error(request, STALE_MESSAGE)
    else:
        messages.success(request, "Éligibilité validée jusqu'au "
                         f"{beneficiary.eligibility_valid_until:%d/%m/%Y}.")
    return redirect(beneficiary.get_absolute_url())


@login_required
def beneficiary_merge(request: HttpRequest, pseudonym: str) -> HttpResponse:
    """Two records of one person become one: the other's parcours moves here."""
    user = request.user
    keep = get_visible(user, Beneficiary.objects.all(), pseudonym=pseudonym)
    require(user, Action.DECLARE, keep)
    form = MergeForm(request.POST or None, initial={"other": request.GET.get("avec", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            other = filter_queryset(user, Action.DECLARE, Beneficiary.objects.all()).filter(
                pseudonym=form.cleaned_data["other"].strip()
            ).first()
            if other is None:
                form.add_error("other", "Fiche inconnue ou que vous ne suivez pas.")
            else:
                try:
                    people.merge_beneficiaries(user, keep, other)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, f"La fiche {other.pseudonym} a été fusionnée "
                                              f"dans {keep.pseudonym}.")
                    return redirect(keep.get_absolute_url())
    return render(request, "clauses/simple_form.html", {
        "form": form, "title": f"Fusionner une autre fiche dans {keep.pseudonym}",
        "back_url": keep.get_absolute_url(),
    }, status=status)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_any_anchor(user, Action.VIEW_AUDIT_LOG, PersonalDataLog):
        raise PermissionDenied("Le journal des accès est réservé à la coordination régionale.")
    entries = filter_queryset(user, Action.VIEW_AUDIT_LOG, PersonalDataLog.objects.all())
    pseudonym = (request.GET.get("pseudonyme") or "").strip()
    if pseudonym:
        entries = entries.filter(pseudonym=pseudonym)
    entries = entries.select_related("territory").order_by("-at", "-pk")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "clauses/audit_log.html", {
        "page": page, "pseudonym": pseudonym,
    })

