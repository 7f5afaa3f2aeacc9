"""The one writer of the tables the portal hands out: CSV files, and the cells of XLSX sheets.

Spreadsheet software reads a cell whose text begins with =, +, -, @, a tab or a
carriage return as a formula, so a market title or a territory name typed as
``=HYPERLINK(...)`` would run in the reader's spreadsheet (CSV injection). Following
OWASP's rule, such text is written with a leading single quote in CSV and as a text
cell with Excel's quote prefix in XLSX. Numbers passed as numbers (int, Decimal,
float) are written as numbers, negative ones included: only text is neutralised.

Two CSV styles: PLAIN (comma, decimal point, ISO dates: the open-data files, which
machines read) and FRENCH (the files people open, lists and bilans: semicolon, decimal
comma, dd/mm/yyyy, UTF-8 with a byte-order mark and CRLF, as French Excel opens a file
by double-click).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class CsvStyle:
    delimiter: str = ","
    decimal_separator: str = "."
    date_format: str = "%Y-%m-%d"
    line_end: str = "\n"
    byte_order_mark: bool = False


PLAIN = CsvStyle()
FRENCH = CsvStyle(delimiter=";", decimal_separator=",", date_format="%d/%m/%Y",
                  line_end="\r\n", byte_order_mark=True)


def neutralise(text: str) -> str:
    """`text`, with a leading quote if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: int | float | Decimal, style: CsvStyle) -> str:
    written = f"{value:f}" if isinstance(value, Decimal) else str(value)
    return written.replace(".", style.decimal_separator)


def csv_cell(value: object, style: CsvStyle = PLAIN) -> str:
    """How one value is written in a CSV cell of `style`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return _number(value, style)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime(style.date_format)
    return neutralise(str(value))


class _Line:
    """A file-like object that hands back each line written to it, for streaming."""

    def write(self, text: str) -> str:
        return text


def iter_csv(rows: Iterable[Sequence[object]], style: CsvStyle = PLAIN) -> Iterator[str]:
    """The CSV text of `rows`, line by line (a StreamingHttpResponse can send it)."""
    # The csv module quotes a field holding a character of its line terminator only: with
    # "\r\n" every field with a line break (\n or \r) is quoted, then the style's line
    # end replaces it.
    writer = csv.writer(_Line(), delimiter=style.delimiter, lineterminator="\r\n")
    if style.byte_order_mark:
        yield BYTE_ORDER_MARK
    for row in rows:
        yield writer.writerow([csv_cell(value, style) for value in row])[:-2] + style.line_end


def write_csv(rows: Iterable[Sequence[object]], style: CsvStyle = PLAIN) -> str:
    buffer = io.StringIO()
    buffer.writelines(iter_csv(rows, style))
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]], style: CsvStyle = PLAIN) -> bytes:
    return write_csv(rows, style).encode("utf-8")


# --- XLSX ---------------------------------------------------------------------------


# How French readers write a day, for the date cells of the sheets that ask for it.
FRENCH_DATE_FORMAT = "DD/MM/YYYY"


def xlsx_cells(sheet, values: Iterable[object], date_format: str | None = None) -> list:
    """Cells for `sheet.append()`, text never read as a formula.

    openpyxl makes a formula of any text starting with "=": such cells are turned back
    into text. Text that Excel would turn into a formula when someone edits the cell
    (=, +, -, @…) also gets the quote prefix, as typing a leading ' in Excel does.
    Dates stay dates, shown in `date_format` when one is given. Works for normal and
    write-only sheets.
    """
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
        elif date_format and isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            cell.number_format = date_format
        cells.append(cell)
    return cells


def append_row(sheet, values: Iterable[object], date_format: str | None = None) -> None:
    """`sheet.append(values)`, through xlsx_cells()."""
    sheet.append(xlsx_cells(sheet, values, date_format))
