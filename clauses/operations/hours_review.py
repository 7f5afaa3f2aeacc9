"""Validating or rejecting the hours a company declared.

A company referent's declaration stays "déclarée par l'entreprise", and counts nowhere,
until a facilitator of the person's territory (or their coordinator) validates it; a
rejection needs a reason, which the company reads on its space. Who: Action.VALIDATE_HOURS.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses.enums import DeclarationStatus
from clauses.models import HoursDeclaration, StaleRecordError
from clauses.operations.common import account, allowed, ensure
from network.permissions import Action

MESSAGE_NOT_VALIDATING = (
    "Seuls les facilitateurs du territoire qui suit ce bénéficiaire, et leurs "
    "coordinateurs, valident les heures déclarées par une entreprise."
)
MESSAGE_REASON_REQUIRED = "Indiquez le motif du refus : l'entreprise le lira."
MESSAGE_NOT_PENDING = "Ces heures ne sont plus en attente de validation."


def awaiting(actor) -> QuerySet:
    """The declarations awaiting `actor`'s validation, oldest month first."""
    pending = HoursDeclaration.objects.filter(status=DeclarationStatus.DECLARED)
    return allowed(actor, Action.VALIDATE_HOURS, pending).select_related(
        "placement__beneficiary", "placement__employer", "credited_clause__market",
        "credited_clause__lot",
    ).order_by("month", "pk")


def _review(actor, declaration: HoursDeclaration, version: int | None) -> None:
    ensure(actor, Action.VALIDATE_HOURS, declaration, MESSAGE_NOT_VALIDATING)
    if version is not None and version != declaration.version:
        raise StaleRecordError()
    if declaration.status != DeclarationStatus.DECLARED:
        raise ValidationError(MESSAGE_NOT_PENDING)


@transaction.atomic
def validate_hours(actor, declaration: HoursDeclaration, version: int | None = None):
    """From now on the hours count in the clause's progress and the bilans."""
    _review(actor, declaration, version)
    declaration.status = DeclarationStatus.VALIDATED
    declaration.rejection_reason = ""
    declaration.reviewed_by, declaration.reviewed_at = account(actor), timezone.now()
    declaration.save()
    return declaration


@transaction.atomic
def reject_hours(actor, declaration: HoursDeclaration, *, reason: str,
                 version: int | None = None):
    """The hours do not count; the company reads why and may correct them."""
    _review(actor, declaration, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": MESSAGE_REASON_REQUIRED})
    declaration.status = DeclarationStatus.REJECTED
    declaration.rejection_reason = reason
    declaration.reviewed_by, declaration.reviewed_at = account(actor), timezone.now()
    declaration.save()
    return declaration
