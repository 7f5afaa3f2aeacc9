"""/reseau/chiffres-cles/: public hours, people and markets by year and territory, with
every cell of fewer than 5 people hidden, and nothing hidden that a total would give away."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache

from clauses.bilans.key_figures import compute_key_figures
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import TerritoryFactory

pytestmark = pytest.mark.django_db
URL = "/reseau/chiffres-cles/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def employ(territory, people, year=2024, hours=100):
    """`people` persons on one market of `territory`, each with `hours` in January."""
    market = MarketFactory(lead_territory=territory, status="en_execution",
                           execution_starts_on=datetime.date(year, 1, 1))
    clause = ClauseFactory(market=market)
    for _ in range(people):
        placement = PlacementFactory(
            clause=clause, starts_on=datetime.date(year, 1, 1),
            beneficiary=BeneficiaryFactory(territory=territory, criteria=[]),
        )
        HoursDeclarationFactory(placement=placement, month=datetime.date(year, 1, 1),
                                hours_worked=Decimal(hours))


@pytest.fixture
def territories():
    names = ("Auxerrois", "Bassin dijonnais", "Chalonnais", "Nièvre")
    return {name: TerritoryFactory(name=name) for name in names}


def cells(year_figures):
    return {c.territory: c for c in [*year_figures.territories, year_figures.total]}


def test_a_territory_with_fewer_than_5_people_is_hidden(territories):
    employ(territories["Auxerrois"], 6)
    employ(territories["Bassin dijonnais"], 7)
    employ(territories["Chalonnais"], 8)
    employ(territories["Nièvre"], 4)

    (year,) = compute_key_figures()
    figures = cells(year)

    assert figures["Nièvre"].hidden
    # Nièvre alone could be worked out from the total: the smallest shown cell goes too.
    assert figures["Auxerrois"].hidden
    assert not figures["Bassin dijonnais"].hidden and not figures["Chalonnais"].hidden
    total = figures["Ensemble des territoires"]
    assert (total.hidden, total.people, total.hours) == (False, 25, Decimal("2500.00"))
    assert (figures["Chalonnais"].people, figures["Chalonnais"].hours) == (8, Decimal("800.00"))


def test_hidden_cells_must_hold_5_people_together(territories):
    employ(territories["Auxerrois"], 2)
    employ(territories["Bassin dijonnais"], 1)
    employ(territories["Chalonnais"], 6)
    employ(territories["Nièvre"], 9)

    figures = cells(compute_key_figures()[0])

    hidden = {name for name, cell in figures.items() if cell.hidden}
    assert hidden == {"Auxerrois", "Bassin dijonnais", "Chalonnais"}
    assert figures["Nièvre"].people == 9


def test_a_national_total_of_fewer_than_5_people_is_hidden_too(territories):
    employ(territories["Auxerrois"], 3)

    figures = cells(compute_key_figures()[0])

    assert figures["Auxerrois"].hidden and figures["Ensemble des territoires"].hidden


def test_a_person_counts_once_per_territory_and_year(territories):
    employ(territories["Auxerrois"], 5)
    person = BeneficiaryFactory(territory=territories["Auxerrois"], criteria=[])
    for month in (2, 3):  # one person, two months, two markets of the same territory
        market = MarketFactory(lead_territory=territories["Auxerrois"])
        placement = PlacementFactory(clause=ClauseFactory(market=market), beneficiary=person,
                                     starts_on=datetime.date(2024, month, 1))
        HoursDeclarationFactory(placement=placement, month=datetime.date(2024, month, 1),
                                hours_worked=Decimal(10))

    figures = cells(compute_key_figures()[0])["Auxerrois"]

    assert (figures.people, figures.markets, figures.hours) == (6, 3, Decimal("520.00"))


def test_the_page_is_public_and_hides_small_cells(client, territories):
    employ(territories["Bassin dijonnais"], 8, hours=120)
    employ(territories["Chalonnais"], 5, hours=10)
    employ(territories["Nièvre"], 2, hours=333)
    employ(territories["Auxerrois"], 6, year=2023)

    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Année 2024" in page and "Année 2023" in page
    for hidden in ("333", "666"):  # Nièvre's hours, in no cell (an id may hold the digits)
        assert f'data-value="{hidden}' not in page and f">{hidden}<" not in page
    assert 'data-value="960.00"' in page  # Bassin dijonnais: 8 people, shown
    assert page.count('data-secret="oui"') == 2  # Nièvre, and Chalonnais beside it
    assert "secret statistique" in page


def test_the_open_data_csv_has_the_same_table(client, territories):
    employ(territories["Bassin dijonnais"], 8, hours=120)
    employ(territories["Chalonnais"], 5, hours=10)
    employ(territories["Nièvre"], 2, hours=333)

    response = client.get("/reseau/chiffres-cles.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_territory = {row["territoire"]: row for row in rows}
    assert by_territory["Bassin dijonnais"] == {
        "annee": "2024", "territoire": "Bassin dijonnais",
        "territoire_identifiant": territories["Bassin dijonnais"].slug,
        "heures_realisees": "960.00", "personnes": "8", "marches_avec_heures": "1",
        "entreprises": "1", "secret_statistique": "non",
    }
    assert by_territory["Nièvre"]["heures_realisees"] == ""
    assert by_territory["Nièvre"]["personnes"] == ""
    assert by_territory["Nièvre"]["secret_statistique"] == "oui"
    assert by_territory["Chalonnais"]["secret_statistique"] == "oui"
    assert by_territory["Ensemble des territoires"]["personnes"] == "15"
    # Companies are no people: their count stays, even where hours and people are hidden.
    assert by_territory["Nièvre"]["entreprises"] == "1"
    assert by_territory["Ensemble des territoires"]["entreprises"] == "3"


def test_the_page_reads_few_queries_whatever_the_data(client, territories,
                                                      django_assert_max_num_queries):
    employ(territories["Auxerrois"], 6)
    with django_assert_max_num_queries(8):
        client.get(URL)
    cache.clear()
    for name in ("Bassin dijonnais", "Chalonnais", "Nièvre"):
        employ(territories[name], 6, year=2023)
    with django_assert_max_num_queries(8):
        client.get(URL)
