"""Reading a bilan back from each output (HTML page, CSV, XLSX, JSON) into one shape:
{(indicator, table, code, measure): Decimal}, so that the tests can compare them. A
breakdown under statistical secrecy reads as {(indicator, table, SECRECY_MARK, ""): None}."""

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

from clauses.bilans.exports import MEASURE_LABELS
from clauses.bilans.secrecy import SECRECY_MARK, is_secret

MEASURE_KEYS = {label.lower(): key for key, label in MEASURE_LABELS.items()}


def _number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def from_json(bilan: dict) -> dict:
    """compute_bilan()'s dict or the API's JSON."""
    numbers = {}
    for indicator, content in bilan.items():
        for name, value in content.items():
            if is_secret(value):
                numbers[(indicator, name, SECRECY_MARK, "")] = None
            elif isinstance(value, list):
                for row in value:
                    for measure, number in row.items():
                        if measure not in ("code", "libelle"):
                            numbers[(indicator, name, row["code"], measure)] = _number(number)
            else:
                numbers[(indicator, "", name, "")] = _number(value)
    return numbers


def _flat(rows) -> dict:
    numbers = {}
    for indicator, table, code, measure, value in rows:
        measure = MEASURE_KEYS[measure] if table and code != SECRECY_MARK else ""
        numbers[(indicator, table, code, measure)] = _number(value)
    return numbers


def from_csv(text: str) -> dict:
    """The French CSV: semicolons, decimal commas, a byte-order mark."""
    assert text.startswith("\ufeff"), "the bilan CSV starts with a byte-order mark"
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                            delimiter=";")
    return _flat(
        (r["indicateur"], r["tableau"], r["code"], r["mesure"], r["valeur"].replace(",", "."))
        for r in reader
    )


def from_xlsx(content: bytes) -> dict:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True)["Données"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    index = {name: header.index(name) for name in header}
    return _flat(
        (r[index["indicateur"]], r[index["tableau"]] or "", r[index["code"]],
         r[index["mesure"]], r[index["valeur"]])
        for r in rows[1:]
    )


class _BilanPage(HTMLParser):
    """Reads data-indicator / data-table / data-code / data-measure / data-value."""

    def __init__(self):
        super().__init__()
        self.numbers = {}
        self.indicator = self.table = self.code = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-indicator" in attrs:
            self.indicator, self.table = attrs["data-indicator"], ""
        elif tag == "table":
            self.table = attrs.get("data-table", "")
        elif "data-secret" in attrs and self.indicator:
            self.numbers[(self.indicator, attrs["data-table"], SECRECY_MARK, "")] = None
        elif tag == "tr" and "data-code" in attrs:
            self.code = attrs["data-code"]
        elif tag == "td" and "data-value" in attrs and self.indicator:
            if "data-measure" in attrs:
                key = (self.indicator, self.table, self.code, attrs["data-measure"])
            else:
                key = (self.indicator, "", attrs["data-code"], "")
            self.numbers[key] = _number(attrs["data-value"])


def from_html(html: str) -> dict:
    parser = _BilanPage()
    parser.feed(html)
    return parser.numbers
