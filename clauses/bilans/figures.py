"""The maintained monthly figures (clauses.models.figures): made again, for the keys a
change touches, in the transaction of that change.

Every write of a declaration or a placement refreshes its rows: the model signals catch
the domain operations, the admin and the API alike (they all save through the models),
and the writes that bypass the signals (the hours import's upsert, a merge of two
records, the scale data) call `refresh` themselves. A refresh recomputes the touched
rows from the declarations with one grouped query each, so it is exact whatever the
change; `rebuild` does all of them (`manage.py rebuild_bilan_figures`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save, pre_save

from clauses.models import ClauseMonth, HoursDeclaration, Placement, PlacementYear
from portal.core.batching import batches

# 2^(month - 1): summed over the distinct months of a group, the months' bits.
MONTH_BIT = Case(
    *(When(month__month=m, then=Value(1 << (m - 1))) for m in range(1, 13)),
    output_field=IntegerField(),
)
BULK = 2000


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
    grouped = (
        declarations.order_by()
        .values("placement_id", "credited_clause_id", year=ExtractYear("month"))
        .annotate(months=Sum(MONTH_BIT))
        .values_list(
            "placement_id", "credited_clause_id", "year", "months",
            "placement__beneficiary_id", "placement__modality", "placement__contract_type",
            "placement__starts_on",
        )
    )
    for placement, clause, year, months, person, modality, contract, starts in (
        grouped.iterator(chunk_size=BULK)
    ):
        yield PlacementYear(
            placement_id=placement, credited_clause_id=clause, year=year, months=months,
            beneficiary_id=person, modality=modality, contract_type=contract,
            starts_on=starts,
        )


def _clause_months(declarations) -> Iterable[ClauseMonth]:
    grouped = (
        declarations.order_by()
        .values("credited_clause_id", "month", "placement__modality",
                "placement__contract_type")
        .annotate(worked=Sum("hours_worked"), training=Sum("training_hours"),
                  count=Count("pk"))
        .values_list("credited_clause_id", "month", "placement__modality",
                     "placement__contract_type", "worked", "training", "count")
    )
    for clause, month, modality, contract, worked, training, count in (
        grouped.iterator(chunk_size=BULK)
    ):
        yield ClauseMonth(
            credited_clause_id=clause, month=month, modality=modality, contract_type=contract,
            hours_worked=worked, training_hours=training, declarations=count,
        )


def refresh_placements(placement_ids: Iterable[int]) -> None:
    for chunk in batches(placement_ids):
        PlacementYear.objects.filter(placement_id__in=chunk).delete()
        _insert(PlacementYear, _placement_years(
            HoursDeclaration.objects.filter(placement_id__in=chunk)
        ))


def refresh_clause_months(keys: Iterable[tuple[int, datetime.date]]) -> None:
    by_clause: dict[int, set[datetime.date]] = {}
    for clause, month in keys:
        if clause is not None and month is not None:
            by_clause.setdefault(clause, set()).add(month)
    for chunk in batches(by_clause):
        touched = Q()
        for clause in chunk:
            touched |= Q(credited_clause_id=clause, month__in=sorted(by_clause[clause]))
        ClauseMonth.objects.filter(touched).delete()
        _insert(ClauseMonth, _clause_months(HoursDeclaration.objects.filter(touched)))


def keys_of_placements(placement_ids: Iterable[int]) -> set[tuple[int, datetime.date]]:
    keys: set[tuple[int, datetime.date]] = set()
    for chunk in batches(placement_ids):
        keys.update(HoursDeclaration.objects.filter(placement_id__in=chunk).values_list(
            "credited_clause_id", "month"
        ).distinct())
    return keys


def refresh(placements: Iterable[int] = (),
            clause_months: Iterable[tuple[int, datetime.date]] = ()) -> None:
    """Make the rows of these placements and of these (clause, month) keys again."""
    placements = set(placements)
    keys = set(clause_months)
    with transaction.atomic():
        refresh_placements(placements)
        refresh_clause_months(keys)


@transaction.atomic
def rebuild() -> tuple[int, int]:
    """Every row made again from the declarations; returns the numbers of rows."""
    ClauseMonth.objects.all().delete()
    PlacementYear.objects.all().delete()
    declarations = HoursDeclaration.objects.all()
    return (_insert(ClauseMonth, _clause_months(declarations)),
            _insert(PlacementYear, _placement_years(declarations)))


# --- Following the models -----------------------------------------------------------

# What a placement's rows read of it: a change of these makes them again.
PLACEMENT_FIELDS = ("beneficiary_id", "modality", "contract_type", "starts_on")


def _declaration_before(sender, instance, raw=False, **kwargs) -> None:
    instance._figures_before = None
    if instance.pk and not raw:
        instance._figures_before = HoursDeclaration.objects.filter(pk=instance.pk).values_list(
            "placement_id", "credited_clause_id", "month"
        ).first()


def _declaration_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_figures_before", None)
    placements = {instance.placement_id}
    keys = {(instance.credited_clause_id, instance.month)}
    if before is not None:
        placements.add(before[0])
        keys.add((before[1], before[2]))
    refresh(placements, keys)


def _declaration_deleted(sender, instance, **kwargs) -> None:
    refresh({instance.placement_id}, {(instance.credited_clause_id, instance.month)})


def _placement_before(sender, instance, raw=False, **kwargs) -> None:
    instance._figures_before = None
    if instance.pk and not raw:
        instance._figures_before = Placement.objects.filter(pk=instance.pk).values_list(
            *PLACEMENT_FIELDS
        ).first()


def _placement_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    before = getattr(instance, "_figures_before", None)
    if raw or created or before is None:
        return
    if tuple(getattr(instance, name) for name in PLACEMENT_FIELDS) != before:
        refresh({instance.pk}, keys_of_placements([instance.pk]))


def _placement_deleted(sender, instance, **kwargs) -> None:
    PlacementYear.objects.filter(placement_id=instance.pk).delete()


def connect() -> None:
    pre_save.connect(_declaration_before, sender=HoursDeclaration,
                     dispatch_uid="figures_declaration_before")
    post_save.connect(_declaration_saved, sender=HoursDeclaration,
                      dispatch_uid="figures_declaration_saved")
    post_delete.connect(_declaration_deleted, sender=HoursDeclaration,
                        dispatch_uid="figures_declaration_deleted")
    pre_save.connect(_placement_before, sender=Placement, dispatch_uid="figures_placement_before")
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="figures_placement_saved")
    post_delete.connect(_placement_deleted, sender=Placement,
                        dispatch_uid="figures_placement_deleted")
