"""The markets' Elasticsearch index (elasticsearch.dsl), independent of the clauses app.

A market document holds what members search a market by (reference, title, buyer,
territories), what facets count (state, category, year, territories, networks), and
the ids of its *anchors* as network.permissions understands them (``anchor_territory``
and ``anchor_buyer``): the search filters on them with the ids the policy opens to
the person (network.permissions.anchor_ids), inside the query. No personal data.

The index name starts with ``ELASTICSEARCH_INDEX_PREFIX``; it is an alias pointing to
the latest build, so that ``rebuild_market_index`` swaps indexes without a gap.
"""

from __future__ import annotations

from django.conf import settings
from elasticsearch.dsl import (
    Date,
    Document,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

french_elision = token_filter(
    "french_elision", type="elision", articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu",
              "puisqu"],
)
french_stop = token_filter("french_stop", type="stop", stopwords="_french_")
french_stemmer = token_filter("french_stemmer", type="stemmer", language="light_french")
autocomplete_edge = token_filter("autocomplete_edge", type="edge_ngram", min_gram=1,
                                 max_gram=20)

# "marches" finds "marchés", "clauses" finds "clause", "l'insertion" finds "insertion".
french = analyzer(
    "french_folded", tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding", french_stop, french_stemmer],
)
# Suggestions: word beginnings, accents and case ignored; the query side is not cut up.
autocomplete = analyzer(
    "autocomplete_folded", tokenizer="standard",
    filter=["lowercase", "asciifolding", autocomplete_edge],
)
autocomplete_search = analyzer(
    "autocomplete_folded_search", tokenizer="standard", filter=["lowercase", "asciifolding"],
)

MARKET_INDEX_SUFFIX = "markets"


def market_index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}{MARKET_INDEX_SUFFIX}"


class MarketDocument(Document):
    reference = Text(analyzer=french, fields={"raw": Keyword()})
    title = Text(
        analyzer=french,
        fields={"autocomplete": Text(analyzer=autocomplete, search_analyzer=autocomplete_search)},
    )
    buyer_name = Text(analyzer=french)
    territory_names = Text(analyzer=french)
    status = Keyword()
    category = Keyword()
    programme_year = Integer()
    territory_ids = Integer(multi=True)
    network_slugs = Keyword(multi=True)
    dce_planned_on = Date()
    # The permission anchors (see network.permissions): kind -> ids.
    anchor_territory = Integer(multi=True)
    anchor_buyer = Integer(multi=True)

    class Index:
        name = MARKET_INDEX_SUFFIX  # replaced by market_index_name() at every call
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def anchor_field(cls, kind: str) -> str:
        return f"anchor_{kind}"
