"""Elasticsearch without a server: the settings, mappings and queries the portal builds.

The queries are those that would be sent: Wagtail's Elasticsearch 9 backend compiles
the visibility carried by each queryset into its filters, and the markets' search
(elasticsearch.dsl) holds the permission filter and the facet aggregations.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from network.permissions import search_visibility
from portal.settings.search import search_backends
from resources.models import Publication
from search.elasticsearch.documents import MarketDocument, market_index_name
from search.elasticsearch.indexing import market_documents
from search.elasticsearch.queries import market_search, permission_filter
from tests.clauses.factories import MarketFactory
from tests.network import factories as nf
from tests.resources.factories import GuidePageFactory
from tests.search.factories import password_collection, restrict

pytestmark = pytest.mark.django_db

URL = "http://elasticsearch.invalid:9200"


@pytest.fixture
def es_backend():
    """Wagtail's backend as the production settings configure it (no request is sent)."""
    config = search_backends(URL, "clauses_")["default"]
    return get_search_backend(config.pop("BACKEND"), **config)


def test_pages_and_documents_use_the_french_analyzer_and_the_prefix(es_backend):
    analysis = es_backend.settings["settings"]["analysis"]

    assert type(es_backend).__module__.endswith("elasticsearch9")
    assert analysis["analyzer"]["default"]["filter"] == [
        "french_elision", "lowercase", "asciifolding", "french_stop", "french_stemmer",
    ]
    assert analysis["filter"]["french_stemmer"]["language"] == "light_french"
    assert es_backend.get_index_for_model(Publication).name == "clauses_wagtailcore_page"
    assert es_backend.get_index_for_model(get_document_model()).name == (
        "clauses_wagtaildocs_document"
    )


def _json(value) -> str:
    return json.dumps(value, sort_keys=True)


def _filters(query: dict) -> str:
    return _json(query["bool"]["filter"])


def test_the_page_query_excludes_what_the_person_may_not_open(es_backend, library):
    public = GuidePageFactory(parent=library, title="Guide public")
    minutes = restrict(GuidePageFactory(parent=library, title="Guide membres"),
                       PageViewRestriction.LOGIN)
    restrict(library, PageViewRestriction.PASSWORD)  # a whole subtree

    visible = search_visibility(AnonymousUser()).pages(Publication.objects.live())
    query = es_backend.search("marchés", visible, operator="and").query_compiler.get_query()
    filters = _filters(query)

    assert query["bool"]["must"]["multi_match"]["query"] == "marchés"
    assert _json({"prefix": {"path_filter": library.path}}) in filters
    assert '{"term": {"live_filter": true}}' in filters
    # The minutes' own restriction is inside the library's: one prefix covers both.
    assert minutes.path not in filters
    assert public.path not in filters
    assert '"must_not"' in filters


def test_a_restricted_leaf_page_is_excluded_by_its_path(es_backend, library):
    page = restrict(GuidePageFactory(parent=library), PageViewRestriction.LOGIN)

    # Elasticsearch gets the restricted leaves listed (search.service), not the database's
    # correlated subquery.
    visibility = search_visibility(AnonymousUser()).with_listed_leaves()
    visible = visibility.pages(Publication.objects.live())
    filters = _filters(es_backend.search("x", visible).query_compiler.get_query())

    assert _json({"terms": {"path_filter": [page.path]}}) in filters


def test_the_document_query_excludes_private_collections(es_backend, db):
    hidden = password_collection()
    workspace = nf.TerritoryFactory().workspace

    visible = search_visibility(nf.member()).documents(get_document_model().objects.all())
    filters = _filters(es_backend.search("x", visible).query_compiler.get_query())

    hidden_ids = sorted([hidden.pk, workspace.collection_id])
    assert _json({"terms": {"collection_id_filter": hidden_ids}}) in filters


def test_the_market_mapping_is_french_and_keeps_no_personal_data():
    mapping = MarketDocument._index.clone(name="x").to_dict()
    analyzer = mapping["settings"]["analysis"]["analyzer"]["french_folded"]
    properties = mapping["mappings"]["properties"]

    assert analyzer["filter"] == [
        "french_elision", "lowercase", "asciifolding", "french_stop", "french_stemmer",
    ]
    assert properties["title"]["analyzer"] == "french_folded"
    assert properties["title"]["fields"]["autocomplete"]["analyzer"] == "autocomplete_folded"
    for facet in ("status", "category", "network_slugs"):
        assert properties[facet]["type"] == "keyword"
    assert properties["anchor_territory"]["type"] == properties["anchor_buyer"]["type"]
    assert set(properties) == {
        "reference", "title", "buyer_name", "territory_names", "status", "category",
        "programme_year", "territory_ids", "network_slugs", "dce_planned_on",
        "anchor_territory", "anchor_buyer",
    }


def test_the_market_index_name_has_the_prefix(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "portail_"

    assert market_index_name() == "portail_markets"


def test_market_documents_carry_the_anchors_of_the_permission_policy(db):
    network = nf.NetworkFactory(slug="urpa")
    lead = nf.TerritoryFactory(network=network)
    other = nf.TerritoryFactory()
    market = MarketFactory(title="Réhabilitation du collège", lead_territory=lead,
                           territories=[other])

    document = next(market_documents(type(market).objects.all()))

    assert document.meta.id == market.pk
    assert document.anchor_territory == sorted([lead.pk, other.pk])
    assert document.anchor_buyer == [market.buyer_id]
    assert document.network_slugs == ["urpa"]
    assert document.territory_ids == sorted([lead.pk, other.pk])


def test_the_market_query_holds_the_permission_filter(db):
    territory = nf.TerritoryFactory()
    facilitator = nf.facilitator_of(territory)
    buyer = nf.BuyerFactory()
    referent = nf.buyer_referent_of(buyer)

    query = market_search(facilitator, "réhabilitation").to_dict()["query"]["bool"]

    assert query["must"] == [{"multi_match": {
        "query": "réhabilitation", "operator": "and",
        "fields": ["reference^3", "title^2", "buyer_name", "territory_names"],
    }}]
    assert query["filter"] == [{"bool": {
        "should": [{"terms": {"anchor_territory": [territory.pk]}}],
        "minimum_should_match": 1,
    }}]
    assert permission_filter(referent).to_dict() == {"bool": {
        "should": [{"terms": {"anchor_buyer": [buyer.pk]}}], "minimum_should_match": 1,
    }}
    assert permission_filter(nf.administrator()).to_dict() == {"match_all": {}}


def test_nobody_without_an_open_market_sends_a_market_query(db):
    assert market_search(AnonymousUser(), "x") is None
    assert market_search(nf.member(), "x") is None
    assert market_search(nf.editor(), "x") is None


def test_market_facets_count_with_the_other_choices_only(db):
    search = market_search(nf.administrator(), "travaux", {"annee": 2024, "reseau": "urpa"})
    body = search.to_dict()

    assert body["post_filter"] == {"bool": {"filter": [
        {"term": {"programme_year": 2024}}, {"term": {"network_slugs": "urpa"}},
    ]}}
    aggs = body["aggs"]
    assert set(aggs) == {"statut", "categorie", "territoire", "annee", "reseau"}
    assert aggs["annee"]["filter"] == {"bool": {"filter": [
        {"term": {"network_slugs": "urpa"}},
    ]}}
    assert aggs["reseau"]["aggs"]["values"]["terms"]["field"] == "network_slugs"
    assert aggs["statut"]["aggs"]["values"]["terms"]["field"] == "status"
    assert body["track_total_hits"] is True


def test_market_autocomplete_uses_word_beginnings(db):
    body = market_search(nf.administrator(), "rehab", autocomplete=True).to_dict()

    assert body["query"]["bool"]["must"] == [
        {"match": {"title.autocomplete": {"query": "rehab", "operator": "and"}}}
    ]


def test_the_elasticsearch_engine_lists_what_the_database_engine_lists(world, monkeypatch):
    """The Elasticsearch engine's counting and paging, run through Wagtail's search API
    on the database backend (its only Elasticsearch-specific calls replaced): for
    pages, documents and the directory both engines give the same answer."""
    from search.elasticsearch import engine as es_engine
    from search.engine import DatabaseEngine
    from search.query import SearchFilters
    from search.sources import Context

    monkeypatch.setattr(es_engine, "terms_counts", lambda results, field: results.facet(field))
    monkeypatch.setattr(es_engine.ElasticsearchEngine, "_markets", lambda *a, **k: None)
    for role in ("anonyme", "membre_comite", "lecteur_espace_a"):
        user = world.users[role] or AnonymousUser()
        ctx = Context(user=user, visibility=search_visibility(user))
        for filters in (
            SearchFilters(q="guide"), SearchFilters(q="document"),
            SearchFilters(q="guide", type="guide"), SearchFilters(q="compte", annee=2024),
            SearchFilters(q="guide", page=2),
        ):
            by_db = DatabaseEngine(ctx).search(filters)
            by_es = es_engine.ElasticsearchEngine(ctx).search(filters)
            assert by_es.source_counts == by_db.source_counts, (role, filters)
            assert [r["r_title"] for r in by_es.rows] == [r["r_title"] for r in by_db.rows]
            assert sorted(by_es.facet_counts.get("annee", [])) == sorted(
                by_db.facet_counts.get("annee", [])
            )
        assert [r["r_title"] for r in es_engine.ElasticsearchEngine(ctx).suggestions("gui", 8)]
