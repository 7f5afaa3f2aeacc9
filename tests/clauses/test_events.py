"""Every path that changes a market, or what its search text is made of, sends the one
`markets_changed` event; the lists' cache and the Elasticsearch index follow it."""

import io

import pytest
from django.core.management import call_command

from clauses import events, listing_cache
from clauses.imports.forecasts import import_forecasts
from clauses.models import Market
from clauses.operations import markets
from search import signals as search_signals
from search.elasticsearch import indexing
from tests.clauses.factories import MarketFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def heard():
    received = []

    def listen(sender, changed, deleted, **kwargs):
        received.append((set(changed), set(deleted)))

    events.markets_changed.connect(listen, dispatch_uid="test_heard")
    yield received
    events.markets_changed.disconnect(dispatch_uid="test_heard")


def test_a_save_and_a_deletion(world, heard):
    markets.edit_market(world.users["facilitateur_territoire"], world.market, version=None,
                        title="Réhabilitation du gymnase")
    assert heard == [({world.market.pk}, set())]

    market = MarketFactory(lead_territory=world.dijon)
    heard.clear()
    pk = market.pk
    market.delete()
    assert heard == [(set(), {pk})]


def test_territories_changed_from_either_side(world, heard):
    world.market.territories.add(world.nevers)
    world.nevers.markets.remove(world.market)

    assert heard == [({world.market.pk}, set()), ({world.market.pk}, set())]


def test_a_renamed_buyer_and_a_renamed_lead_territory(world, heard):
    world.buyer.name = "Direction régionale des achats"
    world.buyer.save()
    world.dijon.name = "Dijon Métropole"
    world.dijon.save()

    assert heard == [({world.market.pk}, set()), ({world.market.pk}, set())]
    world.market.refresh_from_db()
    assert "direction regionale" in world.market.search_text
    assert "metropole" in world.market.search_text


def test_a_forecast_import(world, heard):
    data = io.BytesIO(
        b"reference;intitule;territoire;annee;categorie\n"
        b"DRFIP-2026-050;Nettoyage;t-dijon;2026;Services"
    )
    data.name = "previsions.csv"

    report = import_forecasts(data, user=world.users["referent_acheteur"])

    assert report.ok, report.errors
    created = Market.objects.get(reference="DRFIP-2026-050")
    assert ({created.pk}, set()) in heard


def test_bulk_scale_data(db, heard):
    call_command("generate_scale_data", markets=3, beneficiaries=2, declarations=0, seed=7,
                 stdout=io.StringIO())

    announced = set().union(*(changed for changed, _ in heard))
    assert announced >= set(Market.objects.filter(
        reference__startswith="CHG7-").values_list("pk", flat=True))


def test_the_market_lists_move_on(world):
    before = listing_cache.generation()
    events.announce(changed=[world.market.pk])
    assert listing_cache.generation() > before


def test_the_elasticsearch_index_follows(world, monkeypatch, django_capture_on_commit_callbacks):
    """The engine is the one boundary not run here: its client is replaced, and what the
    portal asks of it is recorded."""
    calls = []
    monkeypatch.setattr(indexing, "client", lambda: "es")
    monkeypatch.setattr(indexing, "index_markets", lambda es, ids: calls.append(("index", ids)))
    monkeypatch.setattr(indexing, "remove_market", lambda es, pk: calls.append(("remove", pk)))
    search_signals.connect()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            world.buyer.name = "Acheteur renommé"
            world.buyer.save()
        doomed = MarketFactory(lead_territory=world.dijon)
        pk = doomed.pk
        with django_capture_on_commit_callbacks(execute=True):
            doomed.delete()
    finally:
        events.markets_changed.disconnect(dispatch_uid="search_markets_follow")

    assert ("index", [world.market.pk]) in calls
    assert ("remove", pk) in calls
