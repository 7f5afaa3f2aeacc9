"""Generation counters, and values computed from content kept until the next change.

Every cache of the portal, and how stale each may be:

- Visitors' page cache (portal/cache.py, the middleware): a public page as a visitor
  sees it, keyed by URL under the content generation. Fresh after any content change
  (the generation moves); otherwise at most PAGE_CACHE_SECONDS old.
- Content values (`key` and `get_or_set` below): counts and listings drawn from
  published content (library facets and filter panel, the home's newest publications,
  the public key figures), keyed by visibility class under the same content
  generation. Same freshness as the page cache: the page's entry and the value's share
  the generation, so a content change refreshes both. Under the same rule: each
  address's route (portal/core/routing.py), a page's lack of view restrictions
  (portal/core/pages.py), a publication's documents, filing and a visitor's "see also"
  links, the library's page of results, the home's next meetings (those begun dropped
  on reading) and a visitor's search results (search/service.py).
- Public key figures (clauses/bilans/key_figures.py): computed from the declarations,
  which move no content generation, and kept PAGE_CACHE_SECONDS. Their page and CSV
  are `not_page_cached`, so that they are at most one cache lifetime old rather than
  a page cached around figures that were already cached.
- Market lists (clauses/listing_cache.py): the filter choices, count and each page's
  market ids of /espace/marches/ per person, under a generation that any market change
  moves; at most 5 minutes old otherwise (a territory moved to another network, say).
  The rows themselves (hours, clauses) are read on every request.
- Wagtail's user bar off pages (portal/templatetags/portal_userbar.py): per person,
  keyed by their admin theme, language and host, under the content generation; access
  to the admin is checked on every request.
- Bilans of /espace/bilans/ (clauses/bilans/cache.py): each scope's computed bilan,
  under a generation that any write of what a bilan counts moves (model signals, the
  market event, the maintained figures' refresh), and today's date; at most
  PAGE_CACHE_SECONDS old otherwise. The statistical secrecy is applied per reader
  after reading it. Under the same generation: the scopes a person may choose there,
  keyed by their grants as the request reads them, and the bilan's rendered tables,
  keyed by the breakdowns the secrecy hid from the reader.
- A person's grants (network/permissions/grants.py): per person under a generation
  that any write of a group, a membership, an object permission or a network moves on
  (model signals, and network/groups.py after its bulk writes), now and on commit; at
  most 5 minutes old otherwise.
- Per request only: a user's visibility class (network.permissions), a page's view
  restrictions (portal/core/pages.py).
- Per process: django-guardian's anonymous user (GUARDIAN_ANONYMOUS_USER_CACHE_TTL).

A generation counter is a number that every key of a family carries: bumping it makes
every entry of the family stale at once (old keys expire on their own).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

CONTENT_GENERATION = "pagecache:generation"


def store():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation(key: str = CONTENT_GENERATION) -> int:
    """The current value of a generation counter."""
    cache = store()
    value = cache.get(key)
    if value is None:
        # add() so that two workers starting together agree on the first value.
        cache.add(key, 1, timeout=None)
        value = cache.get(key, 1)
    return value


def bump(key: str = CONTENT_GENERATION) -> None:
    """Move a generation counter on: every entry keyed by the old value is stale."""
    cache = store()
    try:
        cache.incr(key)
    except ValueError:  # no counter yet: nothing cached under a generation either
        cache.add(key, 1, timeout=None)
        cache.incr(key)


# One callable per counter, so that a transaction registers each counter's bump once.
_COMMIT_BUMPS: dict[str, Callable[[], None]] = {}


def bump_now_and_on_commit(key: str) -> None:
    """Move a counter on now, and again when the transaction commits: a reader between
    the two would otherwise keep what it read before the commit under the new value."""
    bump(key)
    func = _COMMIT_BUMPS.setdefault(key, partial(bump, key))
    connection = transaction.get_connection()
    # Once per transaction (an import writes thousands of rows in one), unless the one
    # registered belongs to a savepoint that may still be rolled back alone.
    alive = set(connection.savepoint_ids)
    if not connection.in_atomic_block or not any(
        registered is func and set(sids) <= alive
        for sids, registered, *_ in connection.run_on_commit
    ):
        transaction.on_commit(func)


def key(*parts: Any) -> str:
    """A content value's key: its parts (visibility included) under the content
    generation."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"content:{generation()}:{digest}"


def get_or_set(cache_key: str, compute: Callable[[], Any]) -> Any:
    return store().get_or_set(cache_key, compute, settings.PAGE_CACHE_SECONDS)


def not_page_cached(view):
    """Keep a view's answers out of the visitors' page cache: for a page built from a
    value that has a cache of its own."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cacheable = False
        return response

    return wrapped
