"""DOCX documents (python-docx): the market's bilan as the buyer may edit it further.

The same content as the PDF (clauses.documents.market.MarketBilan), in Word's own
styles so that the buyer's template restyles it. Text goes in as text: nothing typed in
the portal becomes a field or a formula.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from clauses.documents.market import CLAUSE_HEADINGS, MONTH_HEADINGS, MarketBilan, fr
from clauses.documents.texts import INDICATORS_NOTE, SECRECY_EXPLANATION

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _table(document, headings: list[str], rows: list[list[str]], numeric_from: int = 1):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if index >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return table


def _indicators(document, sections) -> None:
    for number, section in enumerate(sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=2)
        if section.figures:
            _table(document, ["Indicateur", "Valeur"],
                   [[figure.label, figure.display] for figure in section.figures])
        for table in section.tables:
            if table.secret:
                paragraph = document.add_paragraph()
                paragraph.add_run(table.caption).bold = True
                paragraph.add_run(f" — {table.secret_label}.")
                continue
            document.add_paragraph(table.caption).runs[0].bold = True
            _table(
                document,
                ["Catégorie", *(label for _, label in table.measures)],
                [[row["libelle"], *(cell["display"] for cell in row["cells"])]
                 for row in table.body],
            )


def market_bilan_docx(doc: MarketBilan) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = doc.title
    document.core_properties.author = "Portail des clauses sociales"
    document.add_heading(doc.title, level=0)
    _table(document, ["", ""], [[label, value] for label, value in doc.summary],
           numeric_from=2)

    document.add_heading("Clauses du marché", level=1)
    if doc.clauses:
        _table(document, CLAUSE_HEADINGS, [clause.cells for clause in doc.clauses],
               numeric_from=3)
    else:
        document.add_paragraph("Aucune clause n'est enregistrée pour ce marché.")

    document.add_heading("Heures réalisées mois par mois", level=1)
    if doc.months:
        document.add_paragraph(
            f"Heures déclarées par mois, et leur cumul rapporté aux {fr(doc.required)} "
            "heures exigées."
        )
        _table(document, MONTH_HEADINGS, [month.cells for month in doc.months])
    else:
        document.add_paragraph("Aucune heure n'est déclarée pour ce marché pendant la période.")

    document.add_heading("Les sept indicateurs du bilan", level=1)
    _indicators(document, doc.sections)
    document.add_paragraph(f"{INDICATORS_NOTE} {SECRECY_EXPLANATION}")

    document.add_heading("Commentaire du facilitateur", level=1)
    if doc.comment:
        for line in doc.comment.split("\n"):
            document.add_paragraph(line)
        if doc.comment_signature:
            document.add_paragraph(doc.comment_signature).runs[0].italic = True
    else:
        document.add_paragraph("Aucun commentaire n'a été rédigé.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
