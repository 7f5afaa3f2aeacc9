"""Globalisation agreements in the members' area: listed, created, changed and ended
through clauses.operations.globalisation, by those who lead every market concerned."""

import pytest
from django.urls import reverse

from clauses.models import GlobalisationAgreement
from tests.clauses.factories import (
    ClauseFactory,
    GlobalisationAgreementFactory,
    LotFactory,
    MarketFactory,
)


@pytest.fixture
def pooling(world):
    """A second Dijon market whose lot the world's contractor holds, and a Nevers market
    of that same contractor (another territory)."""
    contractor = world.clause.lot.contractor
    dijon_market = MarketFactory(lead_territory=world.dijon, buyer=world.buyer,
                                 reference="DIJ-2")
    dijon_clause = ClauseFactory(market=dijon_market,
                                 lot=LotFactory(market=dijon_market, contractor=contractor))
    nevers_market = MarketFactory(lead_territory=world.nevers, buyer=world.other_buyer,
                                  reference="NEV-2")
    nevers_clause = ClauseFactory(market=nevers_market,
                                  lot=LotFactory(market=nevers_market, contractor=contractor))
    return contractor, dijon_clause, nevers_clause


def _post(client, url, contractor, clauses, title="Accord Dijon"):
    return client.post(url, {"title": title, "contractor": contractor.pk,
                             "clauses": [c.pk for c in clauses], "signed_on": "2025-03-01",
                             "notes": ""})


def test_a_facilitator_creates_changes_and_ends_an_agreement(client, world, pooling):
    contractor, dijon_clause, _ = pooling
    client.force_login(world.users["facilitateur_territoire"])
    form = client.get(reverse("clauses:globalisation_create"))
    assert form.status_code == 200
    assert "DIJ-2" in form.content.decode() and "NEV-2" not in form.content.decode()

    response = _post(client, reverse("clauses:globalisation_create"), contractor,
                     [world.clause, dijon_clause])
    assert response.status_code == 302
    agreement = GlobalisationAgreement.objects.get()
    assert set(agreement.clauses.all()) == {world.clause, dijon_clause}
    listing = client.get(reverse("clauses:globalisation_list")).content.decode()
    assert "Accord Dijon" in listing and "DIJ-2" in listing

    edit = reverse("clauses:globalisation_edit", args=[agreement.pk])
    assert _post(client, edit, contractor, [world.clause, dijon_clause],
                 title="Accord renommé").status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Accord renommé"

    assert client.post(reverse("clauses:globalisation_end", args=[agreement.pk])).status_code \
        == 302
    assert not GlobalisationAgreement.objects.exists()


def test_one_clause_alone_is_refused_in_french(client, world, pooling):
    contractor, *_ = pooling
    client.force_login(world.users["facilitateur_territoire"])
    response = _post(client, reverse("clauses:globalisation_create"), contractor,
                     [world.clause])
    assert response.status_code == 400
    assert "au moins deux clauses" in response.content.decode()
    assert not GlobalisationAgreement.objects.exists()


def test_another_territorys_clause_in_the_post_body_is_refused(client, world, pooling):
    contractor, dijon_clause, nevers_clause = pooling
    client.force_login(world.users["facilitateur_territoire"])
    response = _post(client, reverse("clauses:globalisation_create"), contractor,
                     [world.clause, nevers_clause])
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not GlobalisationAgreement.objects.exists()


def test_the_coordination_pools_across_territories(client, world, pooling):
    contractor, _, nevers_clause = pooling
    client.force_login(world.users["coordinateur"])
    response = _post(client, reverse("clauses:globalisation_create"), contractor,
                     [world.clause, nevers_clause], title="Accord régional")
    assert response.status_code == 302
    agreement = GlobalisationAgreement.objects.get(title="Accord régional")
    # A facilitator of one of the territories sees it but may not change it alone.
    client.force_login(world.users["facilitateur_territoire"])
    assert "Accord régional" in client.get(reverse("clauses:globalisation_list")).content.decode()
    edit = reverse("clauses:globalisation_edit", args=[agreement.pk])
    assert client.get(edit).status_code == 200
    response = _post(client, edit, contractor, [world.clause], title="Retouché")
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.title == "Accord régional"


@pytest.mark.parametrize(("role", "status"), [
    ("facilitateur_territoire", 200), ("coordinateur", 200),
    ("facilitateur_autre_territoire", 404), ("referent_autre_acheteur", 404),
    ("membre", 404), ("referent_acheteur", 403),
])
def test_an_agreement_answers_404_to_whoever_does_not_see_it(client, world, pooling, role,
                                                               status):
    contractor, dijon_clause, _ = pooling
    agreement = GlobalisationAgreementFactory(contractor=contractor,
                                              clauses=[world.clause, dijon_clause])
    client.force_login(world.users[role])
    assert client.get(reverse("clauses:globalisation_edit", args=[agreement.pk])
                      ).status_code == status
    end = client.post(reverse("clauses:globalisation_end", args=[agreement.pk]))
    assert end.status_code == (302 if status == 200 else status)
    assert GlobalisationAgreement.objects.exists() is (status != 200)


def test_buyers_read_the_agreements_of_their_markets_without_changing_them(
    client, world, pooling
):
    contractor, dijon_clause, _ = pooling
    GlobalisationAgreementFactory(title="Accord lu", contractor=contractor,
                                  clauses=[world.clause, dijon_clause])
    client.force_login(world.users["referent_acheteur"])
    html = client.get(reverse("clauses:globalisation_list")).content.decode()
    assert "Accord lu" in html
    assert "Nouvel accord" not in html and "Modifier l'accord" not in html
    assert client.get(reverse("clauses:globalisation_create")).status_code == 403
    client.force_login(world.users["membre"])
    assert client.get(reverse("clauses:globalisation_list")).status_code == 403
