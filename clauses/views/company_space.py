"""The company referent's space, /espace/entreprise/, and the invitation that opens it.

A referent sees their company's lots with a clause (obligations and progress) and the
placements their company employs, by pseudonym only; they declare monthly hours by form
or by the month's file. Everything is read through network.permissions (the COMPANY
anchor) and written through clauses.operations: the operation keeps their hours
"declared" until a facilitator validates them.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clauses import progress
from clauses.enums import DeclarationStatus
from clauses.imports import monthly_hours
from clauses.imports.forms import ImportForm
from clauses.models import Clause, HireProposal, HoursDeclaration, Placement
from clauses.operations import company_referents as invitations
from clauses.operations import declarations as declaration_ops
from clauses.operations.common import allowed
from clauses.views.access import Refused, get_visible, run
from network.models import Organisation
from network.permissions import Action, Anchor, anchor_ids

MESSAGE_NOT_REFERENT = (
    "Cet espace est celui des référents d'entreprise : demandez au facilitateur qui suit "
    "vos marchés de vous inviter."
)


def _companies(user) -> list[Organisation]:
    """The companies `user` acts for (their company referent groups)."""
    ids = anchor_ids(user, Action.VIEW, Anchor.COMPANY)
    if not ids:
        raise PermissionDenied(MESSAGE_NOT_REFERENT)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def _placements(user, company: Organisation):
    """The placements of the people the company employs on its own clauses."""
    return allowed(user, Action.DECLARE_HOURS, Placement.objects.filter(
        employer=company, clause__lot__contractor=company,
    )).select_related("beneficiary", "clause__market", "clause__lot").order_by(
        "clause__market__reference", "beneficiary__pseudonym", "-starts_on",
    )


class CompanyDeclarationForm(forms.Form):
    placement = forms.ModelChoiceField(
        label="Personne et poste", queryset=Placement.objects.none(),
        error_messages={"required": "Choisissez la personne.",
                        "invalid_choice": "Choisissez une personne de la liste."},
    )
    month = forms.DateField(
        label="Mois", input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="Par exemple 2025-03.",
        error_messages={"required": declaration_ops.MESSAGE_MONTH_REQUIRED,
                        "invalid": declaration_ops.MESSAGE_MONTH_REQUIRED},
    )
    hours_worked = forms.DecimalField(
        label="Heures travaillées", max_digits=7, decimal_places=2, localize=True,
        error_messages={"required": declaration_ops.MESSAGE_HOURS_REQUIRED},
    )
    training_hours = forms.DecimalField(
        label="Heures de formation", max_digits=7, decimal_places=2, required=False,
        localize=True,
    )

    def __init__(self, *args, placements=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["placement"]
        field.queryset = placements if placements is not None else Placement.objects.none()
        field.label_from_instance = lambda p: (
            f"{p.beneficiary.pseudonym} — {p.job_label} — {p.clause.market.reference}"
            + (f" lot {p.clause.lot.number}" if p.clause.lot_id else "")
        )

    def values(self) -> dict:
        data = self.cleaned_data
        return {"month": data["month"], "hours_worked": data["hours_worked"],
                "training_hours": data.get("training_hours")}


def _space(request, company, form, upload, report, status=200):
    user = request.user
    today = timezone.localdate()
    clauses = list(progress.with_progress(
        allowed(user, Action.VIEW, Clause.objects.filter(lot__contractor=company)), today
    ).select_related("market", "lot").order_by("market__reference", "lot__number"))
    # Hours declared and not yet validated count nowhere: shown apart.
    pending = dict(
        HoursDeclaration.objects.filter(
            credited_clause__in=[c.pk for c in clauses], status=DeclarationStatus.DECLARED,
        ).order_by().values("credited_clause").annotate(
            total=Sum(progress.declared_hours(), output_field=progress.HOURS)
        ).values_list("credited_clause", "total")
    )
    rows = [(clause, progress.progress_figures(clause), pending.get(clause.pk))
            for clause in clauses]
    placements = _placements(user, company).prefetch_related(Prefetch(
        "declarations", queryset=HoursDeclaration.objects.order_by("-month"),
    ))
    return render(request, "clauses/company_space.html", {
        "company": company, "clauses": rows, "placements": placements, "form": form,
        "upload": upload, "report": report,
        "columns": monthly_hours.COLUMNS, "statuses": DeclarationStatus,
        "proposals": allowed(user, Action.VIEW, HireProposal.objects.filter(company=company))
        .select_related("clause__market")[:50],
    }, status=status)


@login_required
def company_space(request: HttpRequest) -> HttpResponse:
    user = request.user
    companies = _companies(user)
    company = companies[0]
    if len(companies) > 1 and request.GET.get("entreprise", "").isdigit():
        chosen = [c for c in companies if c.pk == int(request.GET["entreprise"])]
        company = chosen[0] if chosen else company
    placements = _placements(user, company)
    form = CompanyDeclarationForm(placements=placements)
    upload = ImportForm()
    report = None
    status = 200
    if request.method == "POST" and "fichier" in request.FILES:
        upload = ImportForm(request.POST, request.FILES)
        status = 400
        if upload.is_valid():
            uploaded = upload.cleaned_data["fichier"]
            report = monthly_hours.import_hours(uploaded, user=user, name=uploaded.name)
            if report.ok:
                messages.success(request, report.summary() + " Elles seront comptées une fois "
                                 "validées par le facilitateur.")
                return redirect("clauses:company_space")
    elif request.method == "POST":
        form = CompanyDeclarationForm(request.POST, placements=placements)
        status = 400
        if form.is_valid():
            placement = form.cleaned_data["placement"]
            try:
                declaration = run(form, declaration_ops.declare_hours, user, placement,
                                  **form.values())
            except Refused as refused:
                status = refused.status
            else:
                messages.success(
                    request, f"Heures de {declaration.month:%m/%Y} de "
                    f"{placement.beneficiary.pseudonym} déclarées : elles seront comptées "
                    "une fois validées par le facilitateur.")
                return redirect("clauses:company_space")
    return _space(request, company, form, upload, report, status)


# --- The invitation ------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique du référent",
        error_messages={"required": invitations.MESSAGE_EMAIL,
                        "invalid": invitations.MESSAGE_EMAIL},
    )


@login_required
def company_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    company = get_visible(user, Organisation.objects.all(), pk=pk)
    back = reverse("clauses:company_detail", args=[company.pk])
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                run(form, invitations.invite_referent, user, company,
                    email=form.cleaned_data["email"])
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
                return redirect(back)
    elif not invitations.may_manage_companies(user):
        raise PermissionDenied(invitations.MESSAGE_NOT_INVITING)
    return render(request, "clauses/simple_form.html", {
        "form": form, "title": f"Inviter un référent de {company.name}", "back_url": back,
    }, status=status)


class PasswordForm(forms.Form):
    password1 = forms.CharField(label="Mot de passe", widget=forms.PasswordInput,
                                strip=False)
    password2 = forms.CharField(label="Mot de passe (confirmation)",
                                widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            raise ValidationError("Les deux mots de passe ne sont pas identiques.")
        if first:
            validate_password(first)
        return data


def company_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: public (the person has no account yet), the token decides."""
    try:
        invitation = invitations.read_token(token)
    except ValidationError as error:
        return render(request, "clauses/company_invitation.html", {
            "refusal": " ".join(error.messages),
        }, status=400)
    user = request.user
    existing = invitations.account_for(invitation.email)
    context = {"invitation": invitation, "existing": existing}
    if existing is not None or user.is_authenticated:
        # An account already holds the address: it joins once signed in as itself.
        if not user.is_authenticated:
            context["login_url"] = f"{reverse('login')}?next={request.path}"
            return render(request, "clauses/company_invitation.html", context)
        if request.method == "POST":
            try:
                invitations.accept(invitation, user=user)
            except PermissionDenied as refused:
                context["refusal"] = str(refused)
                return render(request, "clauses/company_invitation.html", context, status=403)
            messages.success(request, f"Vous êtes référent de {invitation.company.name}.")
            return redirect("clauses:company_space")
        return render(request, "clauses/company_invitation.html", context)
    form = PasswordForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        account = invitations.accept(invitation, password=form.cleaned_data["password1"])
        login(request, account, backend="network.backends.PortalModelBackend")
        messages.success(request, f"Bienvenue : vous êtes référent de {invitation.company.name}.")
        return redirect("clauses:company_space")
    context["form"] = form
    return render(request, "clauses/company_invitation.html", context,
                  status=400 if form.is_bound else 200)
