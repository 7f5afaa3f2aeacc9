"""Imports are capped in rows and in time, refuse in French and write nothing; an XLSX is
measured before openpyxl opens it; reports list the first 200 errors and count the rest."""

import html
import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from clauses.imports import reading
from clauses.imports.forecasts import import_forecasts
from clauses.imports.limits import ImportLimits, french_number
from clauses.imports.monthly_hours import import_hours
from clauses.models import HoursDeclaration, Market

HOURS_URL = "/espace/marches/import/"
HEADER = "marche;lot;beneficiaire;mois;heures;heures_formation"
TOO_MANY = f"Le fichier compte plus de {french_number(50_000)} lignes de données"
TOO_LONG = "L'import a dépassé sa durée maximale"
NOTHING = "Rien n'a été enregistré."


def line(world, month="2025-03", hours="35", market=None):
    return ";".join([market or world.market.reference, str(world.clause.lot.number),
                     world.beneficiary.pseudonym, month, hours, ""])


def csv_text(*lines) -> str:
    return "\n".join([HEADER, *lines])


def csv_file(*lines, name="heures.csv"):
    data = io.BytesIO(csv_text(*lines).encode("utf-8"))
    data.name = name
    return data


def xlsx_bytes(rows: int) -> bytes:
    """An XLSX of `rows` data rows without a declared dimension (as openpyxl's write-only
    mode and many generators write it), built straight into the archive: fast to make."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Heures")
    sheet.append(HEADER.split(";"))
    small = io.BytesIO()
    workbook.save(small)
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER.split(";"))
    body = "".join(
        f'<row r="{n}"><c t="inlineStr"><is><t>M-{n % 97}</t></is></c>'
        f'<c t="inlineStr"><is><t>B-{n}</t></is></c><c t="inlineStr"><is><t>2025-03</t>'
        f'</is></c><c><v>35</v></c></row>'
        for n in range(2, rows + 2)
    )
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{header}</row>{body}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            z.writestr(item.filename, sheet_xml if item.filename.startswith("xl/worksheets/")
                       else data)
    return out.getvalue()


@pytest.fixture
def patient(settings):
    """Room enough in time for the tests about rows, however busy the machine."""
    settings.IMPORT_MAX_SECONDS = 600


def test_a_60000_row_csv_is_refused_on_the_screen_in_french_and_nothing_is_written(
    client, world, patient
):
    client.force_login(world.users["facilitateur_territoire"])
    content = csv_text(*(line(world) for _ in range(60_000)))

    response = client.post(HOURS_URL, {"fichier": SimpleUploadedFile(
        "heures.csv", content.encode(), content_type="text/csv")})

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert TOO_MANY in page and NOTHING in page
    assert HoursDeclaration.objects.count() == 1


def test_the_command_refuses_it_too(world, tmp_path, capsys, patient):
    path = tmp_path / "heures.csv"
    path.write_text(csv_text(*(line(world) for _ in range(60_000))), encoding="utf-8")

    with pytest.raises(CommandError, match="Import refusé : 1 erreur"):
        call_command("import_hours", str(path))

    assert TOO_MANY in capsys.readouterr().err
    assert HoursDeclaration.objects.count() == 1


def test_the_limit_is_a_setting(world, settings):
    settings.IMPORT_MAX_ROWS = 2

    refused = import_hours(csv_file(line(world, "2025-03"), line(world, "2025-04"),
                                    line(world, "2025-05")))
    accepted = import_hours(csv_file(line(world, "2025-03"), line(world, "2025-04")))

    assert "Le fichier compte plus de 2 lignes de données" in str(refused.errors[0])
    assert accepted.ok and accepted.created == 2


def test_a_big_xlsx_is_refused_before_openpyxl_reads_it(world, monkeypatch, patient):
    content = xlsx_bytes(300_000)
    data = io.BytesIO(content)
    data.name = "heures.xlsx"

    def not_opened(*args, **kwargs):
        raise AssertionError("openpyxl must not open a file beyond the limit")

    monkeypatch.setattr(reading.openpyxl, "load_workbook", not_opened)
    started = time.monotonic()
    report = import_hours(data)

    assert len(content) > 1_000_000
    assert time.monotonic() - started < 5
    assert TOO_MANY in str(report.errors[0])
    assert HoursDeclaration.objects.count() == 1


def test_an_xlsx_within_the_limit_is_still_read(world, settings):
    settings.IMPORT_MAX_ROWS = 500
    data = io.BytesIO(xlsx_bytes(500))
    data.name = "heures.xlsx"

    report = import_hours(data)

    assert "lignes de données" not in str(report.errors[0])
    assert report.rows == 500  # read, then refused row by row (unknown markets)


def test_a_file_checked_too_slowly_is_refused_and_nothing_is_written(world, settings):
    settings.IMPORT_MAX_SECONDS = 0

    report = import_hours(csv_file(line(world, "2025-03")),
                          user=world.users["facilitateur_territoire"])

    assert TOO_LONG in str(report.errors[0]) and NOTHING in str(report.errors[0])
    assert HoursDeclaration.objects.count() == 1


def test_a_limit_reached_while_writing_rolls_everything_back(world, monkeypatch):
    reference = "DRFIP-2026-031"
    columns = ("reference;intitule;territoire;annee;categorie")
    data = io.BytesIO(f"{columns}\n{reference};Nettoyage;t-dijon;2026;Services".encode())
    data.name = "previsions.csv"
    original = ImportLimits.check_time

    def late(limits):
        # Reached once the markets are inserted, inside the import's transaction.
        if Market.objects.filter(reference=reference).exists():
            limits.max_seconds = -1
        original(limits)

    monkeypatch.setattr(ImportLimits, "check_time", late)
    report = import_forecasts(data, user=world.users["referent_acheteur"])

    assert TOO_LONG in str(report.errors[0])
    assert not Market.objects.filter(reference=reference).exists()


def test_the_screen_lists_the_first_200_errors_and_counts_the_rest(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    content = csv_text(*(line(world, market=f"X-{n}") for n in range(300)))

    response = client.post(HOURS_URL, {"fichier": SimpleUploadedFile(
        "heures.csv", content.encode(), content_type="text/csv")})

    page = response.content.decode()
    assert page.count("inconnu ou hors de vos territoires") == 200
    assert "… et 100 autres erreurs" in page
    assert "Import refusé : 300 erreur(s) sur 300 ligne(s)" in page


def test_the_command_lists_the_first_200_errors_and_counts_the_rest(
    world, tmp_path, capsys, patient
):
    path = tmp_path / "heures.csv"
    path.write_text(csv_text(*(line(world, market=f"X-{n}") for n in range(50_000))),
                    encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_hours", str(path))

    err = capsys.readouterr().err.splitlines()
    assert len(err) == 201
    assert err[-1] == f"… et {french_number(49_800)} autres erreurs"
    assert french_number(49_800) == "49\u202f800"


def test_a_cell_too_long_for_the_csv_reader_is_told_in_french(world):
    report = import_hours(csv_file(line(world) + "x" * 200_000))

    message = str(report.errors[0])
    assert "Ce fichier CSV est mal formé à la ligne 2 : une cellule est trop longue" in message
    assert "field" not in message


def test_a_damaged_xlsx_is_told_in_french(world):
    content = bytearray(xlsx_bytes(50))
    content[len(content) // 2:len(content) // 2 + 40] = b"\0" * 40
    data = io.BytesIO(bytes(content))
    data.name = "heures.xlsx"

    report = import_hours(data)

    assert str(report.errors[0]) == (
        "Fichier : Ce fichier Excel n'est pas lisible : enregistrez-le au format .xlsx."
    )
