"""Word-processing files (.docx and .odt) written from a list of blocks, with the
placeholders left in a text ([nombre d'heures]…) highlighted so that nobody forgets one.

The library's clause templates (resources.exports) and the clauses drafted for a
market (clauses.drafting) are both written here: the two apps know nothing of each
other, and a document looks the same whichever wrote it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from portal.core.text import fold

PLACEHOLDER = re.compile(r"(\[[^\[\]\n]+\])")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIME = "application/vnd.oasis.opendocument.text"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_SPACES = re.compile(r"\s+")


@dataclass
class Block:
    style: str  # "title", "heading" or "text"
    text: str


# --- Placeholders -------------------------------------------------------------------------


def placeholder_key(name: str) -> str:
    """How a placeholder is recognised whatever its writing: "[Nombre d’heures]" and
    "[nombre d'heures]" are one key (folded, straight apostrophes, single spaces)."""
    text = name.strip().strip("[]").translate(_APOSTROPHES)
    return _SPACES.sub(" ", fold(text)).strip()


def placeholders(text: str) -> list[str]:
    """The placeholders still in `text`, each once, in the order they appear."""
    found: list[str] = []
    for match in PLACEHOLDER.findall(text or ""):
        if match not in found:
            found.append(match)
    return found


def fill(text: str, value_of: Callable[[str], str | None]) -> str:
    """`text` with each placeholder replaced by `value_of(its key)`; a placeholder for
    which it gives None (or an empty value) is left as it is, to be highlighted."""
    def replace(match: re.Match) -> str:
        value = value_of(placeholder_key(match.group(0)))
        return value if value else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")


def highlight(text: str) -> SafeString:
    """`text` escaped for a page, each placeholder marked so that readers spot it."""
    pieces = []
    for piece in PLACEHOLDER.split(str(text or "")):
        if PLACEHOLDER.fullmatch(piece):
            pieces.append(format_html('<mark class="placeholder">{}</mark>', piece))
        else:
            pieces.append(conditional_escape(piece))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


# --- Writers ------------------------------------------------------------------------------


def to_docx(title: str, blocks: Iterable[Block]) -> bytes:
    # python-docx is loaded on the first download, not when the portal starts.
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "fr-FR"
    for block in blocks:
        if block.style == "title":
            document.add_heading(block.text, level=1)
        elif block.style == "heading":
            document.add_heading(block.text, level=2)
        else:
            paragraph = document.add_paragraph()
            for piece in PLACEHOLDER.split(block.text):
                if piece:
                    run = paragraph.add_run(piece)
                    if PLACEHOLDER.fullmatch(piece):
                        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_odt(title: str, blocks: Iterable[Block]) -> bytes:
    # odfpy is loaded on the first download, not when the portal starts.
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P, Span

    document = OpenDocumentText()
    placeholder_style = Style(name="Placeholder", family="text")
    placeholder_style.addElement(TextProperties(backgroundcolor="#ffff00"))
    title_style = Style(name="Titre", family="paragraph")
    title_style.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    heading_style = Style(name="Intertitre", family="paragraph")
    heading_style.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    heading_style.addElement(ParagraphProperties(margintop="0.4cm"))
    for style in (placeholder_style, title_style, heading_style):
        document.automaticstyles.addElement(style)

    for block in blocks:
        if block.style == "title":
            document.text.addElement(H(outlinelevel=1, stylename=title_style, text=block.text))
        elif block.style == "heading":
            document.text.addElement(H(outlinelevel=2, stylename=heading_style, text=block.text))
        else:
            paragraph = P()
            for piece in PLACEHOLDER.split(block.text):
                if not piece:
                    continue
                if PLACEHOLDER.fullmatch(piece):
                    paragraph.addElement(Span(stylename=placeholder_style, text=piece))
                else:
                    paragraph.addText(piece)
            document.text.addElement(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# URL segment -> (content type, writer)
FORMATS: Mapping[str, tuple[str, Callable[[str, Iterable[Block]], bytes]]] = {
    "docx": (DOCX_MIME, to_docx),
    "odt": (ODT_MIME, to_odt),
}
