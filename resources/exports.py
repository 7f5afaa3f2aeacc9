"""A clause template as a word-processing file (.docx or .odt), ready to paste into a DCE.

The writing itself (and the highlighting of the placeholders, [nombre d'heures]…) is
portal.core.documents', shared with the clauses drafted for a market.
"""

from __future__ import annotations

import re

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

from portal.core.documents import DOCX_MIME, ODT_MIME, PLACEHOLDER, Block, to_docx, to_odt

__all__ = ["EXPORT_FORMATS", "PLACEHOLDER", "Block", "clause_blocks", "clause_to_docx",
           "clause_to_odt"]


def _rich_text_lines(html: str) -> list[str]:
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", str(html))
    return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]


def paragraphs(text: str) -> list[str]:
    return [line.rstrip() for line in normalize_newlines(text).split("\n") if line.strip()]


def clause_blocks(page) -> list[Block]:
    """The document's content, the same for both formats."""
    blocks = [Block("title", page.title)]
    if page.legal_reference:
        blocks.append(Block("text", f"Fondement juridique : {page.legal_reference}"))
    blocks.append(Block("heading", "Quand l'utiliser"))
    blocks += [Block("text", line) for line in _rich_text_lines(page.when_to_use)]
    blocks.append(Block("heading", "Texte de la clause"))
    blocks += [Block("text", line) for line in paragraphs(page.clause_text)]
    for variant in page.variants:
        value = variant.value
        blocks.append(Block("heading", f"Variante : {value['title']}"))
        if value.get("when"):
            blocks.append(Block("text", f"Dans quel cas : {value['when']}"))
        blocks += [Block("text", line) for line in paragraphs(value["text"])]
    return blocks


def clause_to_docx(page) -> bytes:
    return to_docx(page.title, clause_blocks(page))


def clause_to_odt(page) -> bytes:
    return to_odt(page.title, clause_blocks(page))


# URL segment -> (content type, exporter)
EXPORT_FORMATS = {
    "docx": (DOCX_MIME, clause_to_docx),
    "odt": (ODT_MIME, clause_to_odt),
}
