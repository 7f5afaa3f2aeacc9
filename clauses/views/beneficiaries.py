"""Beneficiaries' records and the personal-data log: /espace/beneficiaires/.

A record is opened to those network.permissions gives Action.VIEW on it (the
facilitators of its territory and their coordinators); its personal fields are shown
to Action.VIEW_PERSONAL_DATA only, and every view or change of them is logged.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clauses import audit, beneficiaries
from clauses.forms.people import BeneficiaryForm
from clauses.models import (
    STALE_MESSAGE,
    Beneficiary,
    PersonalDataLog,
    Placement,
    StaleRecordError,
)
from clauses.views.access import personal_data_ids
from network.models import Territory
from network.permissions import (
    Action,
    filter_queryset,
    get_for,
    has_any_anchor,
    has_permission,
    require,
    require_any,
)

PAGE_SIZE = 50
CONFLICT = 409


@login_required
def beneficiary_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_any(user, Action.VIEW, Beneficiary, "Les fiches des bénéficiaires sont réservées "
                "aux facilitateurs de leur territoire.")
    records = filter_queryset(user, Action.VIEW, Beneficiary.objects.all()).select_related(
        "territory"
    ).order_by("pseudonym")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    personal = personal_data_ids(user, [b.pk for b in page])
    shown = [b for b in page if b.pk in personal]
    if shown:
        audit.log_view(user, shown, audit.SHOWN_ON_LISTS, context="Liste des bénéficiaires")
    return render(request, "clauses/beneficiary_list.html", {
        "page": page,
        "personal_ids": personal,
        "can_create": has_any_anchor(user, Action.CHANGE, Beneficiary),
        "can_view_log": has_any_anchor(user, Action.VIEW_AUDIT_LOG, PersonalDataLog),
    })


@login_required
def beneficiary_detail(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_for(
        user, Action.VIEW,
        Beneficiary.objects.select_related(
            "territory", "prescriber", "eligibility_validated_by"
        ).prefetch_related("criteria"),
        pseudonym=pseudonym,
    )
    show_personal = has_permission(user, Action.VIEW_PERSONAL_DATA, beneficiary)
    if show_personal:
        audit.log_view(user, [beneficiary], context="Fiche bénéficiaire")
    placements = filter_queryset(
        user, Action.VIEW, Placement.objects.filter(beneficiary=beneficiary)
    ).select_related("clause__market", "employer").prefetch_related("outcomes")
    return render(request, "clauses/beneficiary_detail.html", {
        "beneficiary": beneficiary,
        "show_personal": show_personal,
        "placements": placements,
        "can_change": show_personal and has_permission(user, Action.CHANGE, beneficiary),
        "eligibility_error": beneficiaries.eligibility_error(beneficiary),
    })


def _edit(request, beneficiary, title):
    user = request.user
    form = BeneficiaryForm(request.POST or None, instance=beneficiary, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = beneficiaries.save_record(form, user, context=title)
            except StaleRecordError:
                form.add_error(None, STALE_MESSAGE)
                status = CONFLICT
            else:
                messages.success(request, f"Fiche {saved.pseudonym} enregistrée.")
                return redirect(saved.get_absolute_url())
        else:
            status = 400
    return render(request, "clauses/beneficiary_form.html", {
        "form": form, "beneficiary": beneficiary, "title": title,
    }, status=status)


@login_required
def beneficiary_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_any(user, Action.CHANGE, Territory,
                "Seuls les facilitateurs d'un territoire créent des fiches.")
    return _edit(request, Beneficiary(), "Nouveau bénéficiaire")


@login_required
def beneficiary_edit(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_for(user, Action.CHANGE, Beneficiary.objects.all(), pseudonym=pseudonym)
    require(user, Action.VIEW_PERSONAL_DATA, beneficiary)
    if request.method == "GET":
        audit.log_view(user, [beneficiary], context="Modification de la fiche")
    return _edit(request, beneficiary, f"Modifier la fiche {beneficiary.pseudonym}")


@login_required
@require_POST
def beneficiary_validate(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_for(user, Action.CHANGE, Beneficiary.objects.all(), pseudonym=pseudonym)
    require(user, Action.VIEW_PERSONAL_DATA, beneficiary)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        beneficiaries.validate_eligibility(beneficiary, user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleRecordError:
        messages.error(request, STALE_MESSAGE)
    else:
        messages.success(request, "Éligibilité validée.")
    return redirect(beneficiary.get_absolute_url())


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_any(user, Action.VIEW_AUDIT_LOG, PersonalDataLog,
                "Le journal des accès est réservé à la coordination régionale.")
    entries = filter_queryset(user, Action.VIEW_AUDIT_LOG, PersonalDataLog.objects.all())
    pseudonym = (request.GET.get("pseudonyme") or "").strip()
    if pseudonym:
        entries = entries.filter(pseudonym=pseudonym)
    entries = entries.select_related("territory").order_by("-at", "-pk")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "clauses/audit_log.html", {
        "page": page, "pseudonym": pseudonym,
    })

