"""Data computed from published content (counts, aggregates) kept in the shared cache
until the next content change: the same generation counter as the visitors' page cache
(portal.cache), so that publishing, unpublishing, moving or deleting a page, or saving a
snippet or a view restriction, makes every such value stale at once.

Unlike the page cache, this serves signed-in members too: a key names whatever the value
depends on, visibility included (network.permissions.visibility_class)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches

from portal.cache import generation


def key(*parts: Any) -> str:
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"content:{generation()}:{digest}"


def get_or_set(cache_key: str, compute: Callable[[], Any]) -> Any:
    return caches[settings.PAGE_CACHE_ALIAS].get_or_set(
        cache_key, compute, settings.PAGE_CACHE_SECONDS
    )
