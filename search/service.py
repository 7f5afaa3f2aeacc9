"""The search as the views ask for it: choose the engine, run it, shape the answer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from network.permissions import search_visibility
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
    outcome = engine_for(request.user).search(filters)
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


def suggestions(request) -> dict:
    query = " ".join(request.GET.get("q", "").split())[:100]
    if len(query) < MIN_SUGGESTION_LENGTH or not words(query):
        return {"suggestions": []}
    rows = engine_for(request.user).suggestions(query, SUGGESTIONS)
    results = build_results(rows[:SUGGESTIONS], request, "")
    return {"suggestions": [
        {"title": r.title, "url": r.url, "type": r.type_label} for r in results
    ]}
