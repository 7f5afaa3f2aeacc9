"""Globalisation agreements: when one company holds clauses with several buyers, the hours
done on one operation may be credited to the others (DESIGN.md §3, "Globalisation")."""

from __future__ import annotations

import datetime

from django.db import transaction

from clauses.models import Clause, GlobalisationAgreement
from clauses.operations.common import Errors, allowed, ensure
from clauses.operations.markets import CONTRACTOR_KINDS
from network.permissions import Action

MESSAGE_NOT_ALLOWED = (
    "Un accord de globalisation se conclut par qui pilote chacun des marchés concernés : "
    "les facilitateurs de leurs territoires pilotes et la coordination régionale."
)
MESSAGE_TWO_CLAUSES = "Un accord de globalisation réunit au moins deux clauses."
MESSAGE_OTHER_CONTRACTOR = (
    "La clause {clause} n'est pas celle de cette entreprise : un accord ne réunit que les "
    "clauses des lots dont elle est titulaire."
)
MESSAGE_CONTRACTOR_KIND = "L'accord se conclut avec une entreprise titulaire."
MESSAGE_UNKNOWN_CLAUSE = "Clause inconnue ou hors de vos territoires."


@transaction.atomic
def agree_globalisation(
    actor, *, title: str, contractor, clauses, signed_on: datetime.date | None = None,
    notes: str = "", agreement: GlobalisationAgreement | None = None,
) -> GlobalisationAgreement:
    """Create or change an agreement pooling `clauses` of `contractor`: the actor must
    change every market concerned (a pooling across territories is the coordination's)."""
    clause_ids = {getattr(c, "pk", c) for c in clauses}
    errors = Errors()
    if not (title or "").strip():
        errors.add("title", "Ce champ est obligatoire.")
    if contractor is None:
        errors.add("contractor", "Ce champ est obligatoire.")
    elif contractor.kind not in CONTRACTOR_KINDS:
        errors.add("contractor", MESSAGE_CONTRACTOR_KIND)
    found = list(allowed(actor, Action.VIEW, Clause.objects.filter(pk__in=clause_ids))
                 .select_related("market", "lot"))
    if len(found) != len(clause_ids):
        errors.add("clauses", MESSAGE_UNKNOWN_CLAUSE)
    if len(clause_ids) < 2:
        errors.add("clauses", MESSAGE_TWO_CLAUSES)
    for clause in found:
        held = clause.lot_id and clause.lot.contractor_id == getattr(contractor, "pk", None)
        if contractor is not None and not held:
            errors.add("clauses", MESSAGE_OTHER_CONTRACTOR.format(clause=clause))
    errors.raise_if_any()
    for clause in found:
        ensure(actor, Action.CHANGE, clause.market, MESSAGE_NOT_ALLOWED)
    if agreement is not None:
        for clause in agreement.clauses.select_related("market"):
            ensure(actor, Action.CHANGE, clause.market, MESSAGE_NOT_ALLOWED)
    agreement = agreement or GlobalisationAgreement()
    agreement.title, agreement.contractor = title.strip(), contractor
    agreement.signed_on, agreement.notes = signed_on, notes or ""
    agreement.save()
    agreement.clauses.set(found)
    return agreement


@transaction.atomic
def end_globalisation(actor, agreement: GlobalisationAgreement) -> None:
    """Delete an agreement (hours already credited through it keep their clause)."""
    for clause in agreement.clauses.select_related("market"):
        ensure(actor, Action.CHANGE, clause.market, MESSAGE_NOT_ALLOWED)
    agreement.delete()
