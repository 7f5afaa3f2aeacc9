"""Hires proposed by a company: the referent's form (/espace/entreprise/embauches/
nouvelle/) and the facilitators' answers (/espace/marches/embauches/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clauses import audit
from clauses.enums import ProposalStatus
from clauses.forms.fields import OperationForm
from clauses.models import Clause, HireProposal
from clauses.operations import placements as placement_ops
from clauses.operations import proposals
from clauses.operations.common import allowed
from clauses.views.access import Refused, get_visible, run
from network.permissions import Action, has_any_anchor


class ProposalForm(OperationForm):
    class Meta:
        model = HireProposal
        fields = ("clause", *proposals.FIELDS)
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"}),
                   "birth_date": forms.DateInput(attrs={"type": "date"}),
                   "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, clauses=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["clause"]
        field.queryset = clauses
        field.label_from_instance = lambda c: (
            f"{c.market.reference} — {c.market.title}"
            + (f" (lot {c.lot.number})" if c.lot_id else ""))


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    clauses = allowed(user, Action.PROPOSE_HIRE, Clause.objects.all()).select_related(
        "market", "lot")
    if not clauses.exists():
        raise PermissionDenied(proposals.MESSAGE_NOT_PROPOSING)
    form = ProposalForm(request.POST or None, clauses=clauses)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                run(form, proposals.propose_hire, user, form.cleaned_data["clause"],
                    **form.values(*proposals.FIELDS))
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, "Embauche proposée : le facilitateur vérifie "
                                 "l'éligibilité de la personne avant d'ouvrir le placement.")
                return redirect("clauses:company_space")
    return render(request, "clauses/simple_form.html", {
        "form": form, "title": "Proposer une embauche", "back_url": "/espace/entreprise/",
    }, status=status)


class AcceptForm(forms.Form):
    beneficiary = forms.ModelChoiceField(
        label="Bénéficiaire (éligibilité validée)", queryset=None,
        error_messages={"required": "Choisissez la fiche du bénéficiaire."},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = placement_ops.beneficiary_choices(user)


class RefuseForm(forms.Form):
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": proposals.MESSAGE_REASON})


def _require_decider(user) -> None:
    if not has_any_anchor(user, Action.DECLARE, HireProposal):
        raise PermissionDenied(proposals.MESSAGE_NOT_DECIDING)


def _page(request, bound=None, status=200):
    user = request.user
    pending = list(allowed(user, Action.DECLARE, HireProposal.objects.filter(
        status=ProposalStatus.PROPOSED)).select_related("company", "clause__market")[:200])
    # Each name shown goes to the personal-data log, as on the beneficiaries' pages.
    audit.log_proposals_view(user, pending, "Embauches proposées")
    bound = bound or {}
    rows = [(p, bound.get((p.pk, "a")) or AcceptForm(prefix=f"a{p.pk}", user=user),
             bound.get((p.pk, "r")) or RefuseForm(prefix=f"r{p.pk}")) for p in pending]
    return render(request, "clauses/proposals.html", {"rows": rows}, status=status)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    _require_decider(request.user)
    return _page(request)


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_visible(user, HireProposal.objects.all(), pk=pk)
    form = AcceptForm(request.POST, prefix=f"a{proposal.pk}", user=user)
    if form.is_valid():
        try:
            placement = run(form, proposals.accept_proposal, user, proposal,
                            beneficiary=form.cleaned_data["beneficiary"])
        except Refused as refused:
            _require_decider(user)
            return _page(request, {(proposal.pk, "a"): form}, refused.status)
        messages.success(request, "Placement ouvert.")
        return redirect("clauses:placement_detail", pk=placement.pk)
    _require_decider(user)
    return _page(request, {(proposal.pk, "a"): form}, 400)


@login_required
@require_POST
def proposal_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_visible(user, HireProposal.objects.all(), pk=pk)
    form = RefuseForm(request.POST, prefix=f"r{proposal.pk}")
    if form.is_valid():
        try:
            run(form, proposals.refuse_proposal, user, proposal,
                reason=form.cleaned_data["reason"])
        except Refused as refused:
            _require_decider(user)
            return _page(request, {(proposal.pk, "r"): form}, refused.status)
        messages.success(request, "Proposition refusée.")
        return redirect("clauses:proposal_list")
    _require_decider(user)
    return _page(request, {(proposal.pk, "r"): form}, 400)
