"""A clause template as a word-processing file (.docx or .odt), ready to paste into a DCE.

The placeholders ([nombre d'heures]…) are highlighted so that nobody forgets one.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

PLACEHOLDER = re.compile(r"(\[[^\[\]\n]+\])")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIME = "application/vnd.oasis.opendocument.text"


@dataclass
class Block:
    style: str  # "title", "heading" or "text"
    text: str


def _rich_text_lines(html: str) -> list[str]:
    text = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", str(html))
    return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [line.rstrip() for line in normalize_newlines(text).split("\n") if line.strip()]


def clause_blocks(page) -> list[Block]:
    """The document's content, the same for both formats."""
    blocks = [Block("title", page.title)]
    if page.legal_reference:
        blocks.append(Block("text", f"Fondement juridique : {page.legal_reference}"))
    blocks.append(Block("heading", "Quand l'utiliser"))
    blocks += [Block("text", line) for line in _rich_text_lines(page.when_to_use)]
    blocks.append(Block("heading", "Texte de la clause"))
    blocks += [Block("text", line) for line in _paragraphs(page.clause_text)]
    for variant in page.variants:
        value = variant.value
        blocks.append(Block("heading", f"Variante : {value['title']}"))
        if value.get("when"):
            blocks.append(Block("text", f"Dans quel cas : {value['when']}"))
        blocks += [Block("text", line) for line in _paragraphs(value["text"])]
    return blocks


def clause_to_docx(page) -> bytes:
    # python-docx is loaded on the first download, not when the portal starts.
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    document = Document()
    document.core_properties.title = page.title
    document.core_properties.language = "fr-FR"
    for block in clause_blocks(page):
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


def clause_to_odt(page) -> bytes:
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

    for block in clause_blocks(page):
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


# URL segment -> (content type, exporter)
EXPORT_FORMATS = {
    "docx": (DOCX_MIME, clause_to_docx),
    "odt": (ODT_MIME, clause_to_odt),
}
