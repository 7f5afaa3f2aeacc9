"""Public key figures: hours, people, markets and companies by year and territory, for
everyone.

No cell may let anyone single a person out:
- a territory's hours and people are hidden in a year when it employed fewer than
  MIN_PEOPLE people (primary secrecy);
- when hidden cells could be worked out from the national total (one hidden cell, or
  hidden cells that add up to fewer than MIN_PEOPLE people), the smallest shown cells
  of that year are hidden too (secondary secrecy), until the hidden ones together hold
  at least MIN_PEOPLE people.
Markets and companies are not people: their counts stay. A company is the contractor
of the credited clause's lot (the placement's employer for a clause on a whole market),
as in the bilans. Figures count the markets' pilot territory, as the bilans do. Two
aggregate queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from clauses.bilans.exports import display
from clauses.bilans.indicators import company_of
from clauses.bilans.queries import declared_hours, round_hours, sum_hours
from clauses.bilans.secrecy import MIN_PEOPLE
from clauses.models import HoursDeclaration
from network.models import Territory
from portal.core.tabular import write_csv

CACHE_KEY = "clauses:bilans:chiffres-cles"
NATIONAL_LABEL = "Ensemble des territoires"
CSV_COLUMNS = ("annee", "territoire", "territoire_identifiant", "heures_realisees",
               "personnes", "marches_avec_heures", "entreprises", "secret_statistique")


@dataclass
class Cell:
    year: int
    territory: str
    territory_slug: str
    hours: Decimal
    people: int
    markets: int
    companies: int
    hidden: bool = False

    @property
    def hours_value(self) -> str:
        return f"{self.hours:f}"

    @property
    def hours_display(self) -> str:
        return display(self.hours)

    @property
    def people_display(self) -> str:
        return display(self.people)

    @property
    def markets_display(self) -> str:
        return display(self.markets)

    @property
    def companies_display(self) -> str:
        return display(self.companies)


@dataclass
class YearFigures:
    year: int
    territories: list[Cell]
    total: Cell


def _measures():
    return {
        "hours": sum_hours(declared_hours()),
        "people": Count("placement__beneficiary", distinct=True),
        "markets": Count("credited_clause__market", distinct=True),
        "companies": Count(company_of(), distinct=True),
    }


def _suppress(cells: list[Cell], total: Cell) -> None:
    for cell in cells:
        cell.hidden = cell.people < MIN_PEOPLE
    hidden = [cell for cell in cells if cell.hidden]
    if hidden:
        shown = sorted((c for c in cells if not c.hidden), key=lambda c: (c.people, c.hours))
        while shown and (len(hidden) == 1 or sum(c.people for c in hidden) < MIN_PEOPLE):
            cell = shown.pop(0)
            cell.hidden = True
            hidden.append(cell)
    total.hidden = total.people < MIN_PEOPLE


def compute_key_figures() -> list[YearFigures]:
    """Every year with hours, newest first, each with its territories and national total."""
    declarations = HoursDeclaration.objects.order_by().annotate(year=ExtractYear("month"))
    by_territory = list(
        declarations.values("year", territory_id=F("credited_clause__market__lead_territory"))
        .annotate(**_measures())
    )
    totals = {row["year"]: row for row in declarations.values("year").annotate(**_measures())}
    territories = {
        t.pk: t for t in Territory.objects.filter(
            pk__in={row["territory_id"] for row in by_territory}
        ).only("name", "slug")
    }
    years: dict[int, list[Cell]] = {}
    for row in by_territory:
        territory = territories[row["territory_id"]]
        years.setdefault(int(row["year"]), []).append(Cell(
            int(row["year"]), territory.name, territory.slug, round_hours(row["hours"]),
            row["people"], row["markets"], row["companies"],
        ))
    result = []
    for year in sorted(years, reverse=True):
        cells = sorted(years[year], key=lambda c: c.territory)
        row = totals[year]
        total = Cell(year, NATIONAL_LABEL, "", round_hours(row["hours"]), row["people"],
                     row["markets"], row["companies"])
        _suppress(cells, total)
        result.append(YearFigures(year, cells, total))
    return result


def key_figures() -> list[YearFigures]:
    """compute_key_figures(), kept one cache lifetime (portal.core.cache): the page is
    public and the data yearly."""
    return cache.get_or_set(CACHE_KEY, compute_key_figures, settings.PAGE_CACHE_SECONDS)


def to_csv(figures: list[YearFigures]) -> str:
    """The open-data file: territory names are typed by people, hence the shared writer
    (a name starting with "=" must not become a formula in the reader's spreadsheet)."""
    rows = [
        (
            cell.year, cell.territory, cell.territory_slug,
            None if cell.hidden else cell.hours,
            None if cell.hidden else cell.people,
            cell.markets, cell.companies, "oui" if cell.hidden else "non",
        )
        for year in figures for cell in [*year.territories, year.total]
    ]
    return write_csv([CSV_COLUMNS, *rows])
