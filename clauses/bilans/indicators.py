"""The seven indicators of the yearly bilan (Bourgogne convention, art. 3), in SQL.

Six aggregate queries in all, whatever the amount of data; Python only reads the handful
of result rows and lays them out with French labels. Definitions, for a scope and a period:

- a market counts when it has a clause and was in execution during the period (its
  execution dates meet the period) or had hours declared in it;
- hours are those of the monthly declarations of the period *credited* to the scope's
  clauses (globalised hours count where the agreement puts them);
- a person employed is a beneficiary with hours in the period, counted once however
  many placements or markets (COUNT DISTINCT);
- their typology is read at their first placement with hours in the period (age band
  computed from the birth date at that placement's start);
- outcomes are those of the placements that ended during the period (and their people
  are counted, since a breakdown of fewer than five people is a statistical secret, see
  clauses.bilans.secrecy);
- the buyers are those of the markets counted, the companies the contractors of their
  clauses (the lot's, or for a clause on a whole market, its lots'), and the hours per
  company those credited to the clauses of each contractor (to the placement's employer
  for a clause on a whole market).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from clauses.bilans.enums import AgeBand
from clauses.bilans.markets import markets_and_clauses
from clauses.bilans.queries import (
    AGE_26,
    AGE_50,
    HOURS,
    UNKNOWN,
    choice_rows,
    ended_placements,
    hours_within,
    period_people,
    round_hours,
    sum_hours,
    ymd,
)
from clauses.bilans.scopes import Scope
from clauses.enums import (
    ContractType,
    DiplomaLevel,
    EligibilityCriterion,
    Modality,
    OutcomeCategory,
    OutcomeMoment,
    Sex,
)
from clauses.models import BeneficiaryCriterion
from network.models import Organisation

INDICATORS = (
    "marches_avec_clause",
    "typologie_clauses",
    "heures_realisees",
    "personnes",
    "typologie_beneficiaires",
    "modalites",
    "situations",
)
INDICATOR_LABELS = {
    "marches_avec_clause": "Nombre de marchés avec clause sociale",
    "typologie_clauses": "Typologie des clauses sociales mises en œuvre",
    "heures_realisees": "Nombre d'heures réalisées",
    "personnes": "Nombre de personnes mises à l'emploi",
    "typologie_beneficiaires": "Typologie des bénéficiaires",
    "modalites": "Modalités d'application de la clause",
    "situations": "Situation des personnes ayant bénéficié de la clause",
}

# --- Hours per company ------------------------------------------------------------------

# Whose hours these are: the contractor of the credited clause's lot, or the placement's
# employer for a clause on a whole market.
COMPANY = ("credited_clause__lot__contractor", "placement__employer")


def company_of(prefix: str = "", field: str = "") -> Coalesce:
    suffix = f"__{field}" if field else ""
    return Coalesce(*(f"{prefix}{path}{suffix}" for path in COMPANY))


def hours_by_company(scope: Scope) -> list[dict]:
    """Hours of the period per company, most first: one grouped read of the placements'
    years (maintained figures, which keep the placement's employer), then one of the
    companies' names and SIRET."""
    period = scope.period
    both = ExpressionWrapper(
        hours_within("worked", period) + hours_within("training", period), output_field=HOURS
    )
    # Grouped by the company's id alone, then joined to the companies: the grouped rows
    # are few. Only a table name and SQL compiled by Django are interpolated.
    grouped_sql, params = (
        period_people(scope).order_by()
        .values(company=Coalesce("credited_clause__lot__contractor_id", "employer_id"))
        .annotate(heures=sum_hours(both))
    ).query.sql_with_params()
    sql = (
        "SELECT o.id, o.name, o.siret, g.heures"  # noqa: S608
        f" FROM ({grouped_sql}) g"
        f" JOIN {Organisation._meta.db_table} o ON o.id = g.company"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return company_rows(
        {"company": pk, "name": name, "siret": siret, "heures": _decimal(hours)}
        for pk, name, siret, hours in rows
    )


def _decimal(value) -> Decimal:
    """A sum as the database gives it (Decimal on PostgreSQL, a number on SQLite)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def company_rows(rows) -> list[dict]:
    """{code, libelle, heures} per company (code: SIRET, or the record's number)."""
    result = [
        {"code": row["siret"] or f"organisation-{row['company']}", "libelle": row["name"],
         "heures": round_hours(row["heures"])}
        for row in rows if row["company"] is not None
    ]
    return sorted(result, key=lambda row: (-row["heures"], row["libelle"], row["code"]))


# --- 3, 4 and 6: hours, people and modalities ------------------------------------------

BREAKDOWNS = {
    "par_modalite": ("modality", Modality.choices),
    "par_type_contrat": ("contract_type", ContractType.choices),
}


def period_figures(scope: Scope, required: Decimal, cumulated: Decimal) -> tuple[dict, dict, dict]:
    """Hours of the period (and `cumulated`, those of the counted clauses from their start
    to the period's end, against `required`) and distinct people, both by modality and by
    contract type: one read of the placements' years of the period (a person counts
    once)."""
    period = scope.period
    worked, training = hours_within("worked", period), hours_within("training", period)
    both = ExpressionWrapper(worked + training, output_field=HOURS)
    aggregates = {
        "in_period_worked": sum_hours(worked),
        "in_period_training": sum_hours(training),
        "people": Count("beneficiary", distinct=True),
        "placements": Count("placement", distinct=True),
    }
    for name, (column, choices) in BREAKDOWNS.items():
        for i, (value, _) in enumerate(choices):
            only = Q(**{column: value})
            aggregates[f"{name}_h{i}"] = sum_hours(both, filter=only)
            aggregates[f"{name}_p{i}"] = Count("beneficiary", distinct=True, filter=only)
    figures = period_people(scope).aggregate(**aggregates)

    worked = round_hours(figures["in_period_worked"])
    training = round_hours(figures["in_period_training"])
    rate = (
        (cumulated * 100 / required).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if required else None
    )
    hours = {
        "travaillees": worked,
        "formation": training,
        "total": worked + training,
        "exigees": required,
        "realisees_cumulees": cumulated,
        "taux_realisation": rate,
    }
    people = {"total": figures["people"], "placements": figures["placements"]}
    modalities = {
        name: [
            {
                "code": value,
                "libelle": str(label),
                "heures": round_hours(figures[f"{name}_h{i}"]),
                "personnes": figures[f"{name}_p{i}"],
            }
            for i, (value, label) in enumerate(choices)
        ]
        for name, (_, choices) in BREAKDOWNS.items()
    }
    return hours, people, modalities


# --- 5: who the people are ------------------------------------------------------------


def beneficiary_typology(scope: Scope) -> dict:
    return typology(period_people(scope), "beneficiary", "starts_on")


def typology(years: QuerySet, person: str, start: str) -> dict:
    """Who the people of `years` are (rows reaching each person through `person`, and
    the start of their placement through `start`), each read at their first placement."""
    # Grouped by the person's id alone (a hash on one integer): what is read of the
    # person is the same on each of their rows, so MIN gives it, and a count of rows
    # says a yes/no.
    per_person = (
        years.order_by()
        .values(person)
        .annotate(
            first_start=Min(start), p_birth=Min(f"{person}__birth_date"),
            p_sex=Min(f"{person}__sex"), p_diploma=Min(f"{person}__diploma_level"),
            p_qpv=Count(person, filter=Q(**{f"{person}__qpv_resident": True})),
            p_derogation=Count(person, filter=Q(**{f"{person}__derogation": True})),
        )
        # Computed once per person; the bands compare it outside.
        .annotate(age_key=ymd(F("first_start")) - ymd(F("p_birth")))
    )
    age_bands = {
        AgeBand.UNKNOWN.value: Q(p_birth__isnull=True),
        AgeBand.UNDER_26.value: Q(age_key__lt=AGE_26),
        AgeBand.FROM_26_TO_49.value: Q(age_key__gte=AGE_26, age_key__lt=AGE_50),
        AgeBand.FROM_50.value: Q(age_key__gte=AGE_50),
    }
    dimensions = {
        "sexe": ("p_sex", [*Sex.values, ""]),
        "age": ("age_band", AgeBand.values),
        "diplome": ("p_diploma", [*DiplomaLevel.values, ""]),
    }
    aggregates = {"derogation": Count(person, filter=Q(p_derogation__gt=0)),
                  "qpv": Count(person, filter=Q(p_qpv__gt=0)),
                  "total": Count(person)}
    for name, (column, values) in dimensions.items():
        for i, value in enumerate(values):
            only = age_bands[value] if name == "age" else Q(**{column: value})
            aggregates[f"{name}{i}"] = Count(person, filter=only)
    counted = per_person.aggregate(**aggregates)

    def counts(name):
        column, values = dimensions[name]
        return {value or UNKNOWN: counted[f"{name}{i}"] for i, value in enumerate(values)}

    criteria = dict(
        BeneficiaryCriterion.objects.filter(beneficiary__in=years.values(person))
        .order_by().values("criterion")
        # One row per person and criterion (a unique constraint): no DISTINCT to sort.
        .annotate(people=Count("pk"))
        .values_list("criterion", "people")
    )
    by_criterion = choice_rows(EligibilityCriterion.choices, criteria, "personnes")
    by_criterion.append({
        "code": "derogation", "libelle": "Dérogation (éligibilité accordée hors critères)",
        "personnes": counted["derogation"],
    })
    age_labels = [(band.value, band.label) for band in AgeBand]
    return {
        "par_critere": by_criterion,
        "par_sexe": choice_rows(Sex.choices, counts("sexe"), "personnes", unknown=True),
        "par_tranche_age": choice_rows(age_labels, counts("age"), "personnes"),
        "par_niveau_diplome": choice_rows(DiplomaLevel.choices, counts("diplome"), "personnes",
                                    unknown=True),
        "par_residence_qpv": [
            {"code": "qpv", "libelle": "Habite un quartier prioritaire (QPV)",
             "personnes": counted["qpv"]},
            {"code": "hors_qpv", "libelle": "N'habite pas un quartier prioritaire",
             "personnes": counted["total"] - counted["qpv"]},
        ],
    }


# --- 7: outcomes ----------------------------------------------------------------------


def outcomes(scope: Scope) -> dict:
    ended = ended_placements(scope)
    moments = list(OutcomeMoment)
    categories = list(OutcomeCategory)
    aggregates = {"ended": Count("pk", distinct=True),
                  "people": Count("beneficiary", distinct=True)}
    for i, moment in enumerate(moments):
        for j, category in enumerate(categories):
            aggregates[f"o{i}_{j}"] = Count(
                "outcomes", filter=Q(outcomes__moment=moment, outcomes__category=category)
            )
    counted = ended.aggregate(**aggregates)
    result: dict = {"placements_termines": counted["ended"], "personnes": counted["people"]}
    keys = {OutcomeMoment.END: "a_la_fin", OutcomeMoment.SIX_MONTHS: "a_six_mois"}
    for i, moment in enumerate(moments):
        rows = [
            {"code": category.value, "libelle": category.label,
             "sorties": counted[f"o{i}_{j}"]}
            for j, category in enumerate(categories)
        ]
        known = sum(row["sorties"] for row in rows)
        rows.append({
            "code": UNKNOWN, "libelle": "Non renseignée (ou pas encore due)",
            "sorties": counted["ended"] - known,
        })
        result[keys[moment]] = rows
    return result


# --- The bilan ------------------------------------------------------------------------


def compute_bilan(scope: Scope) -> dict:
    """The seven indicators of `scope`: plain dicts and lists of numbers (Decimal hours),
    French labels, top-level keys exactly INDICATORS. Six aggregate queries, whatever
    the amount of data."""
    market_figures, clause_typology, required, cumulated = markets_and_clauses(scope)
    hours, people, modalities = period_figures(scope, required, cumulated)
    hours["par_entreprise"] = hours_by_company(scope)
    return {
        "marches_avec_clause": market_figures,
        "typologie_clauses": clause_typology,
        "heures_realisees": hours,
        "personnes": people,
        "typologie_beneficiaires": beneficiary_typology(scope),
        "modalites": modalities,
        "situations": outcomes(scope),
    }
