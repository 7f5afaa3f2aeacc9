"""PDF documents: an HTML template written by WeasyPrint, over Debian's pango.

WeasyPrint loads pango when it is imported: it is imported on the first PDF asked for,
not when the portal starts, so that a server without pango (`make pango` installs it)
still runs and answers the PDF links with a French message. The document fetches
nothing: every style is in the template, and any URL in it is refused.
"""

from __future__ import annotations

import functools

from django.template.loader import render_to_string

MESSAGE_UNAVAILABLE = (
    "La production des documents PDF n'est pas installée sur ce serveur (bibliothèque "
    "pango absente : « make pango »). Le bilan du marché reste téléchargeable au format "
    "DOCX."
)


class PdfUnavailable(Exception):
    """WeasyPrint or pango is missing; the message says so in French."""


@functools.cache
def unavailable_reason() -> str | None:
    """Why no PDF can be written here (for the logs and the tests), or None."""
    try:
        import weasyprint  # noqa: F401 - loads pango through cffi
    except (ImportError, OSError) as error:
        return f"WeasyPrint unusable: {error}"
    return None


def render_pdf(template: str, context: dict) -> bytes:
    """The PDF of `template` rendered with `context`."""
    if unavailable_reason() is not None:
        raise PdfUnavailable(MESSAGE_UNAVAILABLE)
    import weasyprint
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    # No protocol allowed: the document fetches nothing, whatever a text in it says.
    fetcher = URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
