"""GET /api/v1/bilans: the seven indicators as JSON, for the scopes the account may read."""

from decimal import Decimal

import pytest
from wagtail.models import APIToken

from clauses.bilans.indicators import INDICATORS
from tests.clauses.bilan_factories import build_dataset
from tests.network.factories import administrator, coordinator_of, facilitator_of, member

pytestmark = pytest.mark.django_db
URL = "/api/v1/bilans"


@pytest.fixture
def data():
    return build_dataset()


def test_the_answer_has_exactly_the_seven_indicators(client, data):
    client.force_login(administrator())

    response = client.get(URL, {"annee": "2024"})

    assert response.status_code == 200
    body = response.json()
    assert tuple(body) == INDICATORS
    assert body["heures_realisees"]["total"] == "600.00"
    assert body["personnes"]["total"] == 5
    assert body["marches_avec_clause"] == {"total": 3, "en_execution": 2, "termines": 1,
                                           "acheteurs": 2, "entreprises": 4}
    assert [row["heures"] for row in body["heures_realisees"]["par_entreprise"]] == [
        "330.00", "180.00", "90.00"]


def test_a_territory_by_its_slug(client, data):
    client.force_login(facilitator_of(data.t1))

    body = client.get(URL, {"annee": "2024", "territoire": "senonais"}).json()

    assert body["heures_realisees"]["travaillees"] == "310.00"
    assert body["personnes"]["total"] == 3


def test_without_a_scope_the_widest_one_open_to_the_account(client, data):
    client.force_login(coordinator_of(data.network))

    body = client.get(URL, {"annee": "2024"}).json()

    assert body["personnes"]["total"] == 4  # the network: T1 and T2


def test_a_personal_token_works_like_the_session(client, data):
    _, key = APIToken.create_token(user=facilitator_of(data.t1), name="tableur")

    response = client.get(URL, {"annee": "2024", "territoire": "senonais"},
                          headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 200
    assert Decimal(response.json()["heures_realisees"]["total"]) == Decimal("330")


def test_anonymous_callers_must_authenticate(client, data):
    response = client.get(URL, {"annee": "2024"})

    assert response.status_code == 401
    assert "Authentification requise" in response.json()["detail"]


def test_another_territory_answers_as_an_absent_one(client, data):
    client.force_login(facilitator_of(data.t1))

    response = client.get(URL, {"annee": "2024", "territoire": "auxerrois"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Aucun territoire n'a l'identifiant « auxerrois »."}


def test_an_account_without_any_scope_is_told_why(client, data):
    client.force_login(member())

    response = client.get(URL, {"annee": "2024"})

    assert response.status_code == 403
    assert "réservés aux facilitateurs" in response.json()["detail"]


@pytest.mark.parametrize(("params", "field", "message"), [
    ({}, "annee", "Indiquez l'année du bilan"),
    ({"annee": "24"}, "annee", "L'année doit être comprise entre 2008 et"),
    ({"annee": "deux mille"}, "annee", "n'est pas une année"),
    ({"annee": "2024", "territoire": "senonais", "acheteur": "1"}, "perimetre",
     "Un seul périmètre à la fois"),
    ({"annee": "2024", "acheteur": "abc"}, "perimetre", "est un nombre"),
])
def test_bad_parameters_are_refused_in_french(client, data, params, field, message):
    client.force_login(administrator())

    response = client.get(URL, params)

    assert response.status_code == 422
    assert message in response.json()["erreurs"][field][0]


def test_an_unknown_territory_is_not_found(client, data):
    client.force_login(administrator())

    response = client.get(URL, {"annee": "2024", "territoire": "nulle-part"})

    assert response.status_code == 404
    assert "nulle-part" in response.json()["detail"]


def test_the_route_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/bilans" in schema["paths"]
