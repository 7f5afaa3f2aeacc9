"""The library's side of portal.core.clause_library: its published clause templates, as
the market follow-up drafts from them (plugged in by the wiring, portal.apps)."""

from __future__ import annotations

from portal.core.clause_library import ClauseTemplate
from resources.models import ClauseTemplatePage
from resources.visibility import visible_pages

# A facilitator chooses among a handful of templates per legal basis; the list is cut
# so that a library grown large never makes the choice a page of its own.
MAX_TEMPLATES = 100


def published(user, legal_basis: str = "") -> list[ClauseTemplate]:
    """Live templates that `user` may read (view restrictions applied), newest first.
    A live page's row holds its published text, whatever draft an editor keeps."""
    pages = visible_pages(user, ClauseTemplatePage.objects.live())
    if legal_basis:
        pages = pages.filter(legal_basis=legal_basis)
    pages = pages.order_by("-first_published_at", "-pk")[:MAX_TEMPLATES]
    return [
        ClauseTemplate(id=page.pk, title=page.title, legal_basis=page.legal_basis,
                       text=page.clause_text, url=page.url or "")
        for page in pages
    ]
