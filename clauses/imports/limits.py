"""How much one import may read, and for how long (settings IMPORT_MAX_ROWS and
IMPORT_MAX_SECONDS).

An import runs inside a web worker: a file of hundreds of thousands of rows, or one that
takes minutes to check, would hold that worker (and its memory) long after the person
has given up. Past either limit the import stops and refuses the file as a whole, in
French; as with any error, nothing is written (a limit reached while writing rolls the
transaction back).

An XLSX file is measured before openpyxl opens it (check_xlsx): openpyxl parses a whole
sheet that does not declare its dimension, and holds every shared string in memory, before
the first row can be read. Its rows are counted in the compressed stream instead, up to
the limit, and its shared strings by their declared size.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import numberformat

# Text of the shared strings allowed per row of the limit (uncompressed XML).
SHARED_STRINGS_BYTES_PER_ROW = 1024
# A <row> start tag, with or without a namespace prefix (some writers use <x:row>).
ROW_TAG = re.compile(rb"<(?:\w{1,20}:)?row[\s/>]")
CHUNK = 1 << 20
CARRY = 32  # longer than any row tag: a tag cut between two chunks is read whole
# workbook.xml and its relationships are a few kilobytes; they are read with patterns,
# not an XML parser, which an entity bomb in them could make explode.
SMALL_PART = 1 << 20
FIRST_SHEET = re.compile(rb"<(?:\w{1,20}:)?sheet\s[^>]*?\b\w{1,20}:id\s*=\s*[\"']([^\"']+)")
RELATIONSHIP = re.compile(rb"<(?:\w{1,20}:)?Relationship\s([^>]*)>")
ATTRIBUTE = re.compile(rb"(\w+)\s*=\s*[\"']([^\"']*)")


class LimitExceeded(Exception):
    """The file is refused for its size or the time it takes; str() is the French message."""


def french_number(value: int) -> str:
    """1234567 -> "1 234 567" (narrow no-break spaces, as French typography writes it)."""
    return numberformat.format(value, ",", grouping=3, thousand_sep="\u202f",
                               force_grouping=True)


@dataclass
class ImportLimits:
    max_rows: int
    max_seconds: float
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_SECONDS)

    def check_rows(self, count: int) -> None:
        """Refuse the file once it holds more than max_rows rows of data."""
        if count > self.max_rows:
            raise LimitExceeded(
                f"Le fichier compte plus de {french_number(self.max_rows)} lignes de données, "
                "le maximum pour un import : découpez-le en plusieurs fichiers et importez-les "
                "l'un après l'autre. Rien n'a été enregistré."
            )

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.max_seconds:
            raise LimitExceeded(
                f"L'import a dépassé sa durée maximale ({french_number(int(self.max_seconds))} "
                "secondes) : découpez le fichier en plusieurs fichiers plus petits et "
                "importez-les l'un après l'autre. Rien n'a été enregistré."
            )


def check_xlsx(file, limits: ImportLimits) -> None:
    """Raise LimitExceeded if the XLSX `file` (a path or a binary file) holds more rows in
    its first sheet than `limits` allow, or more shared text than they can hold. A file
    that is not a readable XLSX passes: openpyxl then says it is unreadable."""
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
            strings = [i for i in parts if i.filename.endswith("sharedStrings.xml")]
            if sum(i.file_size for i in strings) > SHARED_STRINGS_BYTES_PER_ROW * max(
                limits.max_rows, 1000
            ):
                raise LimitExceeded(
                    "Ce fichier Excel contient trop de texte pour un import : découpez-le en "
                    "plusieurs fichiers et importez-les l'un après l'autre. Rien n'a été "
                    "enregistré."
                )
            first = _first_sheet(archive)
            # Without a readable first sheet, every sheet must be within the limits.
            sheets = [first] if first else [
                i.filename for i in parts if i.filename.startswith("xl/worksheets/")
                and i.filename.endswith(".xml")
            ]
            for sheet in sheets:
                with archive.open(sheet) as stream:
                    _count_rows(stream, limits)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return
    finally:
        if hasattr(file, "seek"):
            file.seek(0)


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The path of the workbook's first sheet, the one the imports read."""
    parts = {info.filename: info for info in archive.infolist()}
    names = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    if any(name not in parts or parts[name].file_size > SMALL_PART for name in names):
        return None
    first = FIRST_SHEET.search(archive.read(names[0]))
    if first is None:
        return None
    for relationship in RELATIONSHIP.finditer(archive.read(names[1])):
        attributes = dict(ATTRIBUTE.findall(relationship[1]))
        if attributes.get(b"Id") == first[1]:
            target = attributes.get(b"Target", b"").decode("utf-8", "replace")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target)
            )
            return path if path in parts else None
    return None


def _count_rows(stream, limits: ImportLimits) -> None:
    """Count the sheet's rows as the XML streams by; stop past the limit (header + rows)."""
    count, carry = 0, b""
    while True:
        limits.check_time()
        chunk = stream.read(CHUNK)
        data = carry + chunk
        end = len(data) if not chunk else max(0, len(data) - CARRY)
        count += len(ROW_TAG.findall(data, 0, end))
        limits.check_rows(count - 1)  # the first row names the columns
        if not chunk:
            return
        carry = data[end:]
