"""Indicators 3 to 6 (hours, people, who they are, modalities) counted in Python from one
read of the placements' years of the period.

Grouping those rows in the database once per person, with an aggregate for each
modality, contract type, sex, age band and diploma, cost more than reading the rows
(about one per person) and adding them up here. Sums are of Decimal hours (exact on
every database); people are counted by their ids (exact, each once).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import ExpressionWrapper

from clauses.bilans.enums import AgeBand
from clauses.bilans.queries import AGE_26, AGE_50, HOURS, ZERO, hours_within, period_people
from clauses.bilans.scopes import Scope
from clauses.enums import ContractType, DiplomaLevel, Modality, Sex

BREAKDOWNS = {
    "par_modalite": ("modality", Modality.choices),
    "par_type_contrat": ("contract_type", ContractType.choices),
}
# Each person's typology: the column read of them and the values counted.
DIMENSIONS = {
    "sexe": ("p_sex", [*Sex.values, ""]),
    "age": ("age_band", AgeBand.values),
    "diplome": ("p_diploma", [*DiplomaLevel.values, ""]),
}


def _ymd(date) -> int:
    return date.year * 10000 + date.month * 100 + date.day


def age_band(start, birth) -> str:
    """The age band at `start` of someone born on `birth` (YYYYMMDD difference, as
    clauses.bilans.queries.ymd)."""
    if birth is None:
        return AgeBand.UNKNOWN.value
    age_key = _ymd(start) - _ymd(birth)
    if age_key < AGE_26:
        return AgeBand.UNDER_26.value
    if age_key < AGE_50:
        return AgeBand.FROM_26_TO_49.value
    return AgeBand.FROM_50.value


def _decimal(value) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def counted_people(scope: Scope) -> dict:
    """The counts of indicators 3 to 6, under the keys the layout reads: hours worked and
    of training, placements, people in all and per modality, contract type and typology
    (each read at their first placement with hours in the period), with derogation or
    living in a QPV."""
    period = scope.period
    rows = period_people(scope).order_by().values_list(
        "beneficiary_id", "placement_id", "modality", "contract_type", "starts_on",
        ExpressionWrapper(hours_within("worked", period), output_field=HOURS),
        ExpressionWrapper(hours_within("training", period), output_field=HOURS),
        "beneficiary__birth_date", "beneficiary__sex", "beneficiary__diploma_level",
        "beneficiary__qpv_resident", "beneficiary__derogation",
    )
    worked_total = training_total = ZERO
    placements = set()
    hours = {name: {} for name in BREAKDOWNS}
    people = {name: {} for name in BREAKDOWNS}
    persons: dict = {}
    for (person, placement, modality, contract, start, worked, training,
         birth, sex, diploma, qpv, derogation) in rows.iterator(chunk_size=5000):
        worked, training = _decimal(worked), _decimal(training)
        worked_total += worked
        training_total += training
        placements.add(placement)
        for name, value in (("par_modalite", modality), ("par_type_contrat", contract)):
            hours[name][value] = hours[name].get(value, ZERO) + worked + training
            people[name].setdefault(value, set()).add(person)
        known = persons.get(person)
        if known is None or start < known[0]:
            persons[person] = (start, birth, sex, diploma, qpv, derogation)

    counted: dict = {
        "in_period_worked": worked_total, "in_period_training": training_total,
        "placements": len(placements), "total": len(persons),
        "qpv": sum(1 for known in persons.values() if known[4]),
        "derogation": sum(1 for known in persons.values() if known[5]),
    }
    for name, (_, choices) in BREAKDOWNS.items():
        for i, (value, _) in enumerate(choices):
            counted[f"{name}_h{i}"] = hours[name].get(value, ZERO)
            counted[f"{name}_p{i}"] = len(people[name].get(value, ()))
    typology = {"sexe": {}, "age": {}, "diplome": {}}
    for start, birth, sex, diploma, _, _ in persons.values():
        for name, value in (("sexe", sex), ("age", age_band(start, birth)),
                            ("diplome", diploma)):
            typology[name][value] = typology[name].get(value, 0) + 1
    for name, (_, values) in DIMENSIONS.items():
        for i, value in enumerate(values):
            counted[f"{name}{i}"] = typology[name].get(value, 0)
    return counted
