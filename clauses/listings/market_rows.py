"""The rows of one page of /espace/marches/: what the table shows of each market, read
as plain values in two queries whatever the page (its markets with their hours, then
their other territories), with no model instance built per row.

The XLSX and CSV files of the list (clauses.listings.markets.MarketListing) read the
same totals through `progress.market_queryset_for_listing`."""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, numberformat
from django.utils.safestring import SafeString

from clauses import progress
from clauses.enums import Feasibility, MarketStatus
from clauses.models import Market
from portal.core import precompiled
from portal.core.markup import format_markup

# A row of the table of clauses/templates/clauses/market_list.html, written here rather
# than in the template: there, the fifty rows of a page cost more to render than the
# rest of the page.
_ROW = (
    "\n            <tr>\n"
    '                <td><a href="{url}">{reference}</a></td>\n'
    "                <td>{title}\n"
    "                    {flag}</td>\n"
    "                <td>{buyer}</td>\n"
    "                <td>{territories}</td>\n"
    "                <td>{year}</td>\n"
    "                <td>{state}</td>\n"
    '                <td class="num">{required}</td>\n'
    '                <td class="num">{done}</td>\n'
    "            </tr>\n        "
)
_LATE = SafeString(
    '<span class="badge badge-warning" title="Le facilitateur n\'a pas été consulté au '
    'moins 20 jours avant le DCE">Consultation tardive</span>'
)


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

    @property
    def html(self) -> SafeString:
        """The row of the table (every value escaped by format_markup)."""
        return format_markup(
            _ROW, url=self.url, reference=self.reference, title=self.title,
            flag=_LATE if self.consultation_flag else "", buyer=self.buyer,
            territories=self.territories, year=str(self.programme_year), state=self.state,
            required=self.required_hours_text, done=self.done_hours_text,
        )


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


COLUMNS = (
    "pk", "reference", "title", "programme_year", "status", "feasibility",
    "consultation_flag", "required_hours_total", "done_hours_total",
    "buyer__name", "lead_territory__name",
)
# The two queries' SQL, kept per day (the late-consultation rule reads today's date):
# building and compiling them cost the ORM as much as the database takes to run them.
_PRECOMPILED = precompiled.Precompiled(size=8)
# What Django's SQLite backend makes of a sum of decimals (a float there).
_FROM_FLOAT = decimal.Context(prec=15).create_decimal_from_float


def _markets(in_ids, today: datetime.date):
    return progress.consultation_flagged(
        progress.with_market_totals(Market.objects.filter(in_ids)), today
    ).order_by().values(*COLUMNS)


def _territories(in_ids):
    return (Market.territories.through.objects.filter(in_ids)
            .order_by("territory__name").values("market_id", "territory__name"))


def _read(ids: list[int], today: datetime.date) -> tuple[list[dict], list[dict]]:
    """The markets' rows and their other territories' (by name), as plain values."""
    if not precompiled.supported():
        return (list(_markets(Q(pk__in=ids), today)),
                list(_territories(Q(market_id__in=ids))))
    markets = _PRECOMPILED.rows(
        ("market-rows", today),
        lambda slot: _markets(precompiled.InIds("pk", slot), today), [ids])
    territories = _PRECOMPILED.rows(
        ("market-territories",),
        lambda slot: _territories(precompiled.InIds("market_id", slot)), [ids])
    # The database's own values, as Django's would convert them: SQLite gives the
    # flag as 0 or 1 and the sums as numbers.
    for market in markets:
        market["consultation_flag"] = bool(market["consultation_flag"])
        for total in ("required_hours_total", "done_hours_total"):
            if not isinstance(market[total], Decimal):
                market[total] = _FROM_FLOAT(market[total])
    return markets, territories


def market_rows(ids: list[int], today: datetime.date) -> list[MarketRow]:
    """The rows of the markets `ids`, in that order (put back in Python: no sort in the
    database)."""
    if not ids:
        return []
    markets, territories = _read(ids, today)
    others: dict[int, list[str]] = defaultdict(list)
    for territory in territories:
        others[territory["market_id"]].append(territory["territory__name"])
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
