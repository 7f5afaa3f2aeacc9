"""The maintained figures (clauses.models.figures): a placement's rows made again, in
the transaction of any change of its declarations or of what its rows read of it, and
with them the rows of the markets of their clauses (before and after).

Every write of a declaration, a placement, of what the rows read of the person (their
record's typology fields, their criteria) or of whose hours they are (a lot's contractor,
a clause's lot) refreshes the rows: the model signals catch
the domain operations, the admin and the API alike (they all save through the models),
and the writes that bypass the signals (the hours import's upsert, a merge of two
records, the criteria written in bulk, the purge's blurred birth dates, the scale data)
call `refresh` or `refresh_people` themselves. A refresh recomputes the placement's
rows from its declarations with one grouped query, so it is exact whatever the change;
`rebuild` does all of them (`manage.py rebuild_bilan_figures`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.signals import post_delete, post_save, pre_save

from clauses.bilans import cache as bilan_cache
from clauses.bilans.queries import ymd
from clauses.enums import EligibilityCriterion
from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    Clause,
    HoursDeclaration,
    Lot,
    MarketYear,
    Placement,
    PlacementYear,
)
from clauses.models.figures import MONTHS, training_column, worked_column
from portal.core.batching import batches

# 2^(month - 1): summed over the distinct months of a group, the months' bits.
MONTH_BIT = Case(
    *(When(month__month=m, then=Value(1 << (m - 1))) for m in MONTHS),
    output_field=IntegerField(),
)
# 2^i for the i-th criterion: summed over a person's criteria (one row each), their bits.
CRITERION_BIT = Case(
    *(When(criterion=value, then=Value(1 << i))
      for i, value in enumerate(EligibilityCriterion.values)),
    default=Value(0), output_field=IntegerField(),
)
HOURS = DecimalField(max_digits=9, decimal_places=2)
BULK = 2000
ZERO = Decimal("0.00")


def _in_month(column: str, month: int) -> Sum:
    return Coalesce(Sum(Case(When(month__month=month, then=F(column)), default=None,
                             output_field=HOURS)), Value(ZERO), output_field=HOURS)


def _insert(model, rows: Iterable) -> int:
    batch, written = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BULK:
            written += len(model.objects.bulk_create(batch))
            batch = []
    if batch:
        written += len(model.objects.bulk_create(batch))
    return written


def _placement_years(declarations) -> Iterable[PlacementYear]:
    """One row per placement, credited clause and year of `declarations`, summed in the
    database (one grouped query)."""
    monthly = {}
    for month in MONTHS:
        monthly[worked_column(month)] = _in_month("hours_worked", month)
        monthly[training_column(month)] = _in_month("training_hours", month)
    grouped = (
        declarations.order_by()
        .values("placement_id", "credited_clause_id", year=ExtractYear("month"))
        .annotate(
            months=Sum(MONTH_BIT), worked=Sum("hours_worked"), training=Sum("training_hours"),
            beneficiary_id=F("placement__beneficiary_id"), employer_id=F("placement__employer_id"),
            company_id=Coalesce(F("credited_clause__lot__contractor_id"),
                                F("placement__employer_id")),
            modality=F("placement__modality"),
            contract_type=F("placement__contract_type"), starts_on=F("placement__starts_on"),
            age_key=ymd(F("placement__starts_on")) - ymd(F("placement__beneficiary__birth_date")),
            sex=F("placement__beneficiary__sex"),
            diploma_level=F("placement__beneficiary__diploma_level"),
            qpv_resident=F("placement__beneficiary__qpv_resident"),
            derogation=F("placement__beneficiary__derogation"),
            criteria=Coalesce(Subquery(
                BeneficiaryCriterion.objects.filter(
                    beneficiary_id=OuterRef("placement__beneficiary_id")
                ).order_by().values("beneficiary_id").annotate(bits=Sum(CRITERION_BIT))
                .values("bits")
            ), Value(0)),
            **monthly,
        )
    )
    for row in grouped.iterator(chunk_size=BULK):
        yield PlacementYear(**row)


# A year's months with hours, from its placement-years' (the OR of their bits, written
# as one MAX per bit: SQLite has no BIT_OR).
MONTHS_HELD = ExpressionWrapper(
    sum((Max(F("months").bitand(1 << (m - 1))) for m in MONTHS[1:]),
        Max(F("months").bitand(1))),
    output_field=IntegerField(),
)


def _market_years(rows) -> Iterable[MarketYear]:
    """One row per market and year of the placement-years `rows`, summed in the
    database (one grouped query)."""
    monthly = {}
    for month in MONTHS:
        for column in (worked_column(month), training_column(month)):
            monthly[column] = Sum(column)
    grouped = (
        rows.order_by()
        .values("year", market_id=F("credited_clause__market_id"))
        .annotate(months=MONTHS_HELD, worked=Sum("worked"), training=Sum("training"),
                  **monthly)
    )
    for row in grouped.iterator(chunk_size=BULK):
        yield MarketYear(**row)


def _markets_of(rows) -> set[int]:
    return set(rows.order_by().values_list("credited_clause__market_id", flat=True).distinct())


def refresh_markets(market_ids: Iterable[int]) -> None:
    """Make the rows of these markets again from their clauses' placement-years."""
    for chunk in batches(market_ids):
        MarketYear.objects.filter(market_id__in=chunk).delete()
        _insert(MarketYear, _market_years(
            PlacementYear.objects.filter(credited_clause__market_id__in=chunk)
        ))


def _drop(rows: QuerySet) -> set[int]:
    """Delete these placement-years; the markets they were credited to, whose rows are
    to be made again."""
    markets = _markets_of(rows)
    rows.delete()
    return markets


def refresh_placements(placement_ids: Iterable[int]) -> None:
    """Make the rows of these placements again from their declarations, and those of
    the markets their rows were and are credited to."""
    bilan_cache.changed()
    for chunk in batches(placement_ids):
        rows = PlacementYear.objects.filter(placement_id__in=chunk)
        markets = _drop(rows)
        _insert(PlacementYear, _placement_years(
            HoursDeclaration.objects.counted().filter(placement_id__in=chunk)
        ))
        refresh_markets(markets | _markets_of(rows))


def refresh(placements: Iterable[int] = ()) -> None:
    with transaction.atomic():
        refresh_placements(set(placements))


def refresh_people(beneficiaries: Iterable[int]) -> None:
    """Make the rows of these people's placements again (what they read of the person
    changed: birth date, sex, diploma, QPV, derogation, criteria)."""
    ids = set(beneficiaries)
    if ids:
        refresh(Placement.objects.filter(beneficiary_id__in=ids).values_list("pk", flat=True))


@transaction.atomic
def rebuild() -> int:
    """Every row made again from the declarations; returns the number of rows."""
    bilan_cache.changed()
    MarketYear.objects.all().delete()
    PlacementYear.objects.all().delete()
    written = _insert(PlacementYear, _placement_years(HoursDeclaration.objects.counted()))
    _insert(MarketYear, _market_years(PlacementYear.objects.all()))
    return written


# --- Following the models -----------------------------------------------------------

# What a placement's rows read of it: a change of these makes them again.
PLACEMENT_FIELDS = ("beneficiary_id", "employer_id", "modality", "contract_type", "starts_on")


def _declaration_before(sender, instance, raw=False, **kwargs) -> None:
    instance._figures_before = None
    if instance.pk and not raw:
        instance._figures_before = HoursDeclaration.objects.filter(pk=instance.pk).values_list(
            "placement_id", flat=True
        ).first()


def _declaration_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_figures_before", None)
    refresh({instance.placement_id} | ({before} if before is not None else set()))


def _declaration_deleted(sender, instance, **kwargs) -> None:
    refresh({instance.placement_id})


class _WatchedFields:
    """Refreshes the rows when a saved record's `fields` changed: their values are read
    before the save (pre_save) and compared after it (post_save). A new record has no
    rows yet; a raw save (fixtures) is left alone."""

    def __init__(self, model, fields: tuple[str, ...], refresh_for):
        self.model, self.fields, self.refresh_for = model, fields, refresh_for
        self.attribute = f"_figures_before_{model._meta.model_name}"

    def before(self, sender, instance, raw=False, **kwargs) -> None:
        before = None
        if instance.pk and not raw:
            before = self.model.objects.filter(pk=instance.pk).values_list(*self.fields).first()
        setattr(instance, self.attribute, before)

    def saved(self, sender, instance, created=False, raw=False, **kwargs) -> None:
        before = getattr(instance, self.attribute, None)
        if raw or created or before is None:
            return
        if tuple(getattr(instance, name) for name in self.fields) != before:
            self.refresh_for({instance.pk})

    def connect(self, name: str) -> None:
        # Held strongly: nothing else keeps this watcher alive.
        pre_save.connect(self.before, sender=self.model, weak=False,
                         dispatch_uid=f"figures_{name}_before")
        post_save.connect(self.saved, sender=self.model, weak=False,
                          dispatch_uid=f"figures_{name}_saved")


def _refresh_credited(**lookup) -> None:
    """Make again the placements of the rows credited to the clauses `lookup` selects."""
    refresh(PlacementYear.objects.filter(**lookup)
            .values_list("placement_id", flat=True).distinct())


def refresh_lots(lots: Iterable[int]) -> None:
    """Make the rows credited to these lots' clauses again (a lot's contractor changed)."""
    _refresh_credited(credited_clause__lot_id__in=set(lots))


def refresh_clauses(clauses: Iterable[int]) -> None:
    """Make the rows credited to these clauses again (a clause's lot changed)."""
    _refresh_credited(credited_clause_id__in=set(clauses))


class _ClauseWatch(_WatchedFields):
    """A clause's lot or market changed: its rows are made again (whose hours they are,
    the market they count for), and so are those of the market it left."""

    def saved(self, sender, instance, created=False, raw=False, **kwargs) -> None:
        before = getattr(instance, self.attribute, None)
        super().saved(sender, instance, created=created, raw=raw, **kwargs)
        if raw or created or before is None:
            return
        market_left = dict(zip(self.fields, before, strict=True))["market_id"]
        if market_left != instance.market_id:
            with transaction.atomic():
                refresh_markets({market_left})


def _placement_deleted(sender, instance, **kwargs) -> None:
    refresh_markets(_drop(PlacementYear.objects.filter(placement_id=instance.pk)))


# What the rows read of the person: a change of these makes their placements' rows again.
PERSON_FIELDS = ("birth_date", "sex", "diploma_level", "qpv_resident", "derogation")


def _criterion_changed(sender, instance, raw=False, **kwargs) -> None:
    # (A bulk_create sends no signal: clauses.operations.people refreshes itself.)
    if not raw:
        refresh_people({instance.beneficiary_id})


def connect() -> None:
    pre_save.connect(_declaration_before, sender=HoursDeclaration,
                     dispatch_uid="figures_declaration_before")
    post_save.connect(_declaration_saved, sender=HoursDeclaration,
                      dispatch_uid="figures_declaration_saved")
    post_delete.connect(_declaration_deleted, sender=HoursDeclaration,
                        dispatch_uid="figures_declaration_deleted")
    _WatchedFields(Placement, PLACEMENT_FIELDS, refresh).connect("placement")
    post_delete.connect(_placement_deleted, sender=Placement,
                        dispatch_uid="figures_placement_deleted")
    _WatchedFields(Beneficiary, PERSON_FIELDS, refresh_people).connect("person")
    # Whose hours the rows are: the lot's contractor, through the clause's lot; and the
    # market they count for.
    _WatchedFields(Lot, ("contractor_id",), refresh_lots).connect("lot")
    _ClauseWatch(Clause, ("lot_id", "market_id"), refresh_clauses).connect("clause")
    post_save.connect(_criterion_changed, sender=BeneficiaryCriterion,
                      dispatch_uid="figures_criterion_saved")
    post_delete.connect(_criterion_changed, sender=BeneficiaryCriterion,
                        dispatch_uid="figures_criterion_deleted")
