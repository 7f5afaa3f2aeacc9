"""The seven indicators of the yearly bilan (Bourgogne convention, art. 3), in SQL.

Three aggregate queries in all, whatever the amount of data; Python only reads the handful
of result rows and lays them out with French labels. Definitions, for a scope and a period:

- a market counts when it has a clause and was in execution during the period (its
  execution dates meet the period) or had hours declared in it;
- hours are those of the monthly declarations of the period *credited* to the scope's
  clauses (globalised hours count where the agreement puts them);
- a person employed is a beneficiary with hours in the period, counted once however
  many placements or markets;
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

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from clauses.bilans.markets import markets_and_clauses
from clauses.bilans.people import company_rows, people_figures
from clauses.bilans.queries import UNKNOWN, ended_placements
from clauses.bilans.scopes import Scope
from clauses.enums import OutcomeCategory, OutcomeMoment

__all__ = ["INDICATORS", "INDICATOR_LABELS", "company_of", "company_rows", "compute_bilan"]

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

# Whose hours these are: the contractor of the credited clause's lot, or the placement's
# employer for a clause on a whole market.
COMPANY = ("credited_clause__lot__contractor", "placement__employer")


def company_of(prefix: str = "", field: str = "") -> Coalesce:
    suffix = f"__{field}" if field else ""
    return Coalesce(*(f"{prefix}{path}{suffix}" for path in COMPANY))


# --- 7: outcomes (1 and 2: clauses.bilans.markets; 3 to 6: clauses.bilans.people) -----


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
    French labels, top-level keys exactly INDICATORS. Three aggregate queries, whatever
    the amount of data."""
    market_figures, clause_typology, required, cumulated = markets_and_clauses(scope)
    figures = people_figures(scope)
    period_hours = figures["hours"]
    rate = (
        (cumulated * 100 / required).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if required else None
    )
    hours = {
        "travaillees": period_hours["travaillees"],
        "formation": period_hours["formation"],
        "total": period_hours["total"],
        "exigees": required,
        "realisees_cumulees": cumulated,
        "taux_realisation": rate,
        "par_entreprise": period_hours["par_entreprise"],
    }
    return {
        "marches_avec_clause": market_figures,
        "typologie_clauses": clause_typology,
        "heures_realisees": hours,
        "personnes": figures["people"],
        "typologie_beneficiaires": figures["typology"],
        "modalites": figures["modalities"],
        "situations": outcomes(scope),
    }
