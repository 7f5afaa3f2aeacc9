"""Proofs of a beneficiary's eligibility: /espace/beneficiaires/<pseudonyme>/justificatifs/.

A proof is found only among those whose person's personal data the account may see
(network.permissions, Action.VIEW_PERSONAL_DATA): anyone else is answered 404, whether
it exists or not. The file is served from private storage by this view only, and each
download is written to the personal-data log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clauses import audit
from clauses.forms.people import ProofForm
from clauses.models import Beneficiary, EligibilityProof
from clauses.operations import proofs
from clauses.views.access import Refused, get_visible, require, run
from network.permissions import Action, get_for
from portal.core.private_files import serve_private

ANCHOR = "#justificatifs"


def _proof(user, pseudonym: str, pk: int) -> EligibilityProof:
    return get_for(
        user, Action.VIEW_PERSONAL_DATA,
        EligibilityProof.objects.select_related("criterion__beneficiary"),
        pk=pk, criterion__beneficiary__pseudonym=pseudonym,
    )


@login_required
def proof_create(request: HttpRequest, pseudonym: str) -> HttpResponse:
    user = request.user
    beneficiary = get_visible(user, Beneficiary.objects.prefetch_related("criteria"),
                              pseudonym=pseudonym)
    require(user, Action.DECLARE, beneficiary)
    form = ProofForm(request.POST or None, request.FILES or None, beneficiary=beneficiary,
                     initial={"criterion": request.GET.get("critere", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                run(form, proofs.add_proof, user, beneficiary, criterion=data["criterion"],
                    kind=data["kind"], uploaded_file=data["file"])
            except Refused as refused:
                status = refused.status
            else:
                messages.success(request, "Le justificatif est déposé.")
                return redirect(beneficiary.get_absolute_url() + ANCHOR)
    else:
        audit.log_view(user, [beneficiary], ("criteria",), context="Dépôt d'un justificatif")
    return render(request, "clauses/proof_form.html", {
        "form": form, "beneficiary": beneficiary,
    }, status=status)


@login_required
def proof_download(request: HttpRequest, pseudonym: str, pk: int) -> HttpResponse:
    user = request.user
    proof = _proof(user, pseudonym, pk)
    audit.log_view(user, [proof.criterion.beneficiary], (proofs.FIELD,),
                   context=f"Justificatif consulté : {proof.get_kind_display()}")
    return serve_private(proof.file, proof.filename)


@login_required
@require_POST
def proof_delete(request: HttpRequest, pseudonym: str, pk: int) -> HttpResponse:
    user = request.user
    proof = _proof(user, pseudonym, pk)
    beneficiary = proof.criterion.beneficiary
    proofs.delete_proof(user, proof)
    messages.success(request, "Le justificatif est supprimé.")
    return redirect(beneficiary.get_absolute_url() + ANCHOR)
