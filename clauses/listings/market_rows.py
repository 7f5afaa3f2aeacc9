"""The rows of one page of /espace/marches/: what the table shows of each market, read
as plain values in two queries whatever the page (its markets with their hours, then
their other territories), with no model instance built per row.

The XLSX and CSV files of the list (clauses.listings.markets.MarketListing) read the
same totals through `progress.market_queryset_for_listing`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import formats, numberformat

from clauses import progress
from clauses.enums import Feasibility, MarketStatus
from clauses.models import Market


@dataclass(frozen=True)
class MarketRow:
    pk: int
    reference: str
    title: str
    url: str
    buyer: str
    # The lead territory first, then the others in the order of their names.
    territories: str
    programme_year: int
    # The state as read: "Prévision", "Opportunité étudiée (faisable)"…
    state: str
    consultation_flag: bool
    required_hours_total: Decimal
    done_hours_total: Decimal
    # The totals in whole hours, grouped by thousands (as floatformat:"0g" shows them).
    required_hours_text: str
    done_hours_text: str


class _WholeHours:
    """floatformat:"0g" for many numbers: the locale's separators read once."""

    def __init__(self):
        self.decimal = formats.get_format("DECIMAL_SEPARATOR")
        self.grouping = formats.get_format("NUMBER_GROUPING")
        self.thousands = formats.get_format("THOUSAND_SEPARATOR")

    def __call__(self, value: Decimal) -> str:
        whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return numberformat.format(int(whole), self.decimal, 0, self.grouping, self.thousands,
                                   force_grouping=True)


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:  # a value outside the choices shows as stored, as Django does
        return value


def _state(status: str, feasibility: str) -> str:
    # What get_status_display and get_feasibility_display would show.
    label = _label(MarketStatus, status)
    if feasibility:
        label = f"{label} ({_label(Feasibility, feasibility).lower()})"
    return label


def market_rows(ids: list[int], today: datetime.date) -> list[MarketRow]:
    """The rows of the markets `ids`, in that order (put back in Python: no sort in the
    database)."""
    if not ids:
        return []
    markets = progress.consultation_flagged(
        progress.with_market_totals(Market.objects.filter(pk__in=ids)), today
    ).order_by().values(
        "pk", "reference", "title", "programme_year", "status", "feasibility",
        "consultation_flag", "required_hours_total", "done_hours_total",
        "buyer__name", "lead_territory__name",
    )
    others: dict[int, list[str]] = defaultdict(list)
    for market_id, name in (
        Market.territories.through.objects.filter(market_id__in=ids)
        .order_by("territory__name").values_list("market_id", "territory__name")
    ):
        others[market_id].append(name)
    # One reversal for the page rather than one per row: the detail address of a
    # market is the same pattern with its id.
    prefix, suffix = reverse("clauses:market_detail", args=[0]).rsplit("/0/", 1)
    whole_hours = _WholeHours()
    by_id = {}
    for m in markets:
        by_id[m["pk"]] = MarketRow(
            pk=m["pk"],
            reference=m["reference"],
            title=m["title"],
            url=f"{prefix}/{m['pk']}/{suffix}",
            buyer=m["buyer__name"],
            territories=", ".join([m["lead_territory__name"], *others[m["pk"]]]),
            programme_year=m["programme_year"],
            state=_state(m["status"], m["feasibility"]),
            consultation_flag=m["consultation_flag"],
            required_hours_total=m["required_hours_total"],
            done_hours_total=m["done_hours_total"],
            required_hours_text=whole_hours(m["required_hours_total"]),
            done_hours_text=whole_hours(m["done_hours_total"]),
        )
    return [by_id[pk] for pk in ids if pk in by_id]
