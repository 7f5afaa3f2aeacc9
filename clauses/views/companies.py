"""Company records and a company's page: /espace/entreprises/.

The records (SIRET, name, contacts) are kept by the facilitators and coordinators
(network.permissions.may_manage_companies: 403 to anyone else); a company's page is
opened by network.permissions to those who follow a territory where it holds a lot (404
to anyone else, whether it exists or not).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clauses import audit
from clauses import companies as company_pages
from clauses.forms.companies import CompanyForm, CompanySearchForm, ContactForm
from clauses.operations import companies
from clauses.views.access import Refused, get_visible, permission_flag, run
from network import siret as sirets
from network.models import Contact, Organisation
from network.permissions import (
    Action,
    has_permission,
    may_manage_companies,
    require_company_manager,
)

PAGE_SIZE = 50


def company_url(company: Organisation) -> str:
    return reverse("clauses:company_detail", args=[company.pk])


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_company_manager(user)
    form = CompanySearchForm(request.GET or None)
    records = companies.company_choices()
    if form.is_valid():
        text = form.cleaned_data.get("q", "").strip()
        digits = sirets.normalise(text)
        if digits.isdigit():
            records = records.filter(siret__startswith=digits)
        elif text:
            records = records.filter(
                Q(name__icontains=text) | Q(acronym__icontains=text) | Q(city__icontains=text)
            )
        if form.cleaned_data.get("type"):
            records = records.filter(kind=form.cleaned_data["type"])
    records = records.annotate(
        can_view=permission_flag(user, Action.VIEW, Organisation)
    ).order_by("name", "pk")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "clauses/company_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


def _company_or_404(pk: int) -> Organisation:
    return get_object_or_404(companies.company_choices(), pk=pk)


def _form_page(request, form, title, back_url, status):
    return render(request, "clauses/simple_form.html", {
        "form": form, "title": title, "back_url": back_url,
    }, status=status)


def _edit(request: HttpRequest, company: Organisation | None) -> HttpResponse:
    user = request.user
    require_company_manager(user)
    title = f"Modifier la fiche de {company.name}" if company else "Nouvelle entreprise"
    back = reverse("clauses:company_list")
    if company is not None and has_permission(user, Action.VIEW, company):
        back = company_url(company)
    form = CompanyForm(request.POST or None, instance=company)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = run(form, companies.save_company, user, company, **form.values())
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, f"Fiche de l'entreprise {saved.name} enregistrée.")
                if has_permission(user, Action.VIEW, saved):
                    return redirect(company_url(saved))
                return redirect(f"{reverse('clauses:company_list')}?q={saved.siret}")
    return _form_page(request, form, title, back, status)


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_company_manager(request.user)
    return _edit(request, _company_or_404(pk))


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    company = get_visible(user, companies.company_choices(), pk=pk)
    obligations = company_pages.obligations(user, company, today)
    placements = company_pages.placements(user, company)
    shown = {p.beneficiary_id: p.beneficiary for p in placements if p.show_personal}
    if shown:
        audit.log_view(user, shown.values(), audit.SHOWN_ON_LISTS,
                       context=f"Entreprise {company.name}"[:200])
    agreements = list(company_pages.agreements(user, company))
    documents = company_pages.exchanged_documents(user, company)
    meetings = company_pages.follow_up_meetings(user, company)
    return render(request, "clauses/company_detail.html", {
        "company": company,
        "obligations": obligations,
        "lots": company_pages.visible_lots(user, company),
        "placements": placements,
        "agreements": agreements,
        "contacts": company.contacts.all(),
        "documents": documents,
        "meetings": meetings,
        "timeline": company_pages.timeline(user, company, obligations.clauses, placements,
                                           agreements, today, documents, meetings),
        "can_manage": may_manage_companies(user),
        "can_follow_up": has_permission(user, Action.FOLLOW_UP_COMPANY, company),
    })


def _contact_of(company: Organisation, contact_pk: int | None) -> Contact | None:
    if contact_pk is None:
        return None
    return get_object_or_404(Contact, pk=contact_pk, organisation=company)


@login_required
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    user = request.user
    require_company_manager(user)
    company = _company_or_404(pk)
    contact = _contact_of(company, contact_pk)
    back = (company_url(company) if has_permission(user, Action.VIEW, company)
            else reverse("clauses:company_edit", args=[company.pk]))
    form = ContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                run(form, companies.save_contact, user, company, contact, **form.values())
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, "Contact enregistré.")
                return redirect(back)
    title = f"Contact de {company.name}" if contact else f"Nouveau contact de {company.name}"
    return _form_page(request, form, title, back, status)


@login_required
@require_POST
def contact_delete(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    user = request.user
    require_company_manager(user)
    company = _company_or_404(pk)
    contact = _contact_of(company, contact_pk)
    if contact is None:
        raise Http404
    try:
        companies.delete_contact(user, contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Contact {contact.name} supprimé.")
    if has_permission(user, Action.VIEW, company):
        return redirect(company_url(company))
    return redirect("clauses:company_list")
