"""Rules of a market that only some channels expose: who changes it, who hands it over,
when it may be awarded, and the buyer's correction of a forecast."""

import io

import pytest
from django.urls import reverse

from clauses.imports.forecasts import import_forecasts
from clauses.models import Lot, Market
from clauses.operations import forecasts, markets
from tests.clauses.factories import ContractorFactory, MarketFactory
from tests.network.factories import TerritoryFactory, facilitator_of

pytestmark = pytest.mark.django_db


def _market_data(market, **changes):
    data = {
        "reference": market.reference, "title": market.title, "buyer": market.buyer_id,
        "lead_territory": market.lead_territory_id,
        "territories": [t.pk for t in market.territories.all()],
        "programme_year": market.programme_year, "category": market.category,
        "cpv_code": market.cpv_code, "procedure": market.procedure,
        "estimated_amount": "", "decp_consideration": market.decp_consideration,
        "forecast_received_on": "", "dce_planned_on": "", "notes": "",
        "facilitator": "", "facilitator_consulted_on": "", "published_on": "",
        "awarded_on": "", "execution_starts_on": "2025-01-01",
        "execution_ends_on": "2025-12-31", "version": market.version,
    }
    data.update(changes)
    return data


def test_a_co_territory_sees_the_market_but_does_not_change_it(client, world):
    world.market.territories.add(world.nevers)
    client.force_login(world.users["facilitateur_autre_territoire"])

    assert client.get(world.market.get_absolute_url()).status_code == 200
    edit = reverse("clauses:market_edit", args=[world.market.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, _market_data(world.market, lead_territory=world.nevers.pk))
    assert response.status_code == 403
    world.market.refresh_from_db()
    assert world.market.lead_territory == world.dijon


def test_a_co_territory_neither_edits_nor_deletes_it_in_the_admin(client, world):
    world.market.territories.add(world.nevers)
    client.force_login(world.users["facilitateur_autre_territoire"])

    # The admin answers a refusal of what the person sees by sending them to its home.
    for response in (client.get(f"/admin/marches/edit/{world.market.pk}/"),
                     client.post(f"/admin/marches/delete/{world.market.pk}/")):
        assert response.status_code in (403, 404) or response.url == "/admin/"
    assert Market.objects.filter(pk=world.market.pk).exists()


def test_the_lead_list_offers_only_territories_the_person_follows(client, world):
    other = TerritoryFactory(name="Territoire sans lien")
    client.force_login(world.users["facilitateur_territoire"])

    form = client.get(reverse("clauses:market_edit", args=[world.market.pk])).context["form"]
    leads = set(form.fields["lead_territory"].queryset)

    assert world.dijon in leads and other not in leads and world.nevers not in leads


def test_the_coordination_hands_a_market_over_and_the_former_lead_keeps_seeing_it(world):
    coordinator = world.users["coordinateur"]

    markets.edit_market(coordinator, world.market, version=None, lead_territory=world.nevers)

    world.market.refresh_from_db()
    assert world.market.lead_territory == world.nevers
    assert world.dijon in world.market.territories.all()


def test_an_award_needs_the_contractor_of_every_lot_with_a_clause(client, world):
    market = MarketFactory(lead_territory=world.dijon, status="consultation_publiee")
    lot = Lot.objects.create(market=market, number=1, title="Gros œuvre")
    markets.save_clause(world.users["facilitateur_territoire"], market, lot=lot,
                        legal_basis="condition_execution", hours_mode="forfait",
                        fixed_hours="500")
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:market_status", args=[market.pk])

    response = client.post(url, {"new_status": "attribue", "version": market.version})

    assert response.status_code == 400
    assert "titulaire du lot 1" in response.content.decode()
    market.refresh_from_db()
    assert market.status == "consultation_publiee"

    lot.contractor = ContractorFactory()
    lot.save()
    response = client.post(url, {"new_status": "attribue", "version": market.version})
    assert response.status_code == 302
    market.refresh_from_db()
    assert market.status == "attribue"


@pytest.fixture
def forecast(world):
    return forecasts.submit_forecast(
        world.users["referent_acheteur"], reference="DRFIP-2026-040", title="Nettoyage",
        buyer=world.buyer, lead_territory=world.dijon, programme_year=2026,
        category="services",
    )


def test_the_buyer_corrects_their_forecast_until_it_is_assessed(client, world, forecast):
    client.force_login(world.users["referent_acheteur"])
    url = reverse("clauses:forecast_edit", args=[forecast.pk])
    data = _market_data(forecast, title="Nettoyage des locaux", execution_starts_on="",
                        execution_ends_on="")

    assert client.post(url, data).status_code == 302
    forecast.refresh_from_db()
    assert forecast.title == "Nettoyage des locaux"

    forecasts.assess_forecast(world.users["coordinateur"], forecast, feasibility="faisable")
    forecast.refresh_from_db()
    response = client.post(url, _market_data(forecast, title="Autre intitulé",
                                             execution_starts_on="", execution_ends_on=""),
                           follow=True)
    assert "déjà été étudié" in response.content.decode()
    forecast.refresh_from_db()
    assert forecast.title == "Nettoyage des locaux"


def test_a_reimport_does_not_correct_an_assessed_forecast(world, forecast):
    forecasts.assess_forecast(world.users["coordinateur"], forecast, feasibility="faisable")
    data = io.BytesIO(
        "reference;intitule;territoire;annee;categorie\n"
        f"{forecast.reference};Autre intitulé;t-dijon;2026;Services".encode()
    )
    data.name = "previsions.csv"

    report = import_forecasts(data, user=world.users["referent_acheteur"])

    assert not report.ok
    assert "déjà été étudié" in report.errors[0].message
    forecast.refresh_from_db()
    assert forecast.title == "Nettoyage"


def test_another_buyer_cannot_correct_the_forecast(client, world, forecast):
    client.force_login(world.users["referent_autre_acheteur"])

    assert client.get(reverse("clauses:forecast_edit", args=[forecast.pk])).status_code == 404


def test_a_facilitator_of_another_territory_cannot_take_the_lead(world):
    stranger = facilitator_of(TerritoryFactory(network=world.network), username="etranger")

    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied, whichever layer says it
        markets.edit_market(stranger, world.market, version=None, lead_territory=world.nevers)
    world.market.refresh_from_db()
    assert world.market.lead_territory == world.dijon
