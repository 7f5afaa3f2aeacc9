"""Indicators 3 to 6 (hours, people, who they are, modalities) counted in Python from one
read of the placements' years of the period.

Grouping those rows in the database once per person, with an aggregate for each
modality, contract type, sex, age band and diploma, cost more than reading the rows
(about one per person) and adding them up here. Sums are of Decimal hours (exact on
every database); people are counted by their ids (exact, each once).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import ExpressionWrapper
from django.db.models.functions import Coalesce

from clauses.bilans.enums import AgeBand
from clauses.bilans.queries import (
    AGE_26,
    AGE_50,
    CENT,
    HOURS,
    ZERO,
    hours_within,
    period_people,
)
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
    if isinstance(date, str):  # SQLite's raw date: YYYY-MM-DD
        return int(date[:4]) * 10000 + int(date[5:7]) * 100 + int(date[8:10])
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
    """Hours as the driver gives them: Decimal on PostgreSQL, a float or an integer on
    SQLite (hours are in cents: rounding to them gives the exact value back)."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)).quantize(CENT)


def counted_people(scope: Scope) -> dict:
    """The counts of indicators 3 to 6, under the keys the layout reads: hours worked and
    of training, placements, people in all and per modality, contract type and typology
    (each read at their first placement with hours in the period), with derogation or
    living in a QPV; and the hours per company ("companies", by organisation id)."""
    period = scope.period
    query = period_people(scope).order_by().values_list(
        "beneficiary_id", "placement_id", "modality", "contract_type", "starts_on",
        ExpressionWrapper(hours_within("worked", period), output_field=HOURS),
        ExpressionWrapper(hours_within("training", period), output_field=HOURS),
        "beneficiary__birth_date", "beneficiary__sex", "beneficiary__diploma_level",
        "beneficiary__qpv_resident", "beneficiary__derogation",
        # Whose hours these are: the contractor of the credited clause's lot, or the
        # placement's employer for a clause on a whole market.
        Coalesce("credited_clause__lot__contractor_id", "employer_id"),
    ).query
    # Read raw, in one fetch: Django's conversion of each value cost more than the
    # adding up (dates and hours are taken as each driver gives them).
    with connection.cursor() as cursor:
        cursor.execute(*query.sql_with_params())
        rows = cursor.fetchall()
    if rows and not isinstance(rows[0][5], Decimal):
        rows = [(*row[:5], _decimal(row[5]), _decimal(row[6]), *row[7:]) for row in rows]
    # Added up per modality, contract type and company (a few hundred groups, split at
    # the end); each person read at their first placement (what is read of them is the
    # same on each of their rows).
    groups: dict = {}
    placements = set()
    persons: dict = {}
    find_group, find_person, add_placement = groups.get, persons.get, placements.add
    for row in rows:
        key = (row[2], row[3], row[12])
        group = find_group(key)
        if group is None:
            groups[key] = [row[5], row[6], {row[0]}]
        else:
            group[0] += row[5]
            group[1] += row[6]
            group[2].add(row[0])
        add_placement(row[1])
        known = find_person(row[0])
        if known is None or row[4] < known[4]:
            persons[row[0]] = row

    companies: dict = {}
    for (_, _, company), (worked, training, _) in groups.items():
        companies[company] = companies.get(company, ZERO) + worked + training
    counted: dict = {
        "in_period_worked": sum((group[0] for group in groups.values()), ZERO),
        "in_period_training": sum((group[1] for group in groups.values()), ZERO),
        "placements": len(placements), "total": len(persons), "companies": companies,
        "qpv": sum(1 for known in persons.values() if known[10]),
        "derogation": sum(1 for known in persons.values() if known[11]),
    }
    for position, (name, (_, choices)) in enumerate(BREAKDOWNS.items()):
        for i, (value, _) in enumerate(choices):
            mine = [group for key, group in groups.items() if key[position] == value]
            counted[f"{name}_h{i}"] = sum((group[0] + group[1] for group in mine), ZERO)
            counted[f"{name}_p{i}"] = len(set().union(*(group[2] for group in mine)))
    typology = {"sexe": {}, "age": {}, "diplome": {}}
    for _, _, _, _, start, _, _, birth, sex, diploma, *_ in persons.values():
        for name, value in (("sexe", sex), ("age", age_band(start, birth)),
                            ("diplome", diploma)):
            typology[name][value] = typology[name].get(value, 0) + 1
    for name, (_, values) in DIMENSIONS.items():
        for i, value in enumerate(values):
            counted[f"{name}{i}"] = typology[name].get(value, 0)
    return counted
