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

from django.db import connection
from django.db.models.functions import Coalesce

from clauses.bilans.markets import markets_and_clauses
from clauses.bilans.people import company_rows, people_figures
from clauses.bilans.queries import UNKNOWN, ended_placements
from clauses.bilans.scopes import Scope
from clauses.enums import OutcomeCategory, OutcomeMoment
from clauses.models import Outcome

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


def _outcome_counts(scope: Scope) -> tuple[int, int, dict]:
    """The placements that ended during the period, their people, and their outcomes per
    (moment, category): one statement around the ended placements compiled by Django.
    The placements are counted without a join (one row each), the outcomes grouped by
    two columns, rather than a distinct count of a join and a filter per pair."""
    ended_sql, params = (
        ended_placements(scope).order_by().values("id", "beneficiary_id").query.sql_with_params()
    )
    # Only a table name and SQL compiled by Django are interpolated.
    sql = (
        f"SELECT NULL, NULL, COUNT(*), COUNT(DISTINCT e.beneficiary_id) FROM ({ended_sql}) e"  # noqa: S608
        f" UNION ALL SELECT o.moment, o.category, COUNT(*), NULL FROM {Outcome._meta.db_table} o"
        f" JOIN ({ended_sql}) e ON e.id = o.placement_id GROUP BY o.moment, o.category"
    )
    ended = people = 0
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        for moment, category, count, distinct in cursor.fetchall():
            if moment is None:
                ended, people = int(count), int(distinct)
            else:
                counts[moment, category] = int(count)
    return ended, people, counts


def outcomes(scope: Scope) -> dict:
    ended, people, counted = _outcome_counts(scope)
    moments = list(OutcomeMoment)
    categories = list(OutcomeCategory)
    result: dict = {"placements_termines": ended, "personnes": people}
    keys = {OutcomeMoment.END: "a_la_fin", OutcomeMoment.SIX_MONTHS: "a_six_mois"}
    for moment in moments:
        rows = [
            {"code": category.value, "libelle": category.label,
             "sorties": counted.get((moment.value, category.value), 0)}
            for category in categories
        ]
        known = sum(row["sorties"] for row in rows)
        rows.append({
            "code": UNKNOWN, "libelle": "Non renseignée (ou pas encore due)",
            "sorties": ended - known,
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
