"""The search with ``ELASTICSEARCH_URL`` set.

Pages, documents and the directory go through Wagtail's Elasticsearch 9 backend: each
source's queryset already carries the visibility (page paths, document collections,
as plain lookups: network.permissions.search_visibility), which the backend turns
into filters of the Elasticsearch query, so counts and slices are exact. Markets go
through search.elasticsearch.queries (elasticsearch.dsl, permission filter and facet
aggregations in one request). The rows of the page are then read from the database
in one query (search.sources), as with the database engine.

Facet counts of publications: type and year are aggregations on indexed fields;
networks and market categories are not indexed on publications, so each option is
one count request (a handful of networks and three categories).
"""

from __future__ import annotations

from collections import OrderedDict

from wagtail.search.backends import get_search_backend

from network.models import Network
from portal.core.vocabulary import MarketCategory
from resources.models import Publication
from search.elasticsearch import indexing
from search.elasticsearch.queries import facet_counts, market_search
from search.outcome import Outcome, read_rows
from search.query import PAGE_SIZE, SearchFilters, plan_page
from search.sources import SOURCES, Context, visible_querysets

FACET_SIZE = 200


def terms_counts(results, field_name: str) -> OrderedDict:
    """Like Wagtail's ``facet()``, without its limit of ten values."""
    compiler = results.query_compiler
    field = compiler._get_filterable_field(field_name)
    body = results._get_es_body()
    body["aggregations"] = {field_name: {"terms": {
        "field": compiler.mapping.get_field_column_name(field), "size": FACET_SIZE,
    }}}
    index = results.backend.get_index_for_model(compiler.queryset.model).name
    response = results._backend_do_search(body, index=index, size=0)
    return OrderedDict(
        (bucket["key"], bucket["doc_count"])
        for bucket in response["aggregations"][field_name]["buckets"]
    )


class ElasticsearchEngine:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.backend = get_search_backend()
        self.visible = visible_querysets(ctx)
        self._es = None

    @property
    def es(self):
        if self._es is None:
            self._es = indexing.client()
        return self._es

    def _sources(self):
        return [source for source in SOURCES if source.key in self.visible]

    def _results(self, source, query: str, filters: SearchFilters, skip=None, **extra):
        queryset = source.narrow_for_search_backend(
            self.visible[source.key], filters, skip
        ).filter(**extra)
        return self.backend.search(query, queryset, operator="and")

    def _markets(self, query: str, filters: SearchFilters, *, start=0, stop=0,
                 autocomplete=False):
        search = market_search(
            self.ctx.user, query,
            {"reseau": filters.reseau, "annee": filters.annee, "categorie": filters.categorie},
            using=self.es, autocomplete=autocomplete,
        )
        if search is None:
            return None
        return search[start:stop].source(False).execute()

    def search(self, filters: SearchFilters) -> Outcome:
        outcome = Outcome(page=filters.page)
        q = filters.q
        for source in self._sources():
            if source.key == "marche":
                self._count_markets(outcome, filters)
                continue
            if not source.accepts(filters, skip="type"):
                continue
            if source.key == "publication":
                self._count_publications(outcome, filters)
            else:
                outcome.counts.add("type", source.types[0], "",
                                   self._results(source, q, filters).count())
        outcome.count_sources(filters)
        outcome.page = min(filters.page, max(1, -(-outcome.total // PAGE_SIZE)))
        outcome.rows = self.rows(filters, plan_page(outcome.source_counts, outcome.page))
        return outcome

    def _count_publications(self, outcome: Outcome, filters: SearchFilters) -> None:
        source = next(s for s in SOURCES if s.key == "publication")
        q = filters.q
        for kind, count in terms_counts(self._results(source, q, filters, "type"), "kind").items():
            outcome.counts.add("type", kind, "", count)
        if filters.type and filters.type not in source.types:
            return
        years = terms_counts(self._results(source, q, filters, "annee"), "year")
        for year, count in years.items():
            outcome.counts.add("annee", year, "", count)
        relations = {
            "reseau": [(n.slug, str(n)) for n in Network.objects.order_by("name")],
            "categorie": list(MarketCategory.choices),
        }
        through = {"reseau": "networks", "categorie": "market_categories"}
        target = {"reseau": "network__slug", "categorie": "marketcategoryoption_id"}
        for facet, options in relations.items():
            model = Publication._meta.get_field(through[facet]).remote_field.through
            for key, label in options:
                ids = model.objects.filter(**{target[facet]: key}).values("publication_id")
                count = self._results(source, q, filters, facet, id__in=ids).count()
                outcome.counts.add(facet, key, label, count)

    def _count_markets(self, outcome: Outcome, filters: SearchFilters) -> None:
        if filters.type and filters.type != "marche":
            # The type facet still shows how many markets there would be.
            response = self._markets(filters.q, SearchFilters(
                q=filters.q, reseau=filters.reseau, annee=filters.annee,
                categorie=filters.categorie,
            ))
            if response is not None:
                outcome.counts.add("type", "marche", "", response.hits.total.value)
            return
        response = self._markets(filters.q, filters)
        if response is None:
            return
        outcome.counts.add("type", "marche", "", response.hits.total.value)
        counts = facet_counts(response)
        labels = {
            "reseau": {n.slug: str(n) for n in Network.objects.filter(
                slug__in=list(counts["reseau"])
            )},
            "categorie": dict(MarketCategory.choices),
        }
        for facet in ("reseau", "annee", "categorie"):
            for key, count in counts[facet].items():
                outcome.counts.add(facet, key, labels.get(facet, {}).get(key, key), count)

    def _ids(self, source, filters: SearchFilters, start: int, stop: int) -> list[int]:
        if source.key == "marche":
            response = self._markets(filters.q, filters, start=start, stop=stop)
            return [int(hit.meta.id) for hit in response] if response is not None else []
        return [obj.pk for obj in self._results(source, filters.q, filters)[start:stop]]

    def rows(self, filters: SearchFilters, plan) -> list[dict]:
        by_key = {source.key: source for source in SOURCES}
        return read_rows([
            (by_key[key], start, self._ids(by_key[key], filters, start, stop))
            for key, start, stop in plan
        ])

    def suggestions(self, query: str, limit: int) -> list[dict]:
        found = []
        for source in self._sources():
            if source.key == "marche":
                response = self._markets(query, SearchFilters(q=query), stop=limit,
                                         autocomplete=True)
                ids = [int(hit.meta.id) for hit in response] if response is not None else []
            else:
                results = self.backend.autocomplete(query, self.visible[source.key],
                                                    operator="and")
                ids = [obj.pk for obj in results[:limit]]
            found.append((source, 0, ids))
        return read_rows(found)
