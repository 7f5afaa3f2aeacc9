"""Many months of hours at once (the monthly file of a territory): the same rules as
`declare_hours` (clauses.rules.hours, Action.DECLARE_HOURS), checked for every row with a few
set-based queries, and written with one upsert per batch only when no row is wrong.

A row names its market by reference, its lot by number and its person by pseudonym:
what the person importing may not see is "inconnu", exactly as if it did not exist. A
company referent reaches the markets through their company's clauses and the people
through the placements their company employs; their rows stay "declared" until a
facilitator validates them, and they cannot overwrite validated hours.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from clauses import notifications
from clauses.bilans import figures
from clauses.enums import DeclarationStatus
from clauses.models import Beneficiary, Clause, HoursDeclaration, Lot, Market, Placement
from clauses.operations.common import SYSTEM, account, allowed
from clauses.rules import hours as checks
from network.permissions import Action, has_any_anchor
from portal.core.batching import batches


class Report(Protocol):
    """Where the rows' errors go, as (line, column, message) in the file's own words, and
    what was written."""

    created: int
    updated: int
    unchanged: int
    errors: list

    def add(self, line: int, column: str, message: str) -> None: ...


MESSAGE_NOT_DECLARING = (
    "Vous ne pouvez pas déclarer d'heures sur le marché « {reference} » : seuls les "
    "facilitateurs du territoire de chaque bénéficiaire, et leurs coordinateurs, le peuvent."
)


@dataclass
class Row:
    line: int
    market: str
    lot: int | None
    pseudonym: str
    month: datetime.date | None
    worked: Decimal | None
    training: Decimal | None


@dataclass(frozen=True)
class PlacementInfo:
    pk: int
    clause_id: int
    lot: int | None
    period: checks.Period
    clause_period: checks.Period


class _Resolver:
    """Looks up the file's markets, lots, beneficiaries and placements in a few queries."""

    def __init__(self, rows: list[Row], user, check_time: Callable[[], None]):
        self.rows = rows
        self.check_time = check_time
        refs = {row.market for row in rows if row.market}
        self.visible_markets: dict[str, int] = {}
        # References are unique per buyer: two markets the person follows may share one.
        self.ambiguous: set[str] = set()
        for chunk in batches(refs):
            check_time()
            markets = Market.objects.filter(reference__in=chunk)
            for reference, pk in allowed(user, Action.VIEW, markets).values_list(
                "reference", "pk"
            ):
                if reference in self.visible_markets:
                    self.ambiguous.add(reference)
                self.visible_markets[reference] = pk
            # A company sees its clauses, not the whole market.
            missing = [ref for ref in chunk if ref not in self.visible_markets]
            if missing and user is not SYSTEM:
                clauses = allowed(user, Action.VIEW, Clause.objects.filter(
                    market__reference__in=missing))
                for reference, pk in clauses.values_list(
                    "market__reference", "market_id"
                ).distinct():
                    if self.visible_markets.get(reference, pk) != pk:
                        self.ambiguous.add(reference)
                    self.visible_markets[reference] = pk
        for reference in self.ambiguous:
            del self.visible_markets[reference]
        # Nobody declares anything without a territory whose people they follow: a buyer
        # sees the market and is told so.
        self.declaring = user is SYSTEM or has_any_anchor(user, Action.DECLARE_HOURS, Placement)
        self.lots: set[tuple[int, int]] = set()
        for chunk in batches(self.visible_markets.values()):
            lots = Lot.objects.filter(market_id__in=chunk)
            self.lots.update(lots.values_list("market_id", "number"))
        pseudonyms = {row.pseudonym for row in rows if row.pseudonym}
        self.beneficiaries: dict[str, int] = {}
        for chunk in batches(pseudonyms):
            check_time()
            self.beneficiaries.update(allowed(
                user, Action.VIEW, Beneficiary.objects.filter(pseudonym__in=chunk)
            ).values_list("pseudonym", "pk"))
            # A company knows the people it employs by their pseudonym only.
            missing = [p for p in chunk if p not in self.beneficiaries]
            if missing and user is not SYSTEM:
                employed = allowed(user, Action.DECLARE_HOURS, Placement.objects.filter(
                    beneficiary__pseudonym__in=missing))
                self.beneficiaries.update(
                    employed.values_list("beneficiary__pseudonym", "beneficiary_id").distinct()
                )
        self.placements: dict[tuple[int, int], list[PlacementInfo]] = defaultdict(list)
        for chunk in batches(self.beneficiaries.values()):
            check_time()
            found = allowed(
                user, Action.DECLARE_HOURS, Placement.objects.filter(beneficiary_id__in=chunk)
            )
            for row in found.values_list(
                "pk", "beneficiary_id", "clause_id", "clause__market_id", "clause__lot__number",
                "starts_on", "ends_on", "clause__starts_on", "clause__ends_on",
                "clause__market__execution_starts_on", "clause__market__execution_ends_on",
            ):
                (pk, beneficiary_id, clause_id, market_id, lot, starts, ends,
                 clause_starts, clause_ends, market_starts, market_ends) = row
                self.placements[(beneficiary_id, market_id)].append(PlacementInfo(
                    pk, clause_id, lot, checks.Period(starts, ends),
                    checks.Period(clause_starts or market_starts, clause_ends or market_ends),
                ))

    def check(self, report: Report, today) -> list[tuple[Row, PlacementInfo]]:
        resolved = []
        seen: dict[tuple, int] = {}
        for row in self.rows:
            self.check_time()
            key = (row.market, row.lot, row.pseudonym, row.month)
            if row.month and key in seen:
                report.add(row.line, "", f"Ligne en double : même marché, lot, bénéficiaire "
                                         f"et mois que la ligne {seen[key]}.")
                continue
            seen[key] = row.line
            placement = self._placement(row, report, today)
            if placement is not None:
                resolved.append((row, placement))
        return resolved

    def _placement(self, row: Row, report: Report, today) -> PlacementInfo | None:
        market_id = self.visible_markets.get(row.market) if row.market else None
        if row.market in self.ambiguous:
            report.add(row.line, "marche",
                       f"Plusieurs marchés que vous suivez portent la référence « {row.market} » "
                       "(de deux acheteurs) : déclarez ces heures dans la fiche du marché.")
        elif row.market and market_id is None:
            report.add(row.line, "marche",
                       f"Marché « {row.market} » inconnu ou hors de vos territoires.")
        elif market_id is not None and not self.declaring:
            report.add(row.line, "marche", MESSAGE_NOT_DECLARING.format(reference=row.market))
            market_id = None
        elif market_id and row.lot is not None and (market_id, row.lot) not in self.lots:
            report.add(row.line, "lot", f"Le marché « {row.market} » n'a pas de lot n° {row.lot}.")
            market_id = None
        beneficiary_id = self.beneficiaries.get(row.pseudonym) if row.pseudonym else None
        if row.pseudonym and beneficiary_id is None:
            report.add(row.line, "beneficiaire",
                       f"Bénéficiaire « {row.pseudonym} » inconnu ou que vous ne pouvez pas voir.")
        if market_id is None or beneficiary_id is None:
            return None
        candidates = [p for p in self.placements[(beneficiary_id, market_id)] if p.lot == row.lot]
        if not candidates:
            where = f"le lot {row.lot} du marché" if row.lot is not None else "le marché"
            hint = "" if row.lot is not None or not self._has_lots(market_id) else (
                " Ce marché a des lots : indiquez le numéro du lot."
            )
            report.add(row.line, "beneficiaire",
                       f"{row.pseudonym} n'a pas de placement sur {where} « {row.market} ».{hint}")
            return None
        if row.month is None or row.worked is None or row.training is None:
            return None
        covering = [p for p in candidates if p.period.contains(row.month)]
        if len(covering) > 1:
            report.add(row.line, "mois", "Plusieurs placements de ce bénéficiaire couvrent ce "
                                         "mois sur ce marché : déclarez ces heures à l'écran, "
                                         "placement par placement.")
            return None
        placement = covering[0] if covering else candidates[0]
        message = checks.month_error(row.month, placement.period, placement.clause_period, today)
        if message:
            report.add(row.line, "mois", message)
            return None
        return placement

    def _has_lots(self, market_id: int) -> bool:
        return any(market == market_id for market, _ in self.lots)


MESSAGE_ALREADY_REVIEWED = (
    "Ces heures sont déjà validées par le facilitateur : demandez-lui de les corriger."
)


def _validating(actor, resolved: list[tuple[Row, PlacementInfo]]) -> set[int]:
    """The placements whose hours `actor` writes validated (the others stay declared)."""
    ids = {placement.pk for _, placement in resolved}
    if actor is SYSTEM:
        return ids
    found: set[int] = set()
    for chunk in batches(ids):
        found.update(allowed(actor, Action.VALIDATE_HOURS, Placement.objects.filter(
            pk__in=chunk)).values_list("pk", flat=True))
    return found


def _refuse_reviewed(resolved, validating: set[int], report: Report) -> None:
    """A company does not overwrite hours a facilitator has validated."""
    declaring = [(row, p) for row, p in resolved if p.pk not in validating]
    if not declaring:
        return
    validated: dict[tuple[int, datetime.date], tuple] = {}
    for chunk in batches({p.pk for _, p in declaring}):
        for placement_id, month, worked, training in HoursDeclaration.objects.filter(
            placement_id__in=chunk, status=DeclarationStatus.VALIDATED,
        ).values_list("placement_id", "month", "hours_worked", "training_hours"):
            validated[(placement_id, month)] = (worked, training)
    for row, placement in declaring:
        current = validated.get((placement.pk, row.month))
        if current is not None and current != (row.worked, row.training):
            report.add(row.line, "mois", MESSAGE_ALREADY_REVIEWED)


def _write(resolved: list[tuple[Row, PlacementInfo]], report: Report,
           check_time: Callable[[], None], actor=SYSTEM,
           validating: set[int] | None = None) -> None:
    now = timezone.now()
    validating = validating if validating is not None else set()
    months = {row.month for row, _ in resolved}
    with transaction.atomic():
        existing: dict[tuple[int, datetime.date], tuple] = {}
        for chunk in batches({placement.pk for _, placement in resolved}):
            # Locked so that a declaration edited on screen meanwhile is not overwritten
            # with a version number it already used.
            for pk, placement_id, month, worked, training, version, credited in (
                HoursDeclaration.objects.select_for_update()
                .filter(placement_id__in=chunk, month__in=months)
                .values_list("pk", "placement_id", "month", "hours_worked", "training_hours",
                             "version", "credited_clause_id")
            ):
                existing[(placement_id, month)] = (pk, worked, training, version, credited)
        check_time()
        upserts = []
        for row, placement in resolved:
            current = existing.get((placement.pk, row.month))
            if current is None:
                report.created += 1
                version, credited = 1, placement.clause_id
            elif (current[1], current[2]) == (row.worked, row.training):
                report.unchanged += 1
                continue
            else:
                # An existing declaration keeps the clause it is credited to (a
                # globalisation choice made on screen is not undone by a file).
                report.updated += 1
                version, credited = current[3] + 1, current[4]
            validated = placement.pk in validating
            upserts.append(HoursDeclaration(
                placement_id=placement.pk, month=row.month, hours_worked=row.worked,
                training_hours=row.training, credited_clause_id=credited, version=version,
                status=DeclarationStatus.VALIDATED if validated else DeclarationStatus.DECLARED,
                declared_by=account(actor), rejection_reason="",
                reviewed_by=account(actor) if validated else None,
                reviewed_at=now if validated else None,
            ))
        check_time()
        if upserts:
            HoursDeclaration.objects.bulk_create(
                upserts, update_conflicts=True, unique_fields=["placement", "month"],
                update_fields=["hours_worked", "training_hours", "version", "updated_at",
                               "status", "declared_by", "rejection_reason", "reviewed_by",
                               "reviewed_at"],
            )
            # An upsert sends no model signal: the bilans' figures are made again here, in
            # the same transaction.
            figures.refresh({row.placement_id for row in upserts})


def declare_rows(actor, rows: list[Row], report: Report, today: datetime.date,
                 check_time: Callable[[], None] = lambda: None) -> None:
    """Check every row and, if none is wrong, write them all in one transaction; errors
    go to `report`, and nothing is written then. `check_time` is called between batches
    and may raise to stop a job that runs too long (the transaction is rolled back)."""
    resolved = _Resolver(rows, actor, check_time).check(report, today)
    if getattr(report, "errors", None):
        return
    validating = _validating(actor, resolved)
    _refuse_reviewed(resolved, validating, report)
    if getattr(report, "errors", None):
        return
    _write(resolved, report, check_time, actor, validating)
    declared = {p.pk for _, p in resolved} - validating
    if declared:
        months = ", ".join(sorted({f"{row.month:%m/%Y}" for row, p in resolved
                                   if p.pk in declared}))
        notifications.hours_declared(
            Placement.objects.filter(pk__in=declared).select_related(
                "beneficiary", "employer", "clause__market"),
            months, actor,
        )
