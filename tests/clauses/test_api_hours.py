"""Declaring and changing hours through the API, with the import's checks."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import APIToken

from clauses.models import STALE_MESSAGE, HoursDeclaration
from clauses.models.placements import MESSAGE_NOT_GLOBALISED
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    GlobalisationAgreementFactory,
    LotFactory,
    MarketFactory,
    PlacementFactory,
)

DECLARATIONS = "/api/v1/declarations"


@pytest.fixture
def as_user(client):
    def bound(user):
        token = APIToken.create_token(user=user, name="test")[1]
        headers = {"Authorization": f"Bearer {token}"}

        class Caller:
            def post(self, path, data):
                return client.post(path, data, content_type="application/json", headers=headers)

            def put(self, path, data):
                return client.put(path, data, content_type="application/json", headers=headers)

            def get(self, path):
                return client.get(path, headers=headers)
        return Caller()
    return bound


@pytest.fixture
def facilitator(world, as_user):
    return as_user(world.users["facilitateur_territoire"])


def test_a_facilitator_declares_the_hours_of_a_month(facilitator, world):
    response = facilitator.post(DECLARATIONS, {
        "placement": world.placement.pk, "mois": "2025-03", "heures": "151,67",
        "heures_formation": 7,
    })

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mois"] == "2025-03"
    assert (body["heures"], body["heures_formation"]) == ("151.67", "7.00")
    assert body["beneficiaire"] == world.beneficiary.pseudonym
    assert body["clause_creditee"] == world.clause.pk
    assert body["version"] == 1
    declaration = HoursDeclaration.objects.get(pk=body["id"])
    assert declaration.hours_worked == Decimal("151.67")


def test_bad_input_answers_422_with_french_messages_per_field(facilitator, world):
    response = facilitator.post(DECLARATIONS, {
        "placement": world.placement.pk, "mois": "mars 2025", "heures": "-4",
        "heures_formation": "beaucoup",
    })

    assert response.status_code == 422
    errors = response.json()["erreurs"]
    assert set(errors) == {"mois", "heures", "heures_formation"}
    assert "AAAA-MM" in errors["mois"][0]
    assert errors["heures"] == ["Le nombre d'heures ne peut pas être négatif."]
    assert "n'est pas un nombre" in errors["heures_formation"][0]
    assert HoursDeclaration.objects.count() == 1


def test_missing_or_mistyped_fields_answer_in_the_same_french_shape(facilitator, world):
    response = facilitator.post(DECLARATIONS, {"placement": "abc", "heures": "3"})

    assert response.status_code == 422
    assert response.json() == {"erreurs": {
        "placement": ["Saisissez un nombre entier."], "mois": ["Ce champ est obligatoire."],
    }}


@pytest.mark.parametrize(("month", "hours", "field", "message"), [
    ("2024-12", "35", "mois", "en dehors"),
    ("2025-03", "300", "heures", "Plus de 250 heures"),
    ("2025-03", "0", "heures", "au moins une heure"),
    ("2099-01", "35", "mois", "mois à venir"),
    ("2025-02", "35", "mois", "déjà déclarées"),
])
def test_the_import_checks_apply(facilitator, world, month, hours, field, message):
    response = facilitator.post(DECLARATIONS, {
        "placement": world.placement.pk, "mois": month, "heures": hours,
    })

    assert response.status_code == 422
    assert message in response.json()["erreurs"][field][0]


def test_a_placement_outside_the_users_territories_answers_404(as_user, world):
    caller = as_user(world.users["facilitateur_autre_territoire"])

    response = caller.post(DECLARATIONS, {
        "placement": world.placement.pk, "mois": "2025-03", "heures": "35",
    })

    assert response.status_code == 404
    assert HoursDeclaration.objects.count() == 1


def test_a_buyer_referent_reads_but_may_not_declare_403(as_user, world):
    caller = as_user(world.users["referent_acheteur"])
    assert caller.get(f"{DECLARATIONS}/{world.declaration.pk}").status_code == 200

    response = caller.post(DECLARATIONS, {
        "placement": world.placement.pk, "mois": "2025-03", "heures": "35",
    })

    assert response.status_code == 403
    assert "pas les déclarer" in response.json()["detail"]


def test_hours_of_a_person_the_user_cannot_see_are_refused(facilitator, world):
    stranger = BeneficiaryFactory(territory=world.nevers)
    placement = PlacementFactory(clause=world.clause, beneficiary=stranger)

    response = facilitator.post(DECLARATIONS, {
        "placement": placement.pk, "mois": "2025-03", "heures": "35",
    })

    assert response.status_code == 403
    assert "bénéficiaire" in response.json()["detail"]


def test_update_with_the_version_read(facilitator, world):
    url = f"{DECLARATIONS}/{world.declaration.pk}"
    read = facilitator.get(url).json()

    response = facilitator.put(url, {"version": read["version"], "heures": "98.5"})

    assert response.status_code == 200, response.content
    assert response.json()["heures"] == "98.50"
    assert response.json()["version"] == read["version"] + 1


def test_a_concurrent_update_with_a_stale_version_is_refused_409(facilitator, world):
    url = f"{DECLARATIONS}/{world.declaration.pk}"
    version = facilitator.get(url).json()["version"]
    assert facilitator.put(url, {"version": version, "heures": "90"}).status_code == 200

    late = facilitator.put(url, {"version": version, "heures": "10"})

    assert late.status_code == 409
    assert late.json() == {"detail": STALE_MESSAGE}
    world.declaration.refresh_from_db()
    assert world.declaration.hours_worked == Decimal("90.00")


def test_update_of_a_declaration_out_of_reach(as_user, world):
    url = f"{DECLARATIONS}/{world.declaration.pk}"
    other = as_user(world.users["facilitateur_autre_territoire"])
    buyer = as_user(world.users["referent_acheteur"])

    assert other.put(url, {"version": 1, "heures": "1"}).status_code == 404
    assert buyer.put(url, {"version": 1, "heures": "1"}).status_code == 403
    world.declaration.refresh_from_db()
    assert world.declaration.hours_worked == Decimal("120.00")


def test_hours_go_to_another_clause_only_under_a_globalisation_agreement(facilitator, world):
    contractor = world.clause.lot.contractor
    other_market = MarketFactory(lead_territory=world.dijon)
    other_clause = ClauseFactory(market=other_market,
                                 lot=LotFactory(market=other_market, contractor=contractor))
    payload = {"placement": world.placement.pk, "mois": "2025-03", "heures": "35",
               "clause_creditee": other_clause.pk}

    refused = facilitator.post(DECLARATIONS, payload)
    assert refused.status_code == 422
    assert refused.json()["erreurs"]["clause_creditee"] == [MESSAGE_NOT_GLOBALISED]

    GlobalisationAgreementFactory(contractor=contractor, clauses=[world.clause, other_clause])
    accepted = facilitator.post(DECLARATIONS, payload)
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["clause_creditee"] == other_clause.pk


def test_declarations_of_a_placement_are_listed(facilitator, world):
    body = facilitator.get(f"/api/v1/placements/{world.placement.pk}/declarations").json()

    assert body["count"] == 1
    assert body["items"][0]["mois"] == "2025-02"
    assert body["items"][0]["heures"] == "120.00"


def test_month_outside_the_clause_period(facilitator, world):
    world.clause.ends_on = datetime.date(2025, 4, 30)
    world.clause.save()

    response = facilitator.post(DECLARATIONS, {
        "placement": world.placement.pk, "mois": "2025-05", "heures": "35",
    })

    assert response.json()["erreurs"]["mois"] == [
        "Le mois 05/2025 est en dehors de la période de la clause (du 01/2025 au 04/2025)."
    ]
