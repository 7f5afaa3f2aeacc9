"""One hours declaration created or changed on its own (the API), with the import's checks.

The caller has already asked the permission policy for the placement or declaration;
the clause the hours are credited to is checked here, because it may be another
clause than the placement's (globalisation).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clauses.imports import checks, values
from clauses.imports.common import scoped
from clauses.models import Clause, HoursDeclaration, Placement
from clauses.models.placements import credited_clause_error
from network.permissions import Action

MESSAGE_ALREADY_DECLARED = (
    "Les heures de ce mois sont déjà déclarées pour ce placement (déclaration n° {pk}) : "
    "modifiez la déclaration existante."
)
MESSAGE_UNKNOWN_CLAUSE = "Clause inconnue ou hors de vos territoires."


def _clause_period(clause: Clause) -> checks.Period:
    market = clause.market
    return checks.Period(
        clause.starts_on or market.execution_starts_on, clause.ends_on or market.execution_ends_on
    )


def _checked(user, placement: Placement, month, data: dict, credited: Clause | None):
    """(month, worked, training, credited clause) or ValidationError({field: [message]})."""
    errors: dict[str, list[str]] = {}

    def read(name, parser, default=None):
        raw = data.get(name)
        if raw is None or values.text(raw) == "":
            if default is None:
                errors.setdefault(name, []).append("Ce champ est obligatoire.")
            return default
        try:
            return parser(raw)
        except values.InvalidValue as error:
            errors.setdefault(name, []).append(str(error))
            return None

    if month is None:
        month = read("mois", values.month)
    worked = read("heures", values.decimal)
    training = read("heures_formation", values.decimal, default=Decimal("0.00"))
    for name, message in checks.hours_errors(worked, training).items():
        errors.setdefault(name, []).append(message)

    clause_id = data.get("clause_creditee")
    if clause_id is not None:
        credited = (
            scoped(user, Action.CHANGE, Clause.objects.filter(pk=clause_id))
            .select_related("market", "lot").first()
        )
        if credited is None:
            errors.setdefault("clause_creditee", []).append(MESSAGE_UNKNOWN_CLAUSE)
        else:
            message = credited_clause_error(placement, credited)
            if message:
                errors.setdefault("clause_creditee", []).append(message)
    if month is not None and credited is not None and "clause_creditee" not in errors:
        message = checks.month_error(
            month, checks.Period(placement.starts_on, placement.ends_on),
            _clause_period(credited), timezone.localdate(),
        )
        if message:
            errors.setdefault("mois", []).append(message)
    if errors:
        raise ValidationError(errors)
    return month, worked, training, credited


def create_declaration(user, placement: Placement, data: dict) -> HoursDeclaration:
    """A new declaration of `placement`; ValidationError({field: [message]}) if refused."""
    month, worked, training, credited = _checked(user, placement, None, data, placement.clause)
    existing = HoursDeclaration.objects.filter(placement=placement, month=month).first()
    if existing is not None:
        raise ValidationError({"mois": [MESSAGE_ALREADY_DECLARED.format(pk=existing.pk)]})
    try:
        with transaction.atomic():
            return HoursDeclaration.objects.create(
                placement=placement, month=month, hours_worked=worked, training_hours=training,
                credited_clause=credited,
            )
    except IntegrityError:
        # Declared by someone else between the check and the insert.
        existing = HoursDeclaration.objects.get(placement=placement, month=month)
        raise ValidationError(
            {"mois": [MESSAGE_ALREADY_DECLARED.format(pk=existing.pk)]}
        ) from None


def update_declaration(
    user, declaration: HoursDeclaration, data: dict, version: int
) -> HoursDeclaration:
    """Change the hours (and credited clause) of `declaration`, read at `version`.

    Raises ValidationError({field: [message]}), or clauses.models.StaleRecordError when
    someone saved it since that version was read; nothing is saved then.
    """
    month: datetime.date = declaration.month
    _, worked, training, credited = _checked(
        user, declaration.placement, month, data, declaration.credited_clause
    )
    declaration.hours_worked, declaration.training_hours = worked, training
    declaration.credited_clause = credited
    declaration.version = version
    declaration.save()
    return declaration
