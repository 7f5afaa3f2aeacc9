"""Rules of a placement and of its outcomes: who may be placed, on which clause, when,
and when the situation at the end and about six months later may be recorded."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from clauses.enums import MarketStatus, OutcomeMoment
from clauses.rules.eligibility import add_months, expiry_error
from clauses.rules.hours import Period
from clauses.rules.people import criteria_errors

# The State's evaluation measures the situation "about 6 months" after the end: a
# facilitator may record it from the fifth month on.
SIX_MONTHS_EARLIEST_MONTHS = 5

MESSAGE_NOT_ELIGIBLE = (
    "L'éligibilité de {pseudonym} n'a pas été validée : validez-la (ou accordez une "
    "dérogation justifiée) avant d'ouvrir un placement."
)
MESSAGE_NOT_IN_EXECUTION = (
    "Un placement s'ouvre sur un marché en exécution ; le marché {reference} est à "
    "l'état « {status} »."
)
MESSAGE_BEFORE_CLAUSE = "Le placement commence avant la période de la clause ({period})."
MESSAGE_AFTER_CLAUSE = "Le placement finit après la période de la clause ({period})."
MESSAGE_ENDS_BEFORE_START = "La fin du placement précède son début."
MESSAGE_ANONYMISED = "Cette personne a été anonymisée : on ne lui ouvre plus de placement."
MESSAGE_END_NOT_REACHED = (
    "La situation à la fin se renseigne une fois le placement terminé{end}."
)
MESSAGE_SIX_MONTHS_TOO_EARLY = (
    "La situation à 6 mois se renseigne à partir du {earliest:%d/%m/%Y}, cinq mois après "
    "la fin du placement."
)
MESSAGE_NO_END = (
    "Une sortie se renseigne une fois le placement terminé : indiquez d'abord sa date de "
    "fin."
)
MESSAGE_OBSERVED_FUTURE = "Une sortie se constate : la date ne peut pas être à venir."
MESSAGE_OBSERVED_BEFORE_END = (
    "La situation se constate après la fin du placement ({end:%d/%m/%Y})."
)
MESSAGE_OBSERVED_TOO_EARLY = (
    "La situation à 6 mois se constate à partir du {earliest:%d/%m/%Y}."
)


@dataclass(frozen=True)
class Person:
    """What the placement rules read of a beneficiary."""

    pseudonym: str
    eligibility_validated: bool
    derogation_complete: bool
    criteria: frozenset[str]
    birth_date: datetime.date | None
    anonymised: bool = False
    # The last day their validation of eligibility holds (None: not validated).
    eligibility_valid_until: datetime.date | None = None


def placement_errors(
    person: Person,
    market_reference: str,
    market_status: str,
    clause_period: Period,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    opening: bool,
    start_changed: bool = False,
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """Errors by field (beneficiary, clause, starts_on, ends_on) of a placement.

    `opening` is True for a new placement (or one moved to another person or clause):
    the person's eligibility and the market's status are checked then, not on every
    later correction of the dates of a placement already running. A validation of
    eligibility must still hold at the start: checked when opening and when the start
    moves (`start_changed`); `today` tells an end already past from one to come (without
    it, the end is told as past at the start)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if opening:
        if person.anonymised:
            add("beneficiary", MESSAGE_ANONYMISED)
        elif not (person.eligibility_validated or person.derogation_complete):
            add("beneficiary", MESSAGE_NOT_ELIGIBLE.format(pseudonym=person.pseudonym))
        if market_status != MarketStatus.IN_EXECUTION:
            add("clause", MESSAGE_NOT_IN_EXECUTION.format(
                reference=market_reference, status=MarketStatus(market_status).label
            ))
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", MESSAGE_ENDS_BEFORE_START)
    if starts_on:
        if clause_period.start and starts_on < clause_period.start:
            add("starts_on", MESSAGE_BEFORE_CLAUSE.format(period=clause_period.describe()))
        elif clause_period.end and starts_on > clause_period.end:
            add("starts_on", MESSAGE_AFTER_CLAUSE.format(period=clause_period.describe()))
        if opening:
            for message in criteria_errors(person.criteria, person.birth_date, starts_on):
                add("beneficiary", message)
    if starts_on and (opening or start_changed) and not person.anonymised:
        message = expiry_error(person.pseudonym, person.eligibility_valid_until, starts_on,
                               today or starts_on)
        if message:
            add("beneficiary" if opening else "starts_on", message)
    if ends_on and clause_period.end and ends_on > clause_period.end:
        add("ends_on", MESSAGE_AFTER_CLAUSE.format(period=clause_period.describe()))
    return errors


def outcome_errors(
    moment: str, ends_on: datetime.date | None, observed_on: datetime.date | None,
    today: datetime.date,
) -> dict[str, list[str]]:
    """Errors by field (moment, observed_on) of a placement's outcome."""
    errors: dict[str, list[str]] = {}
    if observed_on and observed_on > today:
        errors["observed_on"] = [MESSAGE_OBSERVED_FUTURE]
    if ends_on is None:
        errors.setdefault("moment", []).append(MESSAGE_NO_END)
        return errors
    if moment == OutcomeMoment.END:
        if ends_on > today:
            errors.setdefault("moment", []).append(
                MESSAGE_END_NOT_REACHED.format(end=f" (le {ends_on:%d/%m/%Y})")
            )
        elif observed_on and observed_on < ends_on:
            errors.setdefault("observed_on", []).append(
                MESSAGE_OBSERVED_BEFORE_END.format(end=ends_on)
            )
    elif moment == OutcomeMoment.SIX_MONTHS:
        earliest = add_months(ends_on, SIX_MONTHS_EARLIEST_MONTHS)
        if today < earliest:
            errors.setdefault("moment", []).append(
                MESSAGE_SIX_MONTHS_TOO_EARLY.format(earliest=earliest)
            )
        elif observed_on and observed_on < earliest:
            errors.setdefault("observed_on", []).append(
                MESSAGE_OBSERVED_TOO_EARLY.format(earliest=earliest)
            )
    return errors
