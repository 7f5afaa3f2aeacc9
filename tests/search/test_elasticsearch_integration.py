"""Against a real Elasticsearch 9 server: run with ELASTICSEARCH_URL set, e.g.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/pytest -m elasticsearch tests/search

Skipped otherwise. Every test works in indexes of its own prefix, deleted afterwards.
"""

import os
import uuid

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from portal.settings.search import search_backends
from search.elasticsearch.indexing import client, rebuild_market_index
from search.elasticsearch.queries import facet_counts, market_search
from tests.clauses.factories import MarketFactory
from tests.network import factories as nf
from tests.resources.factories import GuidePageFactory
from tests.search.factories import restrict, result_titles, total

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db,
    pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set"),
]


@pytest.fixture
def elasticsearch(settings):
    prefix = f"clauses_test_{uuid.uuid4().hex[:8]}_"
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    settings.WAGTAILSEARCH_BACKENDS = search_backends(ELASTICSEARCH_URL, prefix)
    es = client()
    yield es
    es.options(ignore_status=404).indices.delete(index=f"{prefix}*")


def refresh(es):
    es.indices.refresh(index="_all")


def test_markets_are_found_only_through_the_permission_filter(elasticsearch, db):
    network = nf.NetworkFactory(slug="urmdef")
    dijon = nf.TerritoryFactory(network=network)
    nevers = nf.TerritoryFactory(network=network)
    MarketFactory(title="Réhabilitation énergétique du collège", lead_territory=dijon,
                  programme_year=2024)
    MarketFactory(title="Réhabilitation de la piscine", lead_territory=nevers,
                  programme_year=2025)
    rebuild_market_index(elasticsearch)
    refresh(elasticsearch)

    def found(user, query="rehabilitation"):
        return market_search(user, query, using=elasticsearch).execute()

    response = found(nf.facilitator_of(dijon))
    assert [hit.meta.id for hit in response] == [str(dijon.led_markets.get().pk)]
    assert facet_counts(response)["annee"] == {"2024": 1}
    assert found(nf.coordinator_of(network)).hits.total.value == 2
    assert found(nf.facilitator_of(nevers), "colleges energetiques").hits.total.value == 0
    assert found(nf.administrator(), "colleges energetiques").hits.total.value == 1


def test_the_search_page_applies_the_visibility_in_elasticsearch(
    elasticsearch, client, library
):
    for n in range(25):
        GuidePageFactory(parent=library, title=f"Marchés publics {n}")
    for n in range(30):
        restrict(GuidePageFactory(parent=library, title=f"Marchés réservés {n}"),
                 PageViewRestriction.LOGIN)
    call_command("update_index", verbosity=0)
    refresh(elasticsearch)

    response = client.get("/recherche/", {"q": "marches"})
    assert total(response) == 25
    assert len(result_titles(response)) == 20
    assert all(title.startswith("Marchés publics") for title in result_titles(response))

    client.force_login(nf.member())
    response = client.get("/recherche/", {"q": "marche", "page": 3})
    assert total(response) == 55
    assert len(result_titles(response)) == 15
