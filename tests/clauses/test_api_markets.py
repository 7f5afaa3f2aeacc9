"""Reading markets, their clauses and hours, and their placements through the API."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import APIToken

from tests.clauses.factories import (
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)

PERSONAL_KEYS = {"nom", "prenom", "last_name", "first_name", "birth_date", "date_de_naissance",
                 "code_postal", "postal_code", "commune", "notes", "observations"}


@pytest.fixture
def api(client):
    def call(user, path, **params):
        token = APIToken.create_token(user=user, name="test")[1]
        return client.get(f"/api/v1{path}", params, headers={"Authorization": f"Bearer {token}"})
    return call


@pytest.fixture
def nevers_market(world):
    market = MarketFactory(lead_territory=world.nevers, buyer=world.other_buyer,
                           reference="NEVERS-1")
    ClauseFactory(market=market)
    return market


def _references(response):
    assert response.status_code == 200, response.content
    return [item["reference"] for item in response.json()["items"]]


def test_a_facilitator_token_sees_only_the_markets_of_their_territories(api, world,
                                                                        nevers_market):
    assert _references(api(world.users["facilitateur_territoire"], "/marches")) == [
        world.market.reference
    ]
    assert _references(api(world.users["facilitateur_autre_territoire"], "/marches")) == [
        "NEVERS-1"
    ]
    assert sorted(_references(api(world.users["coordinateur"], "/marches"))) == sorted(
        [world.market.reference, "NEVERS-1"]
    )


def test_a_market_shared_with_a_territory_is_listed_once(api, world):
    world.market.territories.set([world.dijon, world.nevers])

    assert _references(api(world.users["coordinateur"], "/marches")) == [world.market.reference]
    assert _references(api(world.users["facilitateur_autre_territoire"], "/marches")) == [
        world.market.reference
    ]


def test_a_buyer_referent_sees_the_markets_of_their_organisation(api, world, nevers_market):
    assert _references(api(world.users["referent_acheteur"], "/marches")) == [
        world.market.reference
    ]
    assert _references(api(world.users["referent_autre_acheteur"], "/marches")) == ["NEVERS-1"]
    assert _references(api(world.users["membre"], "/marches")) == []


def test_the_list_gives_hours_required_and_done(api, world):
    item = api(world.users["facilitateur_territoire"], "/marches").json()["items"][0]

    assert item["heures_exigees"] == "1200.00"
    assert item["heures_realisees"] == "120.00"
    assert item["acheteur"] == {"id": world.buyer.pk, "nom": world.buyer.name}
    assert item["etat"] == "en_execution"
    assert item["etat_libelle"] == "En exécution"


def test_the_list_filters_and_pages(api, world):
    for number in range(3):
        MarketFactory(lead_territory=world.dijon, programme_year=2024, reference=f"OLD-{number}")
    user = world.users["facilitateur_territoire"]

    assert sorted(_references(api(user, "/marches", annee=2024))) == ["OLD-0", "OLD-1", "OLD-2"]
    assert _references(api(user, "/marches", etat="en_execution")) == [world.market.reference]
    page = api(user, "/marches", limit=2, offset=1).json()
    assert page["count"] == 4
    assert len(page["items"]) == 2


def test_a_wrong_filter_answers_422_in_french(api, world):
    response = api(world.users["facilitateur_territoire"], "/marches", annee="deux-mille")

    assert response.status_code == 422
    assert response.json() == {"erreurs": {"annee": ["Saisissez un nombre entier."]}}


def test_the_list_takes_a_bounded_number_of_queries(client, world,
                                                    django_assert_max_num_queries):
    for _ in range(12):
        ClauseFactory(market=MarketFactory(lead_territory=world.dijon))
    user = world.users["coordinateur"]
    token = APIToken.create_token(user=user, name="test")[1]

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/marches", headers={"Authorization": f"Bearer {token}"})
    assert response.json()["count"] == 13


def test_market_detail_gives_lots_clauses_and_their_hours(api, world):
    market_clause = ClauseFactory(market=world.market, lot=None, required_hours=Decimal("300"),
                                  starts_on=datetime.date(2025, 3, 1))
    body = api(world.users["facilitateur_territoire"], f"/marches/{world.market.pk}").json()

    assert body["reference"] == world.market.reference
    assert body["heures_exigees"] == "1500.00"
    assert body["lots"] == [{
        "numero": world.clause.lot.number, "intitule": world.clause.lot.title,
        "montant": "500000.00", "titulaire": world.clause.lot.contractor.name,
    }]
    clauses = {c["id"]: c for c in body["clauses"]}
    assert clauses[world.clause.pk]["heures_realisees"] == "120.00"
    assert clauses[world.clause.pk]["lot"] == world.clause.lot.number
    assert clauses[market_clause.pk] == {
        "id": market_clause.pk, "lot": None, "fondement_juridique": "condition_execution",
        "heures_exigees": "300.00", "heures_realisees": "0.00", "debut": "2025-03-01",
        "fin": "2025-12-31",
    }


def test_a_market_outside_the_users_reach_answers_404(api, world, nevers_market):
    response = api(world.users["facilitateur_territoire"], f"/marches/{nevers_market.pk}")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Introuvable")


def test_placements_show_pseudonyms_and_no_personal_field(api, world):
    body = api(world.users["referent_acheteur"], f"/marches/{world.market.pk}/placements").json()

    assert body["count"] == 1
    placement = body["items"][0]
    assert placement["beneficiaire"] == world.beneficiary.pseudonym
    assert not PERSONAL_KEYS & set(placement)
    text = str(body)
    assert world.beneficiary.last_name not in text
    assert world.beneficiary.first_name not in text


def test_placements_list_in_bounded_queries(client, world, django_assert_max_num_queries):
    for _ in range(10):
        HoursDeclarationFactory(placement=PlacementFactory(clause=world.clause))
    token = APIToken.create_token(user=world.users["facilitateur_territoire"], name="t")[1]

    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/marches/{world.market.pk}/placements",
                              headers={"Authorization": f"Bearer {token}"})
    assert response.json()["count"] == 11
