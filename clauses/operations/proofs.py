"""Proofs of a beneficiary's eligibility criteria: a document per criterion (an
attestation France Travail, a CAF notification, an RQTH decision…), added and removed
here only, each change written to the personal-data log.

Who: those who change the person's record (Action.DECLARE: the facilitators of their
territory and their coordinators). The files live in private storage
(portal.core.private_files); a proof leaves with its file when it is deleted, when its
criterion is unticked, by the retention purge and with the record (clauses.signals).
"""

from __future__ import annotations

from pathlib import PurePath

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses import audit
from clauses.enums import ProofKind
from clauses.models import Beneficiary, EligibilityProof
from clauses.operations.common import Errors, account, ensure
from network.permissions import Action

PROOF_EXTENSIONS = ("pdf", "png", "jpg", "jpeg")
MESSAGE_NOT_ALLOWED = (
    "Seuls les facilitateurs du territoire qui suit cette personne, et leurs coordinateurs, "
    "déposent et suppriment ses justificatifs."
)
MESSAGE_ANONYMISED = "Cette personne a été anonymisée : on ne lui dépose plus de justificatif."
MESSAGE_CRITERION = "Choisissez un des critères cochés sur la fiche de la personne."
MESSAGE_KIND = "Choisissez le type de justificatif."
MESSAGE_NO_FILE = "Choisissez le fichier du justificatif."
FIELD = "eligibility_proofs"


def proofs_of(beneficiary: Beneficiary) -> QuerySet:
    return EligibilityProof.objects.filter(criterion__beneficiary=beneficiary).select_related(
        "criterion", "uploaded_by"
    )


def _touch(beneficiary: Beneficiary) -> None:
    # A change of the record for the retention period, without a new version: someone
    # editing the record meanwhile is not told it changed under them.
    Beneficiary.objects.filter(pk=beneficiary.pk).update(updated_at=timezone.now())


@transaction.atomic
def add_proof(actor, beneficiary: Beneficiary, *, criterion: str, kind: str,
              uploaded_file) -> EligibilityProof:
    """Store `uploaded_file` as the proof of `criterion` (one of the person's ticked
    criteria); ValidationError by field (criterion, kind, file), nothing written."""
    ensure(actor, Action.DECLARE, beneficiary, MESSAGE_NOT_ALLOWED)
    errors = Errors()
    if beneficiary.anonymised_at is not None:
        errors.add("__all__", MESSAGE_ANONYMISED)
    row = beneficiary.criteria.filter(criterion=criterion).first() if criterion else None
    if row is None:
        errors.add("criterion", MESSAGE_CRITERION)
    if kind not in ProofKind.values:
        errors.add("kind", MESSAGE_KIND)
    errors.check_upload(uploaded_file, MESSAGE_NO_FILE, extensions=PROOF_EXTENSIONS)
    errors.raise_if_any()
    filename = PurePath(uploaded_file.name).name
    proof = EligibilityProof(criterion=row, kind=kind, uploaded_by=account(actor),
                             filename=filename[:255], size=uploaded_file.size)
    proof.file.save(filename, uploaded_file, save=False)
    try:
        proof.save()
        _touch(beneficiary)
        audit.log_change(account(actor), beneficiary, [FIELD],
                         context=f"Justificatif déposé : {proof.get_kind_display()}")
    except BaseException:
        # Nothing of a refused proof stays behind, in the database or on disk.
        proof.file.delete(save=False)
        raise
    return proof


@transaction.atomic
def delete_proof(actor, proof: EligibilityProof) -> None:
    """Remove a proof; its file goes once the deletion is committed (clauses.signals)."""
    beneficiary = proof.criterion.beneficiary
    ensure(actor, Action.DECLARE, beneficiary, MESSAGE_NOT_ALLOWED)
    label = proof.get_kind_display()
    proof.delete()
    _touch(beneficiary)
    audit.log_change(account(actor), beneficiary, [FIELD],
                     context=f"Justificatif supprimé : {label}")
