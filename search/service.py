"""The search as the views ask for it: choose the engine, run it, shape the answer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from network.permissions import search_visibility, visibility_class
from portal.core import cache as content_cache
from portal.core.facets import active_filters
from portal.core.text import MAX_TERMS, words
from search.engine import DatabaseEngine
from search.query import PAGE_SIZE, SEARCH
from search.results import build_results
from search.sources import Context

SUGGESTIONS = 8
MIN_SUGGESTION_LENGTH = 2


def uses_elasticsearch() -> bool:
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    return "elasticsearch" in backend


def engine_for(user):
    visibility = search_visibility(user)
    if uses_elasticsearch():
        # The Elasticsearch client is loaded only where Elasticsearch is configured.
        from search.elasticsearch.engine import ElasticsearchEngine

        return ElasticsearchEngine(Context(user, visibility.with_listed_leaves()))
    return DatabaseEngine(Context(user=user, visibility=visibility))


def search_page(request) -> dict:
    filters, messages = SEARCH.parse(request.GET)
    context = {"filters": filters, "filter_messages": messages, "searched": False}
    if not filters.q:
        return context
    if not words(filters.q):
        messages.append("Saisissez au moins un mot (lettres ou chiffres).")
        return context
    if len(words(filters.q)) > MAX_TERMS:
        messages.append(f"Seuls les {MAX_TERMS} premiers mots de la recherche sont pris en compte.")
    outcome = _outcome(request.user, filters)
    if outcome.page != filters.page:
        messages.append("Cette page de résultats n'existe pas : voici la dernière.")
    total = outcome.total
    last_page = max(1, -(-total // PAGE_SIZE))
    facets = SEARCH.show(filters, outcome.counts)
    context.update({
        "searched": True,
        "total": total,
        "results": build_results(outcome.rows, request, filters.q),
        "facets": facets,
        "active_filters": active_filters(facets, filters),
        "clear_url": "?" + urlencode({"q": filters.q}),
        "page_number": outcome.page,
        "last_page": last_page,
        "first_number": (outcome.page - 1) * PAGE_SIZE + 1,
        "previous_url": filters.url(page=outcome.page - 1) if outcome.page > 1 else "",
        "next_url": filters.url(page=outcome.page + 1) if outcome.page < last_page else "",
    })
    return context


def _outcome(user, filters):
    """What the engine finds. A visitor's results depend on published content only (the
    directory, publications, pages and documents open to every visitor; no market):
    kept until the next content change, the same freshness as the visitors' page cache
    gives the whole page. Members' results are searched every time (markets change
    outside the content generation). SEARCH_RESULTS_CACHE=false turns the cache off,
    for measuring the engine itself."""
    if user.is_authenticated or not settings.SEARCH_RESULTS_CACHE:
        return engine_for(user).search(filters)
    key = content_cache.key("search-outcome", visibility_class(user),
                            urlencode(sorted(filters.active().items())), filters.page)
    return content_cache.get_or_set(key, lambda: engine_for(user).search(filters))


def suggestions(request) -> dict:
    query = " ".join(request.GET.get("q", "").split())[:100]
    if len(query) < MIN_SUGGESTION_LENGTH or not words(query):
        return {"suggestions": []}
    rows = engine_for(request.user).suggestions(query, SUGGESTIONS)
    results = build_results(rows[:SUGGESTIONS], request, "")
    return {"suggestions": [
        {"title": r.title, "url": r.url, "type": r.type_label} for r in results
    ]}
