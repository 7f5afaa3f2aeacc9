"""Hours done, progress and what needs attention, computed in the database.

Hours done on a clause are the hours (worked + training) of the declarations
*credited* to it, so that globalised hours count where the agreement puts them. The
yearly bilans build on the same expressions.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from clauses.enums import MarketStatus, OutcomeMoment
from clauses.models import Clause, HoursDeclaration, Outcome, Placement
from clauses.models.markets import CONSULTATION_MIN_DAYS

HOURS = DecimalField(max_digits=12, decimal_places=2)
ZERO = Value(Decimal(0), output_field=HOURS)
# A clause is behind when its hours done are under this share of what the time elapsed
# would call for (a straight line from the start to the end of its period).
BEHIND_RATIO = Decimal("0.8")
SIX_MONTHS_DAYS = 182
OUTCOME_NOTICE_DAYS = 30
CONVENTION_NOTICE_DAYS = 90


class DaysBetween(Func):
    """Whole days from `start` to `end` (end − start), as an integer, on SQLite and PostgreSQL."""

    arity = 2
    output_field = IntegerField()

    def _parts(self, compiler, connection):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return end_sql, start_sql, [*end_params, *start_params]

    def as_sql(self, compiler, connection, **extra_context):
        end_sql, start_sql, params = self._parts(compiler, connection)
        return f"(CAST({end_sql} AS DATE) - CAST({start_sql} AS DATE))", params

    def as_sqlite(self, compiler, connection, **extra_context):
        end_sql, start_sql, params = self._parts(compiler, connection)
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", params


def _date(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


def declared_hours() -> ExpressionWrapper:
    """Hours of a declaration that count for its clause: worked plus training."""
    return ExpressionWrapper(F("hours_worked") + F("training_hours"), output_field=HOURS)


def _hours_sum(queryset: QuerySet, group_by: str) -> Coalesce:
    total = (
        queryset.order_by().values(group_by)
        .annotate(total=Sum(declared_hours(), output_field=HOURS))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=HOURS), ZERO, output_field=HOURS)


def placement_hours() -> Coalesce:
    """A placement's declared hours (worked and training), summed in a subquery."""
    return _hours_sum(HoursDeclaration.objects.filter(placement=OuterRef("pk")), "placement")


def with_progress(clauses: QuerySet, today: datetime.date) -> QuerySet:
    """Clauses annotated with done_hours, period_days, elapsed_days and is_behind."""
    start = Coalesce("starts_on", "market__execution_starts_on", output_field=DateField())
    end = Coalesce("ends_on", "market__execution_ends_on", output_field=DateField())
    clauses = clauses.annotate(
        done_hours=_hours_sum(
            HoursDeclaration.objects.filter(credited_clause=OuterRef("pk")), "credited_clause"
        ),
        period_start=start,
        period_end=end,
        period_days=DaysBetween(end, start),
    ).annotate(
        elapsed_days=Least(
            Greatest(DaysBetween(_date(today), F("period_start")), Value(0)),
            F("period_days"),
        ),
    )
    return clauses.annotate(
        is_behind=Case(
            When(
                Q(market__status=MarketStatus.IN_EXECUTION, period_days__gt=0,
                  required_hours__gt=0)
                & Q(done_hours__lt=ExpressionWrapper(
                    F("required_hours") * F("elapsed_days") * Value(BEHIND_RATIO)
                    / F("period_days"),
                    output_field=HOURS,
                )),
                then=Value(True),
            ),
            default=Value(False),
        )
    )


def progress_figures(clause) -> dict:
    """Percentages for one annotated clause (see with_progress): done and time elapsed."""
    required = clause.required_hours or Decimal(0)
    done = clause.done_hours or Decimal(0)
    done_percent = int(done * 100 / required) if required else None
    time_percent = (
        int(clause.elapsed_days * 100 / clause.period_days)
        if clause.period_days and clause.period_days > 0 and clause.elapsed_days is not None
        else None
    )
    return {"done_percent": done_percent, "time_percent": time_percent}


def with_market_totals(markets: QuerySet) -> QuerySet:
    """Markets annotated with required_hours_total and done_hours_total."""
    required = (
        Clause.objects.filter(market=OuterRef("pk")).order_by().values("market")
        .annotate(total=Sum("required_hours")).values("total")
    )
    return markets.annotate(
        required_hours_total=Coalesce(Subquery(required, output_field=HOURS), ZERO,
                                      output_field=HOURS),
        done_hours_total=_hours_sum(
            HoursDeclaration.objects.filter(credited_clause__market=OuterRef("pk")),
            "credited_clause__market",
        ),
    )


def late_consultation_q(today: datetime.date) -> Q:
    """Markets breaking the 20-day rule, or that can no longer keep it."""
    consulted_late = Q(
        facilitator_consulted_on__isnull=False, dce_planned_on__isnull=False,
        consultation_gap_days__lt=CONSULTATION_MIN_DAYS,
    )
    not_consulted_in_time = Q(
        facilitator_consulted_on__isnull=True,
        dce_planned_on__lt=today + datetime.timedelta(days=CONSULTATION_MIN_DAYS),
        status__in=(MarketStatus.FORECAST, MarketStatus.STUDIED, MarketStatus.DRAFTING),
    )
    return consulted_late | not_consulted_in_time


def with_consultation_days(markets: QuerySet) -> QuerySet:
    return markets.annotate(
        consultation_gap_days=DaysBetween(F("dce_planned_on"), F("facilitator_consulted_on"))
    )


def late_consultations(markets: QuerySet, today: datetime.date) -> QuerySet:
    return with_consultation_days(markets).filter(late_consultation_q(today))


def six_month_outcomes_due(placements: QuerySet, today: datetime.date) -> QuerySet:
    """Ended placements whose 6-month outcome is due within a month, or overdue."""
    limit = today - datetime.timedelta(days=SIX_MONTHS_DAYS - OUTCOME_NOTICE_DAYS)
    recorded = Outcome.objects.filter(placement=OuterRef("pk"), moment=OutcomeMoment.SIX_MONTHS)
    return placements.filter(ends_on__isnull=False, ends_on__lte=limit).exclude(Exists(recorded))


def six_month_due_date(placement: Placement) -> datetime.date | None:
    if placement.ends_on is None:
        return None
    return placement.ends_on + datetime.timedelta(days=SIX_MONTHS_DAYS)


def consultation_flagged(markets: QuerySet, today: datetime.date) -> QuerySet:
    """The markets annotated with `consultation_flag` (True when the 20-day rule is broken)."""
    return with_consultation_days(markets).annotate(
        consultation_flag=Case(
            When(late_consultation_q(today), then=Value(True)), default=Value(False)
        )
    )


def market_queryset_for_listing(markets: QuerySet, today: datetime.date) -> QuerySet:
    return consultation_flagged(with_market_totals(markets), today).select_related(
        "buyer", "lead_territory"
    )

