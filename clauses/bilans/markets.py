"""Indicators 1 and 2 (markets and clauses), the companies of the counted clauses and the
hours those clauses have had from their start to the period's end: one query.

A market counts with all its clauses or not at all, so what is read of hours here (the
markets credited with hours in the period, and the hours of the counted clauses up to
its end) comes from the maintained rows per market and year, not from every
placement-year joined to its clause.

The clauses that count (those of the markets in execution during the period or credited
with hours in it) are read three times here: for the markets and clauses, for their
contractors and for their hours. As
subqueries of three separate queries the database found them three times; here they
are found once, as two common tables: the markets that count (decided once per market:
with a clause, and in execution or credited with hours in the period), then their
clauses. The parts are querysets compiled by Django (the scope's filter, the period's
months); only their assembly is SQL, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL

from clauses.bilans.queries import (
    HOURS,
    UNKNOWN,
    ZERO,
    as_decimal,
    choice_rows,
    executed_q,
    hours_within,
    in_period,
    round_hours,
)
from clauses.bilans.scopes import Period, Scope
from clauses.enums import MarketStatus
from clauses.models import Clause, Lot, Market, MarketYear
from portal.core.vocabulary import DecpConsideration, LegalBasis

DECP_VALUES = (*DecpConsideration.values, "")
BASES = tuple(LegalBasis.values)


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _declared_markets(scope: Scope) -> QuerySet:
    """The markets whose clauses were credited with hours within the period (the scope's
    markets among them are the ones asked about)."""
    rows = in_period(MarketYear.objects.all(), scope.period)
    return rows.order_by().values(m_id=F("market_id"))


def _cumulated(scope: Scope) -> QuerySet:
    """Per market and year up to the period's end, the market and the hours of its
    clauses up to then (joined to the counted markets, the common table `counted`)."""
    period = scope.period
    rows = MarketYear.objects.all()
    if period.end:
        rows = rows.filter(year__lte=period.end.year)
    until_end = Period(None, period.end)
    return rows.order_by().values(mk=F("market_id"), hours=ExpressionWrapper(
        hours_within("worked", until_end) + hours_within("training", until_end),
        output_field=HOURS,
    ))


def _counted_markets(scope: Scope) -> QuerySet:
    """The scope's markets that count (with a clause, and in execution during the period
    or credited with hours within it), with what is counted of them. Decided once per
    market, rather than on each of its clauses and then grouped."""
    period = scope.period
    executed = executed_q(period)
    completed = Q(status=MarketStatus.COMPLETED) & period.within_q("execution_ends_on")
    return Market.objects.filter(
        scope.markets_q(),
        Exists(Clause.objects.filter(market=OuterRef("pk"))),
        executed | Q(pk__in=_declared_markets(scope)),
    ).order_by().values(
        m_id=F("pk"), m_buyer=F("buyer_id"), m_decp=F("decp_consideration"),
        m_completed=ExpressionWrapper(completed, output_field=BooleanField()),
    )


def _counted_clauses() -> QuerySet:
    """The clauses of the counted markets (the common table `counted`)."""
    return Clause.objects.filter(
        market_id__in=RawSQL("SELECT m_id FROM counted", ())
    ).order_by().values(
        c_id=F("pk"), c_lot=F("lot_id"), c_basis=F("legal_basis"),
        c_required=F("required_hours"), m_id=F("market_id"),
    )


def _query(scope: Scope) -> tuple[str, list]:
    markets_sql, markets_params = _sql(_counted_markets(scope))
    clauses_sql, clauses_params = _sql(_counted_clauses())
    cumulated_sql, cumulated_params = _sql(_cumulated(scope))
    # The markets are counted as rows of `counted`, read in one pass, without a sort
    # per COUNT(DISTINCT …); the clauses as rows of `active`, in another.
    markets = [
        "COUNT(*)",
        "(SELECT COUNT(*) FROM (SELECT DISTINCT m_buyer FROM counted"
        " WHERE m_buyer IS NOT NULL) buyers)",
        "COUNT(*) FILTER (WHERE m_completed)",
    ]
    params: list = []
    for value in DECP_VALUES:
        markets.append("COUNT(*) FILTER (WHERE m_decp = %s)")
        params.append(value)
    clauses = []
    for value in BASES:
        clauses += ["COUNT(*) FILTER (WHERE c_basis = %s)",
                    "SUM(c_required) FILTER (WHERE c_basis = %s)"]
        params += [value, value]
    clauses += [
        # A join, not a semi-join: the counted markets' ids are unique, and the planner
        # may then hash them once rather than look each market up in the index.
        f"(SELECT SUM(cumulated.hours) FROM ({cumulated_sql}) cumulated"  # noqa: S608
        " JOIN counted ON counted.m_id = cumulated.mk)",
        f"(SELECT COUNT(DISTINCT l.contractor_id) FROM {Lot._meta.db_table} l"  # noqa: S608
        " WHERE l.contractor_id IS NOT NULL AND (l.id IN (SELECT c_lot FROM active)"
        " OR l.market_id IN (SELECT m_id FROM active WHERE c_lot IS NULL)))",
    ]
    # Only table names and SQL compiled by Django are interpolated; values are parameters.
    sql = (
        f"WITH counted AS ({markets_sql}), active AS ({clauses_sql})"  # noqa: S608
        f" SELECT * FROM (SELECT {', '.join(markets)} FROM counted) markets,"
        f" (SELECT {', '.join(clauses)} FROM active) clauses"
    )
    return sql, markets_params + clauses_params + params + cumulated_params


def markets_and_clauses(scope: Scope) -> tuple[dict, dict, Decimal, Decimal]:
    """Indicators 1 and 2, the hours the counted clauses require, and those they have
    had up to the period's end."""
    sql, params = _query(scope)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    total, buyers, completed = row[0:3]
    decp = dict(zip(DECP_VALUES, row[3:3 + len(DECP_VALUES)], strict=True))
    by_basis = row[3 + len(DECP_VALUES):-2]
    cumulated, companies = row[-2], row[-1]
    clause_counts = by_basis[0::2]
    required = [round_hours(as_decimal(value)) for value in by_basis[1::2]]
    market_figures = {
        "total": total,
        "en_execution": total - completed,
        "termines": completed,
        "acheteurs": buyers,
        "entreprises": companies,
    }
    decp_counts = {value or UNKNOWN: decp[value] for value in DECP_VALUES}
    typology = {
        "par_fondement_juridique": [
            {"code": value, "libelle": str(label), "clauses": clause_counts[i],
             "heures_exigees": required[i]}
            for i, (value, label) in enumerate(LegalBasis.choices)
        ],
        "par_consideration_sociale": [
            {**row, "libelle": row["libelle"] if row["code"] != UNKNOWN else "Non renseignée"}
            for row in choice_rows(DecpConsideration.choices, decp_counts, "marches", unknown=True)
        ],
    }
    return market_figures, typology, sum(required, ZERO), round_hours(as_decimal(cumulated))
