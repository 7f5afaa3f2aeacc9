"""Declaring, correcting and deleting one month of hours of a placement.

The rules (clauses.rules.hours): within the placement's dates and the credited clause's
period, not in the future, at most 250 hours in the month, one declaration per
placement and month, credited to the placement's clause or to a clause globalised with
it for the same contractor. Who: the facilitators of the person's territory and their
coordinators, and the referents of the company employing the person
(Action.DECLARE_HOURS). The operation decides the status from who declares: a company's
hours stay "declared" until a facilitator validates them (clauses.operations.hours_review);
whoever may validate them records validated hours directly.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from clauses import notifications
from clauses.enums import DeclarationStatus
from clauses.models import Clause, HoursDeclaration, Placement, StaleRecordError
from clauses.models.placements import MESSAGE_NOT_GLOBALISED
from clauses.operations.common import Errors, account, allowed, ensure, may
from clauses.rules import hours as rules
from network.permissions import Action

MESSAGE_NOT_DECLARABLE = (
    "Vous pouvez consulter ces heures mais pas les déclarer : seuls les facilitateurs du "
    "territoire qui suit ce bénéficiaire, et leurs coordinateurs, le peuvent."
)
MESSAGE_ALREADY_REVIEWED = (
    "Ces heures sont déjà validées par le facilitateur : demandez-lui de les corriger."
)
MESSAGE_ALREADY_DECLARED = (
    "Les heures de ce mois sont déjà déclarées pour ce placement (déclaration n° {pk}) : "
    "modifiez la déclaration existante."
)
MESSAGE_UNKNOWN_CLAUSE = "Clause inconnue ou hors de vos territoires."
MESSAGE_MONTH_REQUIRED = "Indiquez le mois, par exemple 2025-03."
MESSAGE_HOURS_REQUIRED = "Indiquez les heures travaillées (0 s'il n'y en a pas)."
# The rules' own names for the fields (shared with the import's columns) and the model's.
FIELD_OF = {"heures": "hours_worked", "heures_formation": "training_hours"}
ZERO = Decimal("0.00")


def clause_period(clause: Clause) -> rules.Period:
    market = clause.market
    return rules.Period(
        clause.starts_on or market.execution_starts_on, clause.ends_on or market.execution_ends_on
    )


def credit_choices(actor, placement: Placement) -> QuerySet:
    """The clauses the hours of `placement` may be credited to, among those `actor` sees:
    its own, and those a globalisation agreement pools with it for the same contractor."""
    clause = placement.clause
    contractor_id = clause.lot.contractor_id if clause.lot_id else None
    candidates = Clause.objects.filter(pk=placement.clause_id)
    if contractor_id is not None:
        candidates = candidates | Clause.objects.filter(
            lot__contractor_id=contractor_id,
            globalisations__contractor_id=contractor_id,
            globalisations__clauses=placement.clause_id,
        )
    ids = candidates.values("pk")
    return allowed(actor, Action.VIEW, Clause.objects.filter(pk__in=ids)).select_related(
        "market", "lot"
    )


def _check(actor, placement: Placement, month, worked, training, credited,
           declaration: HoursDeclaration | None, today) -> Errors:
    errors = Errors()
    if month is None:
        errors.add("month", MESSAGE_MONTH_REQUIRED)
    if worked is None:
        errors.add("hours_worked", MESSAGE_HOURS_REQUIRED)
    for name, message in rules.hours_errors(worked, training).items():
        errors.add(FIELD_OF[name], message)
    if credited is not None and credited.pk != placement.clause_id and not (
        credit_choices(actor, placement).filter(pk=credited.pk).exists()
    ):
        visible = allowed(actor, Action.VIEW, Clause.objects.filter(pk=credited.pk)).exists()
        errors.add("credited_clause", MESSAGE_NOT_GLOBALISED if visible else MESSAGE_UNKNOWN_CLAUSE)
    if month is not None and "credited_clause" not in errors.by_field:
        message = rules.month_error(
            month, rules.Period(placement.starts_on, placement.ends_on),
            clause_period(credited or placement.clause), today,
        )
        if message:
            errors.add("month", message)
    if month is not None:
        existing = HoursDeclaration.objects.filter(placement=placement, month=month)
        if declaration is not None:
            existing = existing.exclude(pk=declaration.pk)
        found = existing.values_list("pk", flat=True).first()
        if found is not None:
            errors.add("month", MESSAGE_ALREADY_DECLARED.format(pk=found))
    return errors


def _month(value: datetime.date | None) -> datetime.date | None:
    return value.replace(day=1) if value else value


def validates(actor, placement: Placement) -> bool:
    """Whether what `actor` declares on `placement` is validated as it is written."""
    return may(actor, Action.VALIDATE_HOURS, placement)


def review_fields(actor, validated: bool) -> dict:
    """The status fields of a declaration written by `actor`."""
    if validated:
        return {"status": DeclarationStatus.VALIDATED, "reviewed_by": account(actor),
                "reviewed_at": timezone.now(), "rejection_reason": ""}
    return {"status": DeclarationStatus.DECLARED, "reviewed_by": None, "reviewed_at": None,
            "rejection_reason": ""}


@transaction.atomic
def declare_hours(
    actor, placement: Placement, *, month: datetime.date | None,
    hours_worked: Decimal | None, training_hours: Decimal | None = ZERO,
    credited_clause: Clause | None = None, today: datetime.date | None = None,
) -> HoursDeclaration:
    """A new month of hours of `placement`; ValidationError by field if refused."""
    ensure(actor, Action.DECLARE_HOURS, placement, MESSAGE_NOT_DECLARABLE)
    month = _month(month)
    training = ZERO if training_hours is None else training_hours
    credited = credited_clause or placement.clause
    _check(actor, placement, month, hours_worked, training, credited, None,
           today or timezone.localdate()).raise_if_any()
    validated = validates(actor, placement)
    try:
        with transaction.atomic():
            declaration = HoursDeclaration.objects.create(
                placement=placement, month=month, hours_worked=hours_worked,
                training_hours=training, credited_clause=credited,
                declared_by=account(actor), **review_fields(actor, validated),
            )
    except IntegrityError:
        # Declared by someone else between the check and the insert.
        existing = HoursDeclaration.objects.get(placement=placement, month=month)
        errors = Errors()
        errors.add("month", MESSAGE_ALREADY_DECLARED.format(pk=existing.pk))
        errors.raise_if_any()
        raise
    if not validated:
        notifications.hours_declared([placement], f"{month:%m/%Y}", actor)
    return declaration


@transaction.atomic
def correct_hours(
    actor, declaration: HoursDeclaration, *, version: int | None,
    hours_worked: Decimal | None, training_hours: Decimal | None = ZERO,
    month: datetime.date | None = None, credited_clause: Clause | None = None,
    today: datetime.date | None = None,
) -> HoursDeclaration:
    """Change a declaration read at `version`: ValidationError by field, or
    clauses.models.StaleRecordError when someone saved it since (nothing is saved)."""
    placement = declaration.placement
    ensure(actor, Action.DECLARE_HOURS, declaration, MESSAGE_NOT_DECLARABLE)
    validated = validates(actor, placement)
    _ensure_not_reviewed(declaration, validated)
    month = _month(month) or declaration.month
    training = ZERO if training_hours is None else training_hours
    credited = credited_clause or declaration.credited_clause
    _check(actor, placement, month, hours_worked, training, credited, declaration,
           today or timezone.localdate()).raise_if_any()
    declaration.month, declaration.credited_clause = month, credited
    declaration.hours_worked, declaration.training_hours = hours_worked, training
    if version is not None:
        declaration.version = version
    if not validated:
        # A company's correction (of hours refused, say) goes back to the facilitator.
        for name, value in review_fields(actor, False).items():
            setattr(declaration, name, value)
        declaration.declared_by = account(actor)
    declaration.save()
    if not validated:
        notifications.hours_declared([placement], f"{month:%m/%Y}", actor)
    return declaration


def _ensure_not_reviewed(declaration: HoursDeclaration, validated: bool) -> None:
    """A company changes its hours only until a facilitator validates them."""
    if not validated and declaration.status == DeclarationStatus.VALIDATED:
        raise PermissionDenied(MESSAGE_ALREADY_REVIEWED)


@transaction.atomic
def delete_declaration(actor, declaration: HoursDeclaration, version: int | None = None) -> None:
    ensure(actor, Action.DECLARE_HOURS, declaration, MESSAGE_NOT_DECLARABLE)
    _ensure_not_reviewed(declaration, validates(actor, declaration.placement))
    if version is not None and version != declaration.version:
        raise StaleRecordError()
    declaration.delete()
