"""The status of hours through the API, and their validation or rejection by the
facilitator: the operation of the member screen "Heures à valider", its rules and its
French messages."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import APIToken

from clauses.enums import DeclarationStatus
from clauses.models import STALE_MESSAGE, HoursDeclaration
from clauses.operations import declarations, hours_review


@pytest.fixture
def as_user(client):
    def bound(user):
        headers = {"Authorization": f"Bearer {APIToken.create_token(user=user, name='t')[1]}"}

        class Caller:
            def post(self, path, data=None):
                return client.post(f"/api/v1{path}", data or {},
                                   content_type="application/json", headers=headers)

            def get(self, path, **params):
                return client.get(f"/api/v1{path}", params, headers=headers)
        return Caller()
    return bound


@pytest.fixture
def declared(world):
    """March's hours, declared by the company: they await the facilitator."""
    return declarations.declare_hours(
        world.users["referent_entreprise"], world.placement,
        month=datetime.date(2025, 3, 1), hours_worked=Decimal("35"),
    )


def test_a_declaration_tells_its_status(as_user, world, declared):
    body = as_user(world.users["facilitateur_territoire"]).get(
        f"/declarations/{declared.pk}").json()

    assert (body["statut"], body["statut_libelle"]) == (
        "declaree", "Déclarée par l'entreprise")
    assert body["motif_refus"] == ""
    assert body["validee_ou_refusee_par"] is None and body["validee_ou_refusee_le"] is None


def test_the_facilitator_validates_the_hours(as_user, world, declared):
    facilitator = world.users["facilitateur_territoire"]

    response = as_user(facilitator).post(f"/declarations/{declared.pk}/validation",
                                         {"version": declared.version})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["statut"] == "validee"
    assert body["validee_ou_refusee_par"] == facilitator.get_full_name()
    assert body["validee_ou_refusee_le"] is not None
    declared.refresh_from_db()
    assert declared.status == DeclarationStatus.VALIDATED and declared.reviewed_by == facilitator


def test_a_rejection_needs_a_reason_in_french(as_user, world, declared):
    coordinator = as_user(world.users["coordinateur"])

    refused = coordinator.post(f"/declarations/{declared.pk}/refus", {"motif": "  "})
    done = coordinator.post(f"/declarations/{declared.pk}/refus",
                            {"motif": "Heures du mois d'avril, pas de mars."})

    assert refused.status_code == 422
    assert refused.json() == {"erreurs": {"motif": [hours_review.MESSAGE_REASON_REQUIRED]}}
    assert done.status_code == 200
    assert (done.json()["statut"], done.json()["motif_refus"]) == (
        "refusee", "Heures du mois d'avril, pas de mars.")


def test_hours_no_longer_awaiting_are_not_reviewed_again(as_user, world, declared):
    facilitator = as_user(world.users["facilitateur_territoire"])
    facilitator.post(f"/declarations/{declared.pk}/validation")

    again = facilitator.post(f"/declarations/{declared.pk}/refus", {"motif": "Erreur"})

    assert again.status_code == 422
    assert again.json() == {"erreurs": {"statut": [hours_review.MESSAGE_NOT_PENDING]}}
    declared.refresh_from_db()
    assert declared.status == DeclarationStatus.VALIDATED


def test_a_stale_version_is_refused_409(as_user, world, declared):
    response = as_user(world.users["facilitateur_territoire"]).post(
        f"/declarations/{declared.pk}/validation", {"version": declared.version - 1})

    assert response.status_code == 409 and response.json() == {"detail": STALE_MESSAGE}
    declared.refresh_from_db()
    assert declared.status == DeclarationStatus.DECLARED


def test_the_company_does_not_validate_its_own_hours(as_user, world, declared):
    company = as_user(world.users["referent_entreprise"])

    validated = company.post(f"/declarations/{declared.pk}/validation")
    awaiting = company.get("/declarations/a-valider")

    assert validated.status_code == 403
    assert validated.json() == {"detail": hours_review.MESSAGE_NOT_VALIDATING}
    assert awaiting.status_code == 403
    declared.refresh_from_db()
    assert declared.status == DeclarationStatus.DECLARED


def test_lists_filter_by_status(as_user, world, declared):
    facilitator = as_user(world.users["facilitateur_territoire"])

    waiting = facilitator.get("/declarations", statut="declaree").json()["items"]
    validated = facilitator.get(f"/placements/{world.placement.pk}/declarations",
                                statut="validee").json()["items"]
    everything = facilitator.get("/declarations").json()["count"]

    assert [d["id"] for d in waiting] == [declared.pk]
    assert [d["id"] for d in validated] == [world.declaration.pk]
    assert everything == 2


def test_an_unknown_status_answers_422_in_french(as_user, world):
    response = as_user(world.users["facilitateur_territoire"]).get("/declarations",
                                                                    statut="en_attente")

    assert response.status_code == 422
    assert response.json() == {"erreurs": {"statut": [
        "Valeur inconnue : choisissez parmi 'declaree', 'validee' ou 'refusee'."]}}


def test_the_hours_awaiting_me_are_those_of_the_member_screen(
        as_user, world, declared, django_assert_max_num_queries):
    facilitator = world.users["facilitateur_territoire"]
    caller = as_user(facilitator)
    caller.get("/declarations/a-valider")  # the token's first use is stored once

    with django_assert_max_num_queries(8):
        body = caller.get("/declarations/a-valider").json()

    assert [d["id"] for d in body["items"]] == [
        d.pk for d in hours_review.awaiting(facilitator)] == [declared.pk]
    assert as_user(world.users["facilitateur_autre_territoire"]).get(
        "/declarations/a-valider").json()["items"] == []


def test_nothing_of_another_company_is_reached(as_user, elsewhere):
    world = elsewhere
    theirs = declarations.declare_hours(
        world.users["referent_autre_entreprise"], world.other_placement,
        month=datetime.date(2025, 3, 1), hours_worked=Decimal("20"),
    )
    company = as_user(world.users["referent_entreprise"])

    assert company.get(f"/declarations/{theirs.pk}").status_code == 404
    assert company.post(f"/declarations/{theirs.pk}/validation").status_code == 404
    assert company.post(f"/declarations/{theirs.pk}/refus",
                        {"motif": "Non"}).status_code == 404
    assert company.get(f"/placements/{world.other_placement.pk}/declarations",
                       statut="declaree").status_code == 404
    listed = {d["id"] for d in company.get("/declarations").json()["items"]}
    assert theirs.pk not in listed and world.declaration.pk in listed
    assert HoursDeclaration.objects.get(pk=theirs.pk).status == DeclarationStatus.DECLARED
