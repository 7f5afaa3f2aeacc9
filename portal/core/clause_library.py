"""The library's clause templates as the market follow-up reads them, without either app
knowing the other.

`resources` (the library) and `clauses` (the market follow-up) are siblings that may
not import each other (import-linter). The follow-up drafts a market's clause from a
published template: it asks this module, which answers through the source the wiring
plugs in at start-up (portal.apps: resources.clause_library). Without a source (an
install without the library), there is no template to choose and the facilitator
writes the article by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClauseTemplate:
    """A published clause template, read once and copied into a draft: later edits of
    the template never change a draft already written from it."""

    id: int
    title: str
    legal_basis: str
    text: str
    url: str


# (user, legal basis or "") -> the templates that user may read, newest first.
Source = Callable[[object, str], Sequence[ClauseTemplate]]
_source: Source | None = None


def provide(source: Source | None) -> None:
    """Plug in (or, with None, take out) where the templates come from."""
    global _source  # noqa: PLW0603 - one source for the process, set by the wiring
    _source = source


def published_templates(user, legal_basis: str = "") -> list[ClauseTemplate]:
    """The published templates `user` may read, of `legal_basis` when given."""
    if _source is None:
        return []
    return list(_source(user, legal_basis))


def published_template(user, template_id, legal_basis: str = "") -> ClauseTemplate | None:
    """One of them, or None when it is not published, not readable by `user`, or of
    another legal basis: a choice is checked against what could have been offered."""
    try:
        wanted = int(template_id)
    except (TypeError, ValueError):
        return None
    return next(
        (t for t in published_templates(user, legal_basis) if t.id == wanted), None
    )
