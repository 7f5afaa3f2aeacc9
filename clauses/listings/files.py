"""A listing's rows as the XLSX and CSV files people download, through the portal's one
table writer (portal.core.tabular): CSV in French conventions (semicolon, decimal
comma, dd/mm/yyyy, UTF-8 with a byte-order mark), XLSX with numbers and dates as such."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from clauses.listings.base import Column, file_rows
from portal.core.tabular import FRENCH, FRENCH_DATE_FORMAT, append_row, iter_csv

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")


def too_many(count: int) -> bool:
    """Whether a list of `count` rows is above the export cap (EXPORT_MAX_ROWS)."""
    return count > settings.EXPORT_MAX_ROWS


def filename(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def xlsx_content(columns: list[Column], rows: Iterable, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # A sheet's title holds at most 31 characters, none of []:*?/\.
    sheet = workbook.create_sheet(title="".join(c for c in title if c not in "[]:*?/\\")[:31])
    for values in file_rows(columns, rows):
        append_row(sheet, values, FRENCH_DATE_FORMAT)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(fmt: str, columns: list[Column], rows: Iterable, stem: str,
             title: str) -> HttpResponse:
    if fmt == "csv":
        # Line by line: the whole text is never held in memory next to the rows.
        answer = StreamingHttpResponse(
            (line.encode("utf-8") for line in iter_csv(file_rows(columns, rows), FRENCH)),
            content_type=CSV_MIME,
        )
    else:
        answer = HttpResponse(xlsx_content(columns, rows, title), content_type=XLSX_MIME)
    answer["Content-Disposition"] = f'attachment; filename="{filename(stem, fmt)}"'
    return answer
