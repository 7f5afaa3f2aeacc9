"""Import of monthly hours: one row per beneficiary, market (lot) and month.

Every row is checked before anything is written: with one error, the file is refused
as a whole. Rows are resolved with a few set-based queries and written with one
upsert per batch, so that a file of 100,000 rows imports in seconds. Importing the
same file again changes nothing (no version is bumped when the hours are equal). A file
beyond the import limits (rows, seconds: imports.limits) is refused as a whole.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clauses.imports import checks, values
from clauses.imports.common import batches, scoped
from clauses.imports.limits import ImportLimits, LimitExceeded
from clauses.imports.reading import Column, UnreadableFile, read_table
from clauses.imports.report import ImportReport
from clauses.models import Beneficiary, HoursDeclaration, Lot, Market, Placement
from network.permissions import Action

COLUMNS = (
    Column("marche", "Référence du marché", example="DIJ-2025-014"),
    Column("lot", "Numéro du lot (vide si le marché n'a pas de lots)", example="2"),
    Column("beneficiaire", "Pseudonyme du bénéficiaire", example="B-0042"),
    Column("mois", "Mois, écrit AAAA-MM", example="2025-03"),
    Column("heures", "Heures travaillées dans le mois (virgule ou point)", example="35,5"),
    Column(
        "heures_formation", "Heures de formation dans le mois (facultatif)", required=False,
        example="7",
    ),
)
ZERO = Decimal("0.00")


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


def import_hours(file, user=None, name: str | None = None, today=None,
                 limits: ImportLimits | None = None) -> ImportReport:
    """Check every row of `file` and, if none is wrong, write them all in one transaction.

    `user` is the person importing: the permission policy decides which markets and
    beneficiaries they reach (None: a system import, see imports.common.scoped).
    `limits` default to the settings' (IMPORT_MAX_ROWS, IMPORT_MAX_SECONDS).
    """
    limits = limits or ImportLimits.from_settings()
    try:
        return _import(file, user, name, today or timezone.localdate(), limits)
    except LimitExceeded as error:
        return ImportReport.refused(str(error))


def _import(file, user, name, today, limits: ImportLimits) -> ImportReport:
    report = ImportReport()
    try:
        table = read_table(file, COLUMNS, name, limits)
    except UnreadableFile as error:
        report.add(0, "", str(error))
        return report
    report.rows = len(table.rows)
    if not table.rows:
        report.add(0, "", "Le fichier ne contient aucune ligne de données.")
        return report
    rows = []
    for line, cells in table.rows:
        limits.check_time()
        rows.append(_parse(line, cells, report))
    resolved = _Resolver(rows, user, limits).check(report, today)
    if report.errors:
        report.errors.sort(key=lambda error: error.line)
        return report
    _write(resolved, report, limits)
    return report


MISSING = {
    "marche": "Cette colonne doit être remplie.",
    "beneficiaire": "Cette colonne doit être remplie.",
    "mois": "Indiquez le mois, par exemple 2025-03.",
    "heures": "Indiquez les heures travaillées (0 s'il n'y en a pas).",
}
PARSERS = {"lot": values.integer, "mois": values.month, "heures": values.decimal,
           "heures_formation": values.decimal}


def _parse(line: int, cells: dict, report: ImportReport) -> Row:
    read = {}
    for column in ("marche", "lot", "beneficiaire", "mois", "heures", "heures_formation"):
        value = cells.get(column, "")
        if values.text(value) == "":
            if column in MISSING:
                report.add(line, column, MISSING[column])
            read[column] = ZERO if column == "heures_formation" else None
            continue
        parser = PARSERS.get(column, values.text)
        try:
            read[column] = parser(value)
        except values.InvalidValue as error:
            report.add(line, column, str(error))
            read[column] = None
    worked, training = read["heures"], read["heures_formation"]
    for column, message in checks.hours_errors(worked, training).items():
        report.add(line, column, message)
    return Row(line, read["marche"] or "", read["lot"], read["beneficiaire"] or "",
               read["mois"], worked, training)


class _Resolver:
    """Looks up the file's markets, lots, beneficiaries and placements in a few queries."""

    def __init__(self, rows: list[Row], user, limits: ImportLimits):
        self.rows = rows
        self.limits = limits
        refs = {row.market for row in rows if row.market}
        self.visible_markets: dict[str, int] = {}
        self.changeable_markets: set[int] = set()
        for chunk in batches(refs):
            limits.check_time()
            markets = Market.objects.filter(reference__in=chunk)
            self.visible_markets.update(
                scoped(user, Action.VIEW, markets).values_list("reference", "pk")
            )
            self.changeable_markets.update(
                scoped(user, Action.CHANGE, markets).values_list("pk", flat=True)
            )
        self.lots: set[tuple[int, int]] = set()
        for chunk in batches(self.visible_markets.values()):
            lots = Lot.objects.filter(market_id__in=chunk)
            self.lots.update(lots.values_list("market_id", "number"))
        pseudonyms = {row.pseudonym for row in rows if row.pseudonym}
        self.beneficiaries: dict[str, int] = {}
        for chunk in batches(pseudonyms):
            limits.check_time()
            self.beneficiaries.update(scoped(
                user, Action.VIEW, Beneficiary.objects.filter(pseudonym__in=chunk)
            ).values_list("pseudonym", "pk"))
        self.placements: dict[tuple[int, int], list[PlacementInfo]] = defaultdict(list)
        for chunk in batches(self.beneficiaries.values()):
            limits.check_time()
            found = scoped(user, Action.CHANGE, Placement.objects.filter(beneficiary_id__in=chunk))
            for row in found.values_list(
                "pk", "beneficiary_id", "clause_id", "clause__market_id", "clause__lot__number",
                "starts_on", "ends_on", "clause__starts_on", "clause__ends_on",
                "clause__market__execution_starts_on", "clause__market__execution_ends_on",
            ):
                (pk, beneficiary_id, clause_id, market_id, lot, starts, ends,
                 clause_starts, clause_ends, market_starts, market_ends) = row
                if market_id not in self.changeable_markets:
                    continue
                self.placements[(beneficiary_id, market_id)].append(PlacementInfo(
                    pk, clause_id, lot, checks.Period(starts, ends),
                    checks.Period(clause_starts or market_starts, clause_ends or market_ends),
                ))

    def check(self, report: ImportReport, today) -> list[tuple[Row, PlacementInfo]]:
        resolved = []
        seen: dict[tuple, int] = {}
        for row in self.rows:
            self.limits.check_time()
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

    def _placement(self, row: Row, report: ImportReport, today) -> PlacementInfo | None:
        market_id = self.visible_markets.get(row.market) if row.market else None
        if row.market and market_id is None:
            report.add(row.line, "marche",
                       f"Marché « {row.market} » inconnu ou hors de vos territoires.")
        elif market_id is not None and market_id not in self.changeable_markets:
            report.add(row.line, "marche",
                       f"Vous ne pouvez pas déclarer d'heures sur le marché « {row.market} » : "
                       "seuls les facilitateurs de ses territoires le peuvent.")
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


def _write(resolved: list[tuple[Row, PlacementInfo]], report: ImportReport,
           limits: ImportLimits) -> None:
    months = {row.month for row, _ in resolved}
    # A limit reached in here raises out of the transaction: nothing stays written.
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
        limits.check_time()
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
            upserts.append(HoursDeclaration(
                placement_id=placement.pk, month=row.month, hours_worked=row.worked,
                training_hours=row.training, credited_clause_id=credited, version=version,
            ))
        limits.check_time()
        if upserts:
            HoursDeclaration.objects.bulk_create(
                upserts, update_conflicts=True, unique_fields=["placement", "month"],
                update_fields=["hours_worked", "training_hours", "version", "updated_at"],
            )
