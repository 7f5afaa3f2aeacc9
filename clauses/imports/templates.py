"""The template files offered for download: the expected columns, and how to fill them."""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
from openpyxl.styles import Font

from clauses.imports.reading import Column
from portal.core.tabular import FRENCH, append_row, csv_bytes

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_csv(columns: Sequence[Column]) -> bytes:
    """The header line, with semicolons and a BOM, as French spreadsheets open them."""
    return csv_bytes([[column.name for column in columns]], FRENCH)


def template_xlsx(columns: Sequence[Column], title: str, rows: Sequence[Sequence] = (),
                  notes: Sequence[Column] = ()) -> bytes:
    """The import's first sheet with its header line and `rows` (a pre-filled template);
    `notes` are columns after the import's, for the reader only (the import ignores
    them)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    append_row(sheet, [column.name for column in (*columns, *notes)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for index, column in enumerate((*columns, *notes)):
        letter = openpyxl.utils.get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = max(14, len(column.example) + 4)
        # Months, references and lot numbers are text: Excel must not turn 2025-03 into
        # a date or drop the zeros of a reference.
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("Mode d'emploi")
    append_row(help_sheet, ["colonne", "contenu", "obligatoire", "exemple"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in columns:
        append_row(help_sheet, [
            column.name, column.label, "oui" if column.required else "non", column.example,
        ])
    for column in notes:
        append_row(help_sheet, [column.name, column.label, "non lue à l'import", ""])
    help_sheet.column_dimensions["B"].width = 70
    help_sheet.append([])
    append_row(help_sheet, [
        "Remplissez la première feuille, une ligne par déclaration, sans changer la ligne "
        "des titres. À la moindre erreur, rien n'est enregistré et chaque ligne à corriger "
        "est signalée."
    ])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
