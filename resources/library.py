"""The library at /ressources/: filters read from the URL, facet counts and one page of
results, in a fixed number of queries whatever the number of publications.

Every facet is counted on the publications that match all the *other* active filters,
so that each option shows how many results choosing it would give (portal.core.facets,
with the facets of resources.facets).

The library's page (resources.models.ResourceIndexPage) hands over its publications:
this module does not import the models, which import it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery
from django.utils.functional import SimpleLazyObject

from portal.core import cache as content_cache
from portal.core.facets import EMPTY, Counts, active_filters, count, narrow
from portal.core.queries import GroupConcat
from resources.facets import LIBRARY, LibraryFilters, publication_dimensions
from resources.visibility import visibility_class, visible_pages

PAGE_SIZE = 20
NEWEST_FIRST = F("first_published_at").desc(nulls_last=True)


@dataclass(frozen=True)
class Card:
    """What the library shows of one publication. The page of results keeps these in
    the cache rather than the pages themselves: lighter to read back, and each address
    worked out once (the library's publications are served by its own site)."""

    title: str
    url: str
    kind_label: str
    year: int | None
    summary: str
    theme_names: tuple[str, ...]

    @classmethod
    def of(cls, publication, request) -> Card:
        return cls(
            title=publication.title,
            url=publication.get_url(request=request),
            kind_label=publication.kind_label,
            year=publication.year,
            summary=publication.summary,
            theme_names=tuple(publication.theme_names),
        )


def _text_match(publications: QuerySet, q: str) -> Q:
    """Publications matching the text query, through the configured search backend."""
    results = publications.model.objects.live().search(
        q, operator="and", order_by_relevance=False
    )
    if hasattr(results, "get_queryset"):
        # Database backends: the match stays a subquery, no query of its own.
        return Q(pk__in=results.get_queryset().values("pk"))
    return Q(pk__in=[page.pk for page in results])  # Elasticsearch: one round trip


def _facets_cache_key(index_page, user, filters: LibraryFilters) -> str:
    """Counts depend on the filters (the page number aside) and on which restricted
    publications the reader may see: every visitor shares them, members share them
    with whoever has the same groups."""
    chosen = sorted(filters.active().items())
    return content_cache.key(
        "library-facet-counts", index_page.pk, visibility_class(user), urlencode(chosen)
    )


def with_theme_names(publications: QuerySet) -> QuerySet:
    """Annotate each publication with its themes' names, so that a list of cards needs
    no query per card nor a prefetch query (see ``Publication.theme_names``)."""
    through = publications.model._meta.get_field("themes").remote_field.through
    names = (
        through.objects.filter(publication_id=OuterRef("pk"))
        .order_by().values("publication_id")
        .annotate(names=GroupConcat("theme__name")).values("names")
    )
    return publications.annotate(theme_names_joined=Subquery(names, output_field=CharField()))


def filtered_publications(publications: QuerySet, params) -> tuple[QuerySet, LibraryFilters]:
    """`publications` under the library's filters read from `params`, with the library
    page's semantics: an invalid value is ignored, and so is an option that does not
    exist (the feeds' use: they show no message, and count nothing)."""
    filters, _ = LIBRARY.parse(params)
    dimensions = publication_dimensions(publications.model)
    unknown = [
        param for param in LIBRARY.checked
        if getattr(filters, param) not in EMPTY and dimensions[param].known is not None
        and not dimensions[param].known(getattr(filters, param)).exists()
    ]
    filters = filters.without(*unknown, "page")
    matching = publications
    if filters.q:
        matching = publications.filter(_text_match(publications, filters.q))
    return narrow(matching, dimensions, filters.chosen()), filters


def library_context(index_page, request) -> dict:
    filters, messages = LIBRARY.parse(request.GET)
    # The publications are read only when a cache below misses: their querysets (the
    # view restrictions, the text match, the filters, the themes) are made then, not
    # on every request.
    dimensions = publication_dimensions(index_page.child_base_model)

    @functools.cache
    def matching() -> QuerySet:
        publications = visible_pages(request.user, index_page.publications())
        if filters.q:
            return publications.filter(_text_match(publications, filters.q))
        return publications

    def counted(chosen: LibraryFilters) -> Counts:
        # Kept until the next content change: the rows, so that any version reads them.
        rows = content_cache.get_or_set(
            _facets_cache_key(index_page, request.user, chosen),
            lambda: count([(matching(), dimensions)], chosen.chosen(), LIBRARY.checked).rows(),
        )
        return Counts(rows)

    filters, counts, unknown = LIBRARY.resolve(filters, counted)
    messages += unknown
    # Every publication has exactly one type, counted under all the other filters.
    total = counts.total("type", filters.type)

    # The pages are numbered from the total counted with the facets.
    paginator = Paginator(range(total), PAGE_SIZE)
    try:
        page_obj = paginator.page(filters.page)
    except EmptyPage:
        messages.append("Cette page de résultats n'existe pas : voici la première.")
        page_obj = paginator.page(1)

    def page_of_results() -> list[Card]:
        results = narrow(matching(), dimensions, filters.chosen()).order_by(NEWEST_FIRST, "-pk")
        start = (page_obj.number - 1) * PAGE_SIZE
        return [Card.of(publication, request)
                for publication in with_theme_names(results)[start:start + PAGE_SIZE]]

    # The page of results, like the counts, until the next content change.
    shown = content_cache.get_or_set(
        content_cache.key("library-cards", index_page.pk, visibility_class(request.user),
                          urlencode(sorted(filters.active().items())), page_obj.number),
        page_of_results,
    )
    # The filter panel is a template fragment kept like the counts: its options and
    # links are worked out only when it is rendered, or when a filter in force needs
    # its label.
    facets = SimpleLazyObject(lambda: LIBRARY.show(filters, counts))
    feed_query = filters.url(page=None)
    return {
        # The feeds follow the filters shown.
        "feed_query": "" if feed_query == "?" else feed_query,
        "filters": filters,
        "filter_messages": messages,
        "facets": facets,
        "facets_cache_key": _facets_cache_key(index_page, request.user, filters),
        "facets_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "active_filters": active_filters(facets, filters, words_label="Recherche")
        if filters.active() else [],
        "publications": shown,
        "page_obj": page_obj,
        "total": total,
        "page_urls": {
            "previous": filters.url(page=page_obj.previous_page_number())
            if page_obj.has_previous() else "",
            "next": filters.url(page=page_obj.next_page_number())
            if page_obj.has_next() else "",
        },
    }
