import io
import zipfile

import pytest

from tests.resources.factories import ClauseTemplatePageFactory

pytestmark = pytest.mark.django_db

CLAUSE = "Le titulaire s'engage à réaliser [nombre d'heures] heures d'insertion."


@pytest.fixture
def clause(library):
    return ClauseTemplatePageFactory(
        parent=library, title="Clause d'insertion en condition d'exécution",
        slug="clause-execution", clause_text=CLAUSE,
    )


def test_docx_download_opens_and_holds_the_clause_text(client, clause):
    from docx import Document

    response = client.get(clause.url + "telecharger/docx/")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="clause-execution.docx"'
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Clause d'insertion en condition d'exécution"
    assert CLAUSE in paragraphs
    assert "Texte de la clause" in paragraphs and "Variante : Lots séparés" in paragraphs
    assert any(p.startswith("Fondement juridique : Article L2112-2") for p in paragraphs)
    highlighted = [
        run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color
    ]
    assert "[nombre d'heures]" in highlighted


def test_odt_download_opens_and_holds_the_clause_text(client, clause):
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    response = client.get(clause.url + "telecharger/odt/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == 'attachment; filename="clause-execution.odt"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    document = load(io.BytesIO(response.content))
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    assert headings[0] == "Clause d'insertion en condition d'exécution"
    assert "Texte de la clause" in headings
    assert CLAUSE in paragraphs


def test_an_unknown_format_is_not_found(client, clause):
    assert client.get(clause.url + "telecharger/pdf/").status_code == 404


def test_downloads_of_restricted_clauses_follow_the_page_restriction(client, clause):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=clause, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(clause.url + "telecharger/docx/")

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
