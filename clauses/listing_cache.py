"""What the market list shows around its page (the filters' choices, the number of
markets) kept in the shared cache per person until a market changes.

A generation counter, bumped whenever a market or its territories are saved or deleted,
is part of every key; so is the person and their groups (their roles), since the policy
decides from both which markets they see."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from network.permissions import visibility_class
from portal import cache as page_cache

GENERATION_KEY = "markets:generation"
SECONDS = 300


def generation() -> int:
    return page_cache.generation(GENERATION_KEY)


def markets_changed(**kwargs) -> None:
    page_cache.bump(GENERATION_KEY)


def key_for(user, name: str, parts: Any) -> str:
    raw = "\x1f".join(map(str, (name, user.pk, visibility_class(user), parts)))
    return f"markets:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_for(user, name: str, parts: Any, compute: Callable[[], Any]) -> Any:
    cache = caches[settings.PAGE_CACHE_ALIAS]
    return cache.get_or_set(key_for(user, name, parts), compute, SECONDS)


def _market_saved(**kwargs) -> None:
    # Now, for this transaction's own next reads, and again once it commits: another
    # request may have cached the rows as they were before the commit.
    markets_changed()
    transaction.on_commit(markets_changed)


def connect_signals() -> None:
    from clauses.models import Market

    for signal in (post_save, post_delete):
        signal.connect(_market_saved, sender=Market,
                       dispatch_uid=f"markets_generation_{signal is post_save}")
    m2m_changed.connect(_market_saved, sender=Market.territories.through,
                        dispatch_uid="markets_generation_territories")
