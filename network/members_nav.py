"""The members' navigation: the screens of /espace/ a signed-in person's roles open.

Each app adds its own entries without network knowing it, as the dashboard's panels do
(network/dashboard.py), e.g. in its AppConfig.ready()::

    register_entry(Entry(
        key="markets", label="Marchés", url_name="clauses:market_list", order=20,
        is_open=lambda user: has_any_anchor(user, Action.VIEW, Market),
    ))

`is_open` asks network.permissions, never a role name: an entry shows when the person
could open at least one object of its kind. The grants are read once per request, so
the whole menu costs no query of its own (an `is_open` should keep it that way).
`prefixes` are the paths the entry stands for, to mark the page being read; the
longest prefix that matches wins.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    is_open: Callable[[object], bool]
    order: int = 100
    prefixes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Link:
    key: str
    label: str
    url: str
    current: bool


_registry: dict[str, Entry] = {}


def register_entry(entry: Entry) -> Entry:
    """Add an entry, or replace the one with the same key."""
    _registry[entry.key] = entry
    return entry


def unregister_entry(key: str) -> None:
    _registry.pop(key, None)


def registered_entries() -> list[Entry]:
    return sorted(_registry.values(), key=lambda e: (e.order, e.key))


def _address(url_name: str) -> str:
    """An entry's address, reversed once per URL configuration and script prefix rather
    than on every page."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(url_name, urlconf, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(url_name: str, urlconf: str, prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def links_for(user, path: str = "") -> list[Link]:
    """The entries open to `user`, the one `path` belongs to marked current."""
    if user is None or not user.is_authenticated:
        return []
    entries = [(entry, _address(entry.url_name)) for entry in registered_entries()
               if entry.is_open(user)]
    best, best_length = None, -1
    for entry, url in entries:
        for prefix in (url, *entry.prefixes):
            exact_home = prefix == "/espace/" and path != prefix
            if path.startswith(prefix) and not exact_home and len(prefix) > best_length:
                best, best_length = entry.key, len(prefix)
    return [Link(entry.key, entry.label, url, entry.key == best) for entry, url in entries]
