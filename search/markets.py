"""Text search over the markets a person may see, in the database.

Markets are not indexed by Wagtail (their model belongs to the market follow-up and
carries personal data next to it); the permission policy narrows them first
(network.permissions.filter_queryset), then every word of the query must begin a
word of the market's reference, title, buyer or lead territory, accents, case and
plural ignored, read from the folded text stored on each market
(clauses.search_text).
With Elasticsearch, search.elasticsearch does the same in its own index.
"""

from django.db.models import QuerySet

from portal.core.text import query_terms, words

MARKET_ORDERING = ("-programme_year", "reference")


def matching_markets(queryset: QuerySet, query: str, *, autocomplete: bool = False) -> QuerySet:
    """The markets of `queryset` matching `query`, newest programme year first.

    `autocomplete`: the last word is being typed, matched as it is.
    """
    stems = query_terms(query)
    if autocomplete:
        typed = words(query)
        if typed:
            stems = [*query_terms(" ".join(typed[:-1])), typed[-1]]
    if not stems:
        return queryset.none()
    for stem in stems:
        queryset = queryset.filter(search_text__contains=" " + stem)
    return queryset.order_by(*MARKET_ORDERING)
