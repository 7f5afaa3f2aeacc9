"""The seven indicators of the yearly bilan (Bourgogne convention, art. 3).

Five queries in all, whatever the amount of data: the markets, the people's criteria and
the outcomes aggregated in SQL, one read of the period's placement-years (about one row
per person) added up in Python (clauses.bilans.people), and the names of the companies
with hours; the results are laid out with French labels. Definitions, for
a scope and a period:

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

from django.db.models import (
    Count,
    F,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from clauses.bilans.enums import AgeBand
from clauses.bilans.markets import markets_and_clauses
from clauses.bilans.people import BREAKDOWNS, DIMENSIONS, counted_people
from clauses.bilans.queries import (
    AGE_26,
    AGE_50,
    UNKNOWN,
    choice_rows,
    ended_placements,
    period_people,
    round_hours,
    ymd,
)
from clauses.bilans.scopes import Scope
from clauses.enums import (
    DiplomaLevel,
    EligibilityCriterion,
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


def hours_by_company(hours: dict) -> list[dict]:
    """The rows of `hours` (hours per organisation id), with each company's name and
    SIRET (one read of those companies), most hours first."""
    named = Organisation.objects.filter(pk__in=[pk for pk in hours if pk is not None])
    return company_rows(
        {"company": pk, "name": name, "siret": siret, "heures": hours[pk]}
        for pk, name, siret in named.values_list("pk", "name", "siret")
    )


def company_rows(rows) -> list[dict]:
    """{code, libelle, heures} per company (code: SIRET, or the record's number)."""
    result = [
        {"code": row["siret"] or f"organisation-{row['company']}", "libelle": row["name"],
         "heures": round_hours(row["heures"])}
        for row in rows if row["company"] is not None
    ]
    return sorted(result, key=lambda row: (-row["heures"], row["libelle"], row["code"]))


# --- 3, 4, 5 and 6: hours, people, who they are and modalities ------------------------


def period_figures(scope: Scope, required: Decimal, cumulated: Decimal) -> tuple[dict, ...]:
    """Hours of the period (and `cumulated`, those of the counted clauses from their start
    to the period's end, against `required`), distinct people by modality and by contract
    type, and who they are: one read of the placements' years of the period
    (clauses.bilans.people), and one of the people's criteria."""
    figures = counted_people(scope)
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
    hours["par_entreprise"] = hours_by_company(figures["companies"])
    people = {"total": figures["total"], "placements": figures["placements"]}
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
    return hours, people, modalities, typology_layout(period_people(scope), "beneficiary",
                                                      figures)


# --- 5: who the people are ------------------------------------------------------------


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
    aggregates = {"derogation": Count(person, filter=Q(p_derogation__gt=0)),
                  "qpv": Count(person, filter=Q(p_qpv__gt=0)),
                  "total": Count(person)}
    for name, (column, values) in DIMENSIONS.items():
        for i, value in enumerate(values):
            only = age_bands[value] if name == "age" else Q(**{column: value})
            aggregates[f"{name}{i}"] = Count(person, filter=only)
    return typology_layout(years, person, per_person.aggregate(**aggregates))


def typology_layout(years: QuerySet, person: str, counted: dict) -> dict:
    """The typology laid out from its counts (`counted`, see typology), and the people of
    `years` (reaching each through `person`) by eligibility criterion."""

    def counts(name):
        column, values = DIMENSIONS[name]
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
    French labels, top-level keys exactly INDICATORS. Five queries, whatever
    the amount of data."""
    market_figures, clause_typology, required, cumulated = markets_and_clauses(scope)
    hours, people, modalities, people_typology = period_figures(scope, required, cumulated)
    return {
        "marches_avec_clause": market_figures,
        "typologie_clauses": clause_typology,
        "heures_realisees": hours,
        "personnes": people,
        "typologie_beneficiaires": people_typology,
        "modalites": modalities,
        "situations": outcomes(scope),
    }
