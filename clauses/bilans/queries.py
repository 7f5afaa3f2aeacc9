"""What the bilans count, as querysets and SQL expressions: the scope's clauses,
declarations and ended placements, hours summed in the database (clauses.bilans.indicators
lays the seven indicators out of them)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from clauses.bilans.enums import ScopeKind
from clauses.bilans.scopes import Scope
from clauses.enums import MarketStatus
from clauses.models import Clause, Placement, PlacementYear
from clauses.models.figures import ALL_MONTHS, training_column, worked_column

HOURS = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
UNKNOWN = "non_renseigne"
UNKNOWN_LABEL = "Non renseigné"
EXECUTED = (MarketStatus.IN_EXECUTION, MarketStatus.COMPLETED)
# Ages compare as YYYYMMDD integers: someone born on 2000-03-15 is 26 from 2026-03-15 on,
# i.e. when start − birth ≥ 260000. Plain EXTRACT arithmetic, the same on SQLite and
# PostgreSQL.
AGE_26 = 26 * 10000
AGE_50 = 50 * 10000


def round_hours(value) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


def as_decimal(value) -> Decimal:
    """A sum as the database gives it (Decimal on PostgreSQL, a number on SQLite; None
    for no rows)."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def declared_hours(prefix: str = "") -> ExpressionWrapper:
    return ExpressionWrapper(
        F(f"{prefix}hours_worked") + F(f"{prefix}training_hours"), output_field=HOURS
    )


def sum_hours(expression, **kwargs) -> Coalesce:
    return Coalesce(Sum(expression, output_field=HOURS, **kwargs), Value(ZERO),
                    output_field=HOURS)


class _DateDigits(Func):
    """A date as its YYYYMMDD digits, text: a native function of each database (SQLite's
    EXTRACT is a Python function called row by row)."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return Func(Value("%Y%m%d"), *self.get_source_expressions(), function="STRFTIME",
                    output_field=CharField()).as_sql(compiler, connection, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return Func(*self.get_source_expressions(), Value("YYYYMMDD"), function="TO_CHAR",
                    output_field=CharField()).as_sql(compiler, connection, **extra)


def ymd(expression):
    """A date as the integer YYYYMMDD."""
    if connection.vendor in ("sqlite", "postgresql"):
        return Cast(_DateDigits(expression), IntegerField())
    return ExtractYear(expression) * 10000 + ExtractMonth(expression) * 100 + ExtractDay(
        expression
    )


# --- Base querysets -------------------------------------------------------------------


def executed_q(period, prefix: str = "") -> Q:
    """Markets (reached through `prefix`, e.g. "market__") in execution during `period`:
    their execution dates meet it."""
    executed = Q(**{f"{prefix}status__in": EXECUTED,
                    f"{prefix}execution_starts_on__isnull": False})
    if period.end:
        executed &= Q(**{f"{prefix}execution_starts_on__lte": period.end})
    if period.start:
        executed &= Q(**{f"{prefix}execution_ends_on__gte": period.start}) | Q(**{
            f"{prefix}execution_ends_on__isnull": True,
            f"{prefix}status": MarketStatus.IN_EXECUTION,
        })
    return executed


def clauses_q(scope: Scope, path: str) -> Q:
    """Rows whose clause (reached through `path`) is one of the scope's, as a semi-join on
    clause ids: one hash probe per row rather than joins up to the market's territory."""
    if scope.kind == ScopeKind.NATIONAL:
        return Q()
    return Q(**{f"{path}__in": Clause.objects.filter(scope.markets_q("market")).values("pk")})


def _month_bits(first: int, last: int) -> int:
    """The bits of months `first` to `last` (1 to 12) of a year."""
    return sum(1 << (month - 1) for month in range(first, last + 1))


def period_bits(period) -> Case | None:
    """For a row of a year, the bits of the months of that year within `period`; None
    when every month of each of its years is in it."""
    start, end = period.start, period.end
    if (start is None or start.month == 1) and (end is None or end.month == 12):
        # Whole years: every row has a month with hours, nothing to mask.
        return None
    whens = []
    if start and end and start.year == end.year:
        whens.append(When(year=start.year, then=Value(_month_bits(start.month, end.month))))
    else:
        if start:
            whens.append(When(year=start.year, then=Value(_month_bits(start.month, 12))))
        if end:
            whens.append(When(year=end.year, then=Value(_month_bits(1, end.month))))
    return Case(*whens, default=Value(ALL_MONTHS), output_field=IntegerField())


def in_period(rows: QuerySet, period) -> QuerySet:
    """The placement-years of `rows` with hours in `period`."""
    if period.start:
        rows = rows.filter(year__gte=period.start.year)
    if period.end:
        rows = rows.filter(year__lte=period.end.year)
    bits = period_bits(period)
    if bits is None:
        return rows
    return rows.annotate(period_months=F("months").bitand(bits)).filter(period_months__gt=0)


def period_people(scope: Scope) -> QuerySet:
    """The placement-years of the scope's clauses with hours in the period (maintained
    figures): one row per placement, clause and year, its person, modality, start and
    hours."""
    return in_period(PlacementYear.objects.filter(clauses_q(scope, "credited_clause")),
                     scope.period)


def _months_sum(kind: str, first: int, last: int):
    columns = [F(worked_column(m) if kind == "worked" else training_column(m))
               for m in range(first, last + 1)]
    total = columns[0]
    for column in columns[1:]:
        total = total + column
    return ExpressionWrapper(total, output_field=HOURS)


def hours_within(kind: str, period):
    """A placement-year's `kind` hours ("worked" or "training") within `period`: the
    year's total, or the sum of the months of a year the period holds in part (rows of
    years outside the period are left out by `in_period`)."""
    start, end = period.start, period.end
    whens = []
    if start and end and start.year == end.year:
        if start.month > 1 or end.month < 12:
            whens.append(When(year=start.year, then=_months_sum(kind, start.month, end.month)))
    else:
        if start and start.month > 1:
            whens.append(When(year=start.year, then=_months_sum(kind, start.month, 12)))
        if end and end.month < 12:
            whens.append(When(year=end.year, then=_months_sum(kind, 1, end.month)))
    if not whens:
        return F(kind)
    return Case(*whens, default=F(kind), output_field=HOURS)


def choice_rows(choices, counts: dict, measure: str, unknown: bool = False) -> list[dict]:
    rows = [
        {"code": value, "libelle": str(label), measure: counts.get(value, 0)}
        for value, label in choices
    ]
    if unknown:
        rows.append({"code": UNKNOWN, "libelle": UNKNOWN_LABEL, measure: counts.get(UNKNOWN, 0)})
    return rows


def ended_placements(scope: Scope, today: datetime.date | None = None) -> QuerySet:
    """The placements of the scope's clauses that ended during the period: their end is
    within it and has come (a planned end still ahead is a running placement)."""
    return Placement.objects.filter(clauses_q(scope, "clause")).filter(
        scope.period.within_q("ends_on"), ends_on__lte=today or timezone.localdate()
    )


