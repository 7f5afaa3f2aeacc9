"""Reading back the documents the portal writes: PDF text, DOCX text, XLSX rows."""

import io

import openpyxl
import pytest

from clauses.documents import pdf

requires_pdf = pytest.mark.skipif(
    pdf.unavailable_reason() is not None,
    reason=f"no PDF without Debian's pango (make pango): {pdf.unavailable_reason()}",
)


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install pypdf)")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def xlsx_rows(content: bytes) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def spaced(text: str) -> str:
    """French figures use narrow no-break spaces: compare them as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")
