"""A market's bilan for its buyer: what its PDF and its DOCX both show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from clauses import progress
from clauses.bilans import exports
from clauses.bilans.enums import ScopeKind
from clauses.bilans.scopes import Period, Scope, ScopeError, parse_year
from clauses.bilans.secrecy import bilan_for
from clauses.models import HoursDeclaration, Market

ZERO = Decimal("0.00")
# A market followed for ten years at most fills the table; beyond, the last months.
MAX_MONTHS = 120


@dataclass(frozen=True)
class ClauseRow:
    label: str
    legal_basis: str
    period: str
    required: Decimal
    done: Decimal

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.done, self.required)

    @property
    def cells(self) -> list[str]:
        """The row as the documents write it, in French."""
        return [self.label, self.legal_basis, self.period, fr(self.required), fr(self.done),
                fr_percent(self.percent)]


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    worked: Decimal
    training: Decimal
    cumulated: Decimal
    required: Decimal

    @property
    def total(self) -> Decimal:
        return self.worked + self.training

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.cumulated, self.required)

    @property
    def cells(self) -> list[str]:
        return [f"{self.month:%m/%Y}", fr(self.worked), fr(self.training), fr(self.total),
                fr(self.cumulated), fr_percent(self.percent)]


@dataclass
class MarketBilan:
    market: Market
    scope: Scope
    sections: list
    clauses: list[ClauseRow]
    months: list[MonthRow]
    required: Decimal
    done_before: Decimal
    generated_on: datetime.date
    comment: str = ""
    comment_by: str = ""
    comment_at: datetime.datetime | None = None
    territories: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Bilan de la clause sociale — marché {self.market.reference}"

    @property
    def filename_stem(self) -> str:
        when = "" if self.scope.period.start is None else f"-{self.scope.period.start.year}"
        return f"bilan-marche-{self.market.pk}{when}"

    @property
    def done(self) -> Decimal:
        return self.months[-1].cumulated if self.months else self.done_before

    @property
    def summary(self) -> list[tuple[str, str]]:
        """The few lines that open the document."""
        market = self.market
        lines = [
            ("Marché", f"{market.reference} — {market.title}"),
            ("Acheteur", str(market.buyer)),
            ("Territoire pilote", str(market.lead_territory)),
        ]
        if self.territories:
            lines.append(("Autres territoires", ", ".join(self.territories)))
        lines += [
            ("Exécution", f"{_date(market.execution_starts_on)} → "
                          f"{_date(market.execution_ends_on)}"),
            ("Période du bilan", self.scope.period.label),
            ("Heures exigées par les clauses", f"{fr(self.required)} h"),
            ("Heures réalisées (cumul à la fin de la période)", f"{fr(self.done)} h"),
            ("Taux de réalisation", fr_percent(_percent(self.done, self.required))),
            ("Établi le", f"{self.generated_on:%d/%m/%Y}"),
        ]
        return lines

    @property
    def comment_signature(self) -> str:
        if not self.comment:
            return ""
        parts = [self.comment_by] if self.comment_by else []
        if self.comment_at:
            parts.append(f"le {timezone.localtime(self.comment_at):%d/%m/%Y}")
        return ", ".join(parts)


CLAUSE_HEADINGS = ["Clause", "Fondement juridique", "Période", "Heures exigées",
                   "Heures réalisées", "Réalisation"]
MONTH_HEADINGS = ["Mois", "Heures travaillées", "Heures de formation", "Total du mois",
                  "Cumul", "Cumul ÷ exigées"]


def fr(value) -> str:
    """Hours in French, with their cents written alike in every row (382,50)."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        value = value.quantize(Decimal("0.01"))
    return exports.display(value)


def fr_percent(value) -> str:
    return "—" if value is None else f"{exports.display(value)} %"


def _percent(done: Decimal, required: Decimal) -> Decimal | None:
    if not required:
        return None
    return (done * 100 / required).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _date(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def period_of(raw_year: str | None) -> Period:
    """The whole life of the market, or one year ("annee=2025"); ScopeError otherwise."""
    if raw_year in (None, "", "tout"):
        return Period()
    return Period.year(parse_year(raw_year))


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_rows(market: Market, period: Period, required: Decimal) -> tuple[Decimal, list]:
    """Hours credited to the market's clauses month by month within `period` (one grouped
    query, and one sum of the months before it), months without hours included."""
    credited = HoursDeclaration.objects.filter(credited_clause__market=market).order_by()
    before = ZERO
    if period.start:
        before = credited.filter(month__lt=period.first_month).aggregate(
            total=Sum(progress.declared_hours(), output_field=progress.HOURS)
        )["total"] or ZERO
    sums = {
        row["month"]: row
        for row in credited.filter(period.months_q()).values("month").annotate(
            worked=Sum("hours_worked"), training=Sum("training_hours")
        )
    }
    if not sums:
        return before, []
    month, last = min(sums), max(sums)
    months = []
    while month <= last:
        months.append(month)
        month = _next_month(month)
    rows, cumulated = [], before
    for month in months:
        row = sums.get(month, {})
        worked, training = row.get("worked") or ZERO, row.get("training") or ZERO
        cumulated += worked + training
        rows.append(MonthRow(month, worked, training, cumulated, required))
    return before, rows[-MAX_MONTHS:]


def clause_rows(market: Market, today: datetime.date) -> list[ClauseRow]:
    clauses = progress.with_progress(market.clauses.select_related("lot"), today)
    rows = []
    for clause in clauses:
        label = (f"Lot {clause.lot.number} — {clause.lot.title}" if clause.lot_id
                 else "Clause du marché")
        start, end = clause.period_start, clause.period_end
        when = (f"{start:%d/%m/%Y} → {end:%d/%m/%Y}" if start and end
                else f"depuis le {start:%d/%m/%Y}" if start else "—")
        rows.append(ClauseRow(label, clause.get_legal_basis_display(), when,
                              clause.required_hours or ZERO, clause.done_hours or ZERO))
    return rows


def market_bilan(user, market: Market, period: Period, where: str) -> MarketBilan:
    """The bilan of `market` over `period` as `user` may read it (the caller has checked
    that they may see the market); reading a small breakdown is logged as `where`."""
    today = timezone.localdate()
    scope = Scope(ScopeKind.MARKET, market, period)
    bilan = bilan_for(user, scope, where=where)
    clauses = clause_rows(market, today)
    required = sum((c.required for c in clauses), ZERO)
    before, months = month_rows(market, period, required)
    author = market.bilan_comment_by
    return MarketBilan(
        market=market,
        scope=scope,
        sections=exports.sections(bilan),
        clauses=clauses,
        months=months,
        required=required,
        done_before=before,
        generated_on=today,
        comment=market.bilan_comment,
        comment_by=(author.get_full_name() or author.get_username()) if author else "",
        comment_at=market.bilan_comment_at,
        territories=[str(t) for t in market.territories.all()],
    )


__all__ = ["MarketBilan", "ScopeError", "market_bilan", "period_of"]
