"""Indicators 3 to 6 (hours, people, typology of the people, modalities) and the hours
per company: one query over the placement-years of the period.

Each of these read the same rows (the maintained figures of the period, see
clauses.bilans.queries.period_people). As separate queries the database found them once
each, joined them to the people and their criteria, and counted distinct people with
one sort per COUNT(DISTINCT …). Here the rows are found once (a common table, no join:
they carry whose hours they are) and carry what the typology reads of the person
(maintained with them: age at the start, sex, diploma, QPV, derogation, criteria as
bits), so they are grouped per person, and every count of people is a plain count of
person rows (the modalities and contracts each person had as bits, on PostgreSQL; as
distinct pairs of a person and a value elsewhere: a hash of small keys, no sort). The
hours per modality and contract, the companies' hours (and the pairs) are more branches
of the same statement (UNION ALL, told apart by their first column); on PostgreSQL the
hours per modality and contract and per company are one pass (GROUPING SETS).

The period's rows are a queryset compiled by Django (the scope's filter, the months of
the period); the aggregate list around them depends on nothing but the database, so it
is written once.
"""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import F, QuerySet

from clauses.bilans.enums import AgeBand
from clauses.bilans.queries import (
    AGE_26,
    AGE_50,
    UNKNOWN,
    ZERO,
    as_decimal,
    choice_rows,
    hours_within,
    period_people,
    round_hours,
)
from clauses.bilans.scopes import Scope
from clauses.enums import ContractType, DiplomaLevel, EligibilityCriterion, Modality, Sex
from network.models import Organisation

SEXES = (*Sex.values, "")
DIPLOMAS = (*DiplomaLevel.values, "")
AGE_BANDS = (AgeBand.UNKNOWN, AgeBand.UNDER_26, AgeBand.FROM_26_TO_49, AgeBand.FROM_50)
# The kinds of result rows: the totals (one row; on PostgreSQL, the people of each
# modality and contract type among them); the hours of a modality and contract type; the
# people of a modality, of a contract type (elsewhere); a company.
TOTALS, HOURS, MODALITY, CONTRACT, COMPANY = "t", "h", "m", "n", "c"


def _rows(scope: Scope) -> QuerySet:
    """The period's placement-years: placement, person, modality, contract, whose hours
    they are (the lot's contractor, or the employer for a clause on a whole market), the
    hours within the period, and what the typology reads of the person."""
    period = scope.period
    return period_people(scope).order_by().values(
        pl=F("placement_id"), pe=F("beneficiary_id"), mo=F("modality"),
        ct=F("contract_type"),
        co=F("company_id"),
        w=hours_within("worked", period), t=hours_within("training", period),
        ak=F("age_key"), sx=F("sex"), dl=F("diploma_level"), qp=F("qpv_resident"),
        dg=F("derogation"), cr=F("criteria"),
    )


HELD = (("mo", Modality.values), ("ct", ContractType.values))


def _held_bits() -> tuple[str, list, list[str]]:
    """PostgreSQL: which modalities and contract types each person had, as two sets of
    bits (BIT_OR of their rows' bit), and the totals that count the people of each (SQL
    and the parameters of the first): two aggregates per person rather than a distinct
    pass over the rows per column. The bits are written in the SQL, not passed: a
    statement of more than fifty parameters is parsed again on every call by psycopg."""
    held, held_params, counted = "", [], []
    for column, values in HELD:
        held += (f", BIT_OR(CASE {column}"
                 + "".join(f" WHEN %s THEN {1 << i}" for i in range(len(values)))
                 + f" ELSE 0 END) AS {column}_held")
        held_params += values
        counted += [f"COUNT(*) FILTER (WHERE ({column}_held & {1 << i}) <> 0)"
                    for i in range(len(values))]
    return held, held_params, counted


@functools.cache
def _statement(vendor: str) -> tuple[str, list, int]:
    """What surrounds the period's rows (placeholder `{rows}`): the SQL, the parameters
    after the rows' own, and the number of value columns. Depends on the database only,
    hence built once per process."""
    totals = [
        "COUNT(*)",
        "(SELECT COUNT(*) FROM (SELECT DISTINCT pl FROM period_rows) placements)",
        "SUM(dg)",
        "SUM(qp)",
    ]
    totals += ["COUNT(*) FILTER (WHERE sx = %s)"] * len(SEXES)
    params: list = list(SEXES)
    # A person's age key is the smallest of their rows': the one at their first start.
    totals += ["COUNT(*) FILTER (WHERE ak IS NULL)", "COUNT(*) FILTER (WHERE ak < %s)",
               "COUNT(*) FILTER (WHERE ak >= %s AND ak < %s)", "COUNT(*) FILTER (WHERE ak >= %s)"]
    params += [AGE_26, AGE_26, AGE_50, AGE_50]
    totals += ["COUNT(*) FILTER (WHERE dl = %s)"] * len(DIPLOMAS)
    params += list(DIPLOMAS)
    totals += [f"COUNT(*) FILTER (WHERE (cr & {1 << i}) <> 0)"
               for i in range(len(EligibilityCriterion.values))]
    # The people of each modality and contract type: from each person's bits where the
    # database has BIT_OR, else as distinct pairs of a person and a value (SQLite has no
    # BIT_OR, and one flag per value costs it more than the pairs).
    bits = vendor == "postgresql"
    held, held_params = "", []
    if bits:
        held, held_params, counted = _held_bits()
        totals += counted
    width = len(totals)

    organisations = Organisation._meta.db_table

    def branch(kind: str, columns: str, values: str, rest: str) -> str:
        padding = ", NULL" * (width - values.count(",") - 1)
        return f" UNION ALL SELECT {kind}, {columns}, {values}{padding} {rest}"

    if bits:
        # The hours per modality and contract and per company in one pass over the rows
        # (GROUPING SETS), told apart by whether the company is grouped; the company's
        # rows without one (or without its record) are left out, as the join leaves
        # them out elsewhere.
        company = "g.grouped_co = 0"
        hours = branch(
            f"CASE WHEN {company} THEN '{COMPANY}' ELSE '{HOURS}' END",
            f"o.id, CASE WHEN {company} THEN o.name ELSE g.mo END,"
            f" CASE WHEN {company} THEN o.siret ELSE g.ct END",
            f"CASE WHEN {company} THEN g.w + g.t ELSE g.w END, g.t",
            "FROM (SELECT mo, ct, co, SUM(w) AS w, SUM(t) AS t, GROUPING(co) AS grouped_co"  # noqa: S608
            " FROM period_rows GROUP BY GROUPING SETS ((mo, ct), (co))) g"
            f" LEFT JOIN {organisations} o ON {company} AND o.id = g.co",
        )
    else:
        hours = (
            branch(f"'{HOURS}'", "NULL, mo, ct", "SUM(w), SUM(t)",
                   "FROM period_rows GROUP BY mo, ct")
            + branch(f"'{MODALITY}'", "NULL, mo, NULL", "COUNT(*)",
                     "FROM (SELECT DISTINCT pe, mo FROM period_rows) pairs GROUP BY mo")
            + branch(f"'{CONTRACT}'", "NULL, ct, NULL", "COUNT(*)",
                     "FROM (SELECT DISTINCT pe, ct FROM period_rows) pairs GROUP BY ct")
            + branch(f"'{COMPANY}'", "o.id, o.name, o.siret", "g.hours",
                     "FROM (SELECT co, SUM(w + t) AS hours FROM period_rows GROUP BY co) g"  # noqa: S608
                     f" JOIN {organisations} o ON o.id = g.co")
        )

    # Only table names, the kinds of rows and fixed SQL are interpolated; values are
    # parameters. What is read of a person is the same on each of their rows (kept so
    # by clauses.bilans.figures), so any row's gives it: MIN and MAX.
    sql = (
        "WITH period_rows AS ({rows}),"  # noqa: S608
        " people AS (SELECT pe, MIN(ak) AS ak, MIN(sx) AS sx, MIN(dl) AS dl,"
        " MAX(CASE WHEN qp THEN 1 ELSE 0 END) AS qp, MAX(CASE WHEN dg THEN 1 ELSE 0 END) AS dg,"
        f" MIN(cr) AS cr{held} FROM period_rows GROUP BY pe)"
        # The id's type, for PostgreSQL to match the branches (it types a bare NULL as text).
        f" SELECT '{TOTALS}', CAST(NULL AS bigint), NULL, NULL, {', '.join(totals)}"
        " FROM people"
        + hours
    )
    # The common table `people` precedes the totals, and so do its parameters.
    return sql, held_params + params, width


def company_rows(rows) -> list[dict]:
    """{code, libelle, heures} per company (code: SIRET, or the record's number), most
    hours first."""
    result = [
        {"code": row["siret"] or f"organisation-{row['company']}", "libelle": row["name"],
         "heures": round_hours(row["heures"])}
        for row in rows if row["company"] is not None
    ]
    return sorted(result, key=lambda row: (-row["heures"], row["libelle"], row["code"]))


def _count(value) -> int:
    return int(value or 0)


def _query(scope: Scope) -> list[tuple]:
    template, params, _ = _statement(connection.vendor)
    rows_sql, rows_params = _rows(scope).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(template.replace("{rows}", rows_sql), [*rows_params, *params])
        return cursor.fetchall()


def _breakdown(choices, hours: dict, people: dict) -> list[dict]:
    return [
        {"code": value, "libelle": str(label), "heures": round_hours(hours.get(value, ZERO)),
         "personnes": people.get(value, 0)}
        for value, label in choices
    ]


def people_figures(scope: Scope) -> dict:
    """Hours of the period (the companies' too), people, their typology and the
    modalities, laid out as compute_bilan gives them."""
    totals = None
    companies, by_modality, by_contract = [], {}, {}
    hours = {"worked": ZERO, "training": ZERO, Modality: {}, ContractType: {}}
    for kind, pk, name, extra, *values in _query(scope):
        if kind == TOTALS:
            totals = values
        elif kind == HOURS:
            worked, training = as_decimal(values[0]), as_decimal(values[1])
            hours["worked"] += worked
            hours["training"] += training
            for choices, value in ((Modality, name), (ContractType, extra)):
                hours[choices][value] = hours[choices].get(value, ZERO) + worked + training
        elif kind == MODALITY:
            by_modality[name] = _count(values[0])
        elif kind == CONTRACT:
            by_contract[name] = _count(values[0])
        elif kind == COMPANY:
            companies.append({"company": pk, "name": name, "siret": extra,
                              "heures": as_decimal(values[0])})
    counts = iter(_count(value) for value in totals)
    people, placements, derogation, qpv = next(counts), next(counts), next(counts), next(counts)
    sexes = {value or UNKNOWN: next(counts) for value in SEXES}
    ages = {band.value: next(counts) for band in AGE_BANDS}
    diplomas = {value or UNKNOWN: next(counts) for value in DIPLOMAS}
    criteria = {value: next(counts) for value in EligibilityCriterion.values}
    if connection.vendor == "postgresql":
        by_modality = {value: next(counts) for value in Modality.values}
        by_contract = {value: next(counts) for value in ContractType.values}

    by_criterion = choice_rows(EligibilityCriterion.choices, criteria, "personnes")
    by_criterion.append({
        "code": "derogation", "libelle": "Dérogation (éligibilité accordée hors critères)",
        "personnes": derogation,
    })
    age_labels = [(band.value, band.label) for band in AgeBand]
    typology = {
        "par_critere": by_criterion,
        "par_sexe": choice_rows(Sex.choices, sexes, "personnes", unknown=True),
        "par_tranche_age": choice_rows(age_labels, ages, "personnes"),
        "par_niveau_diplome": choice_rows(DiplomaLevel.choices, diplomas, "personnes",
                                          unknown=True),
        "par_residence_qpv": [
            {"code": "qpv", "libelle": "Habite un quartier prioritaire (QPV)",
             "personnes": qpv},
            {"code": "hors_qpv", "libelle": "N'habite pas un quartier prioritaire",
             "personnes": people - qpv},
        ],
    }
    worked, training = round_hours(hours["worked"]), round_hours(hours["training"])
    modalities = {
        "par_modalite": _breakdown(Modality.choices, hours[Modality], by_modality),
        "par_type_contrat": _breakdown(ContractType.choices, hours[ContractType], by_contract),
    }
    return {
        "hours": {"travaillees": worked, "formation": training, "total": worked + training,
                  "par_entreprise": company_rows(companies)},
        "people": {"total": people, "placements": placements},
        "typology": typology,
        "modalities": modalities,
    }
