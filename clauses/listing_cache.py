"""What the market list shows around its rows (the filters' choices, the number of
markets, which markets each page holds) kept in the shared cache per person until a
market changes.

A generation counter, bumped whenever a market or its territories are saved or deleted,
is part of every key; so is the person and their groups (their roles), since the policy
decides from both which markets they see."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches

from network.permissions import visibility_class
from portal.core import cache as generations

GENERATION_KEY = "markets:generation"
SECONDS = 300


def generation() -> int:
    return generations.generation(GENERATION_KEY)


def markets_changed(**kwargs) -> None:
    generations.bump(GENERATION_KEY)


def key_for(user, name: str, parts: Any) -> str:
    raw = "\x1f".join(map(str, (name, user.pk, visibility_class(user), parts)))
    return f"markets:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_for(user, name: str, parts: Any, compute: Callable[[], Any]) -> Any:
    cache = caches[settings.PAGE_CACHE_ALIAS]
    return cache.get_or_set(key_for(user, name, parts), compute, SECONDS)
