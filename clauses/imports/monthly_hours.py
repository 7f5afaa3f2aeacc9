"""Import of monthly hours: one row per beneficiary, market (lot) and month.

This module reads the file into rows; clauses.operations.bulk_hours checks every row
with the rules of a declaration and writes them only if none is wrong: with one error,
the file is refused as a whole. Importing the same file again changes nothing (no
version is bumped when the hours are equal). A file beyond the import limits (rows,
seconds: imports.limits) is refused as a whole.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from clauses.imports import values
from clauses.imports.limits import ImportLimits, LimitExceeded
from clauses.imports.reading import Column, UnreadableFile, read_table
from clauses.imports.report import ImportReport
from clauses.operations.bulk_hours import Row, declare_rows
from clauses.operations.common import SYSTEM
from clauses.rules import hours as checks

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


def import_hours(file, user=None, name: str | None = None, today=None,
                 limits: ImportLimits | None = None) -> ImportReport:
    """Check every row of `file` and, if none is wrong, write them all in one transaction.

    `user` is the person importing: the permission policy decides which markets and
    beneficiaries they reach (None: a system import by the operator, every right).
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
    # A limit reached while the rows are written raises out of the transaction: nothing
    # stays written.
    declare_rows(SYSTEM if user is None else user, rows, report, today,
                 check_time=limits.check_time)
    report.errors.sort(key=lambda error: error.line)
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
