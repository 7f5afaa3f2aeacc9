"""The admin's market listing exports (/admin/marches/?export=csv|xlsx): the rows the
person sees there, written by the portal's one writer."""

import csv
import io

import openpyxl
import pytest

from tests.clauses.factories import MarketFactory


@pytest.fixture
def hidden(world):
    """A market of a territory the Dijon facilitator does not follow."""
    return MarketFactory(reference="CACHE-01", lead_territory=world.nevers, buyer=world.buyer)


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_export_holds_the_facilitators_markets(client, world, hidden):
    world.market.title = "=HYPERLINK(\"http://exemple.invalid\")"
    world.market.save()
    client.force_login(world.users["facilitateur_territoire"])

    response = client.get("/admin/marches/", {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="marches.csv"'
    header, *rows = _csv(response)
    assert header[:3] == ["Référence", "Intitulé", "Acheteur"]
    assert "État" in header
    assert [row[0] for row in rows] == [world.market.reference]
    row = dict(zip(header, rows[0], strict=True))
    assert row["Intitulé"].startswith("'=")  # a formula stays text
    assert row["Acheteur"] == str(world.buyer)
    assert row["Montant estimé (€ HT)"] == "1000000,00"
    assert row["État"] == "En exécution"
    assert row["Début d'exécution"] == "01/01/2025"


def test_the_export_follows_the_listing_filters(client, world, hidden):
    client.force_login(world.users["coordinateur"])

    everything = _csv(client.get("/admin/marches/", {"export": "csv"}))[1:]
    forecasts = _csv(client.get("/admin/marches/", {"export": "csv", "status": "prevision"}))[1:]

    assert {row[0] for row in everything} == {world.market.reference, "CACHE-01"}
    assert [row[0] for row in forecasts] == ["CACHE-01"]


def test_the_xlsx_export(client, world, hidden):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.get("/admin/marches/", {"export": "xlsx"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Référence"
    assert [row[0] for row in rows[1:]] == [world.market.reference]


def test_a_listing_without_export_columns_answers_404(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    assert client.get("/admin/lots-marches/", {"export": "csv"}).status_code == 404
