"""Rules of a beneficiary's record: criteria that agree with each other and with the
birth date, the one source of the QPV residence, what makes eligibility valid, and how
two records of the same person are recognised."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from clauses.enums import EligibilityCriterion
from portal.core.text import words

C = EligibilityCriterion
YOUNG_AGE_LIMIT = 26
SENIOR_AGE = 50
OLDEST_BIRTH_YEAR = 1900

MESSAGE_BOTH_AGES = (
    "Les critères « moins de 26 ans » et « plus de 50 ans » ne peuvent pas s'appliquer "
    "à la même personne."
)
MESSAGE_AGE_NEEDS_BIRTH_DATE = (
    "Indiquez la date de naissance : le critère « {criterion} » en dépend."
)
MESSAGE_NOT_YOUNG = (
    "La personne a {age} ans au {on:%d/%m/%Y} : le critère « moins de 26 ans » ne "
    "s'applique pas."
)
MESSAGE_NOT_SENIOR = (
    "La personne a {age} ans au {on:%d/%m/%Y} : le critère « plus de 50 ans » ne "
    "s'applique pas."
)
MESSAGE_BIRTH_FUTURE = "La date de naissance ne peut pas être dans le futur."
MESSAGE_BIRTH_TOO_OLD = "Vérifiez l'année de naissance."
MESSAGE_DEROGATION_JUSTIFICATION = "Une dérogation doit être justifiée."
MESSAGE_DEROGATION_OPINION = "Une dérogation s'appuie sur l'avis du prescripteur."
MESSAGE_NO_CRITERION = (
    "Cochez au moins un critère d'éligibilité, ou accordez une dérogation justifiée, "
    "avant de valider l'éligibilité."
)


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years between the birth date and `on` (26 from the 26th birthday on)."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def with_qpv(criteria: Iterable[str], qpv_resident: bool) -> set[str]:
    """The criteria with the QPV one set from the residence tick, the only source of truth:
    the criterion follows the tick, so that the two never disagree."""
    wanted = set(criteria) - {C.QPV}
    if qpv_resident:
        wanted.add(C.QPV)
    return wanted


def birth_date_errors(birth_date: datetime.date | None, today: datetime.date) -> list[str]:
    if birth_date is None:
        return []
    if birth_date > today:
        return [MESSAGE_BIRTH_FUTURE]
    if birth_date.year < OLDEST_BIRTH_YEAR:
        return [MESSAGE_BIRTH_TOO_OLD]
    return []


def criteria_errors(
    criteria: Iterable[str], birth_date: datetime.date | None, on: datetime.date
) -> list[str]:
    """Why these criteria cannot be those of a person born on `birth_date`, judged on
    `on` (today for the record, the start of a placement when one opens)."""
    criteria = set(criteria)
    young, senior = C.YOUNG_LOW_QUALIFICATION in criteria, C.OVER_50 in criteria
    if young and senior:
        return [MESSAGE_BOTH_AGES]
    errors = []
    for ticked, criterion in ((young, C.YOUNG_LOW_QUALIFICATION), (senior, C.OVER_50)):
        if ticked and birth_date is None:
            errors.append(MESSAGE_AGE_NEEDS_BIRTH_DATE.format(criterion=criterion.label))
    if birth_date is None or errors:
        return errors
    age = age_on(birth_date, on)
    if young and age >= YOUNG_AGE_LIMIT:
        errors.append(MESSAGE_NOT_YOUNG.format(age=age, on=on))
    if senior and age < SENIOR_AGE:
        errors.append(MESSAGE_NOT_SENIOR.format(age=age, on=on))
    return errors


def derogation_errors(derogation: bool, justification: str, opinion: str) -> dict[str, str]:
    if not derogation:
        return {}
    errors = {}
    if not (justification or "").strip():
        errors["derogation_justification"] = MESSAGE_DEROGATION_JUSTIFICATION
    if not (opinion or "").strip():
        errors["prescriber_opinion"] = MESSAGE_DEROGATION_OPINION
    return errors


def eligibility_error(criteria: Iterable[str], derogation: bool, justification: str,
                      opinion: str) -> str | None:
    """Why the facilitator cannot validate this person's eligibility yet, or None."""
    if derogation:
        errors = derogation_errors(derogation, justification, opinion)
        return next(iter(errors.values()), None)
    return None if set(criteria) else MESSAGE_NO_CRITERION


def identity_key(last_name: str, first_name: str) -> str:
    """Names as they are compared to find a probable duplicate: without accents, case,
    hyphens or extra spaces ("Lefèvre-Dupont" and "LEFEVRE DUPONT" meet)."""
    return f"{' '.join(words(last_name or ''))}|{' '.join(words(first_name or ''))}"
