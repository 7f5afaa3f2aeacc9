"""The members' market search on Elasticsearch (elasticsearch.dsl).

One request answers the words, the permission filter, the chosen facets and every
facet's counts:

- ``query``: the words (French analyzer) AND the permission filter, in ``bool.filter``:
  a market is found only if one of its anchors is open to the person
  (network.permissions.anchor_ids, read from the same rule table as ``filter_queryset``
  in SQL);
- ``post_filter``: the chosen facets, so that each facet's aggregation can count
  with the *other* choices only (choosing another value stays possible);
- ``aggs``: state, category, territory, year and network, each under a ``filter``
  aggregation holding the other choices.
"""

from __future__ import annotations

from elasticsearch.dsl import A, Q, Search

from clauses.models import Market
from network.permissions import Action, anchor_ids, anchors_for
from search.elasticsearch.documents import MarketDocument, market_index_name

TEXT_FIELDS = ["reference^3", "title^2", "buyer_name", "territory_names"]
# URL parameter -> document field.
FACET_FIELDS = {
    "statut": "status",
    "categorie": "category",
    "territoire": "territory_ids",
    "annee": "programme_year",
    "reseau": "network_slugs",
}
FACET_SIZE = 200


def permission_filter(user) -> Q | None:
    """What the person may see among markets, as a query on the anchors' ids;
    ``match_all`` for administrators, None when nothing is open (no request at all)."""
    parts = []
    for kind in anchors_for(Market, Action.VIEW):
        ids = anchor_ids(user, Action.VIEW, kind)
        if ids is None:
            return Q("match_all")
        if ids:
            parts.append(Q("terms", **{MarketDocument.anchor_field(str(kind)): sorted(ids)}))
    if not parts:
        return None
    return Q("bool", should=parts, minimum_should_match=1)


def _text_query(query: str, autocomplete: bool) -> Q:
    if autocomplete:
        return Q("match", **{"title.autocomplete": {"query": query, "operator": "and"}})
    return Q("multi_match", query=query, fields=TEXT_FIELDS, operator="and")


def market_search(user, query: str, facets: dict | None = None, *, using=None,
                  index: str | None = None, autocomplete: bool = False) -> Search | None:
    """The search of `query` among the markets `user` may see, narrowed by `facets`
    (URL parameter -> value), with every facet's counts. None if no market is open."""
    permission = permission_filter(user)
    if permission is None:
        return None
    chosen = {
        name: Q("term", **{FACET_FIELDS[name]: value})
        for name, value in (facets or {}).items() if value not in (None, "")
    }
    search = Search(using=using, index=index or market_index_name()).query(
        Q("bool", must=[_text_query(query, autocomplete)], filter=[permission])
    )
    if chosen:
        search = search.post_filter(Q("bool", filter=list(chosen.values())))
    for name, field in FACET_FIELDS.items():
        others = [condition for other, condition in chosen.items() if other != name]
        counted = A("filter", filter=Q("bool", filter=others) if others else Q("match_all"))
        counted.bucket("values", "terms", field=field, size=FACET_SIZE)
        search.aggs.bucket(name, counted)
    return search.sort("_score", "-programme_year", "reference.raw").extra(track_total_hits=True)


def facet_counts(response) -> dict[str, dict[str, int]]:
    """Per facet, value -> count, from a response of `market_search`."""
    return {
        name: {
            str(bucket.key): bucket.doc_count
            for bucket in getattr(response.aggregations, name)["values"].buckets
        }
        for name in FACET_FIELDS
    }
