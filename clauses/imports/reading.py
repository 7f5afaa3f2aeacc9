"""Reading an uploaded table (CSV or XLSX) into numbered rows keyed by normalised column names.

Spreadsheets made by hand vary: "Bénéficiaire", "beneficiaire" and "BENEFICIAIRE " are the
same column; French Excel writes CSV with semicolons and in Windows-1252. Values are kept as
the file gives them (text from CSV; numbers and dates as such from XLSX): each import parses
its own columns.

Reading stops as soon as the file holds more rows than the import's limits allow (an XLSX
is streamed in openpyxl's read-only mode, never loaded whole), and every reason to refuse
a file is told in French: no message of Python or of a library reaches the person.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from clauses.imports.limits import ImportLimits, check_xlsx

FORMATS = ("csv", "xlsx")
CSV_DELIMITERS = (";", ",", "\t")
TEXT_ENCODINGS = ("utf-8-sig", "cp1252")
MESSAGE_BAD_XLSX = "Ce fichier Excel n'est pas lisible : enregistrez-le au format .xlsx."
# The csv module's messages, in French (any other: the generic message).
CSV_ERRORS = {
    "field larger than field limit": "une cellule est trop longue ({limit} caractères au plus)",
    "new-line character seen in unquoted field": (
        "un retour à la ligne se trouve dans une cellule sans guillemets"
    ),
    "line contains NUL": "la ligne contient un caractère nul (fichier binaire ?)",
    "unexpected end of data": "le fichier se termine au milieu d'une cellule entre guillemets",
}


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why, in French."""


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    required: bool = True
    example: str = ""


@dataclass
class Table:
    rows: list[tuple[int, dict[str, object]]]


def normalise(header: object) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return "_".join(text.strip().lower().replace("-", " ").replace("'", " ").split())


def format_of(name: str) -> str:
    extension = PurePath(name or "").suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise UnreadableFile(
            "Déposez un fichier CSV (.csv) ou Excel (.xlsx) ; les autres formats ne sont "
            "pas lus."
        )
    return extension


def read_table(
    file, columns: Sequence[Column], name: str | None = None,
    limits: ImportLimits | None = None,
) -> Table:
    """The data rows of `file` (a path or an open binary file) with the given columns.

    Raises UnreadableFile when the file cannot be read or a required column is missing,
    and limits.LimitExceeded as soon as it holds more rows than `limits` allow, or takes
    longer. Columns the import does not know are ignored; fully empty rows are skipped.
    """
    limits = limits or ImportLimits.from_settings()
    name = name or getattr(file, "name", None) or str(file)
    kind = format_of(name)
    raw_rows = _xlsx_rows(file, limits) if kind == "xlsx" else _csv_rows(file)
    try:
        try:
            header_line, header = next(raw_rows)
        except StopIteration:
            raise UnreadableFile("Le fichier est vide.") from None
        positions = _positions(header, columns)
        rows = []
        for line, values in raw_rows:
            limits.check_time()
            if all(_blank(value) for value in values):
                continue
            limits.check_rows(len(rows) + 1)
            rows.append((line, {
                column: _clean(values[index]) if index < len(values) else ""
                for column, index in positions.items()
            }))
    finally:
        # Stopping early closes the XLSX at once (its generator's finally).
        raw_rows.close()
    return Table(rows=rows)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean(value: object) -> object:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def _positions(header: Sequence[object], columns: Sequence[Column]) -> dict[str, int]:
    known = {column.name for column in columns}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = normalise(title)
        if key in known and key not in positions:
            positions[key] = index
    missing = [c.name for c in columns if c.required and c.name not in positions]
    if missing:
        expected = ", ".join(column.name for column in columns)
        raise UnreadableFile(
            "Colonne(s) manquante(s) : " + ", ".join(missing) + ". La première ligne du "
            f"fichier doit nommer les colonnes : {expected} (voir le modèle à télécharger)."
        )
    return positions


def _read_bytes(file) -> bytes | str:
    if hasattr(file, "read"):
        file.seek(0)
        return file.read()
    with open(file, "rb") as handle:
        return handle.read()


def _csv_rows(file):
    data = _read_bytes(file)
    if isinstance(data, str):
        text = data
    else:
        for encoding in TEXT_ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - cp1252 decodes nearly anything
            raise UnreadableFile("Ce fichier CSV n'est pas lisible : enregistrez-le en UTF-8.")
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            yield reader.line_num, values
    except csv.Error as error:
        raise UnreadableFile(
            f"Ce fichier CSV est mal formé à la ligne {reader.line_num} : "
            f"{_csv_reason(str(error))}."
        ) from None


def _csv_reason(message: str) -> str:
    for start, reason in CSV_ERRORS.items():
        if message.startswith(start):
            return reason.format(limit=csv.field_size_limit())
    return "vérifiez les guillemets et le séparateur des colonnes"


def _xlsx_rows(file, limits: ImportLimits):
    if hasattr(file, "seek"):
        file.seek(0)
    check_xlsx(file, limits)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
            ParseError, EOFError, zlib.error) as error:
        raise UnreadableFile(MESSAGE_BAD_XLSX) from error
    try:
        sheet = workbook.worksheets[0]
        # Streamed row by row: the caller stops reading at its limits.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError,
            EOFError, zlib.error, ArithmeticError) as error:
        # A sheet damaged past its first rows, or a date cell out of any calendar.
        raise UnreadableFile(MESSAGE_BAD_XLSX) from error
    finally:
        workbook.close()
