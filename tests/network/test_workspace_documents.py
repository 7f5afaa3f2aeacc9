"""Documents of a workspace: uploaded by contributors into its private collection,
checked on the way in, downloaded by its members only."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from network.enums import WorkspaceRole
from tests.network import factories as f

pytestmark = pytest.mark.django_db
Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def space(db):
    territory = f.TerritoryFactory(name="Bassin dijonnais", slug="bassin-dijonnais")
    return territory.workspace


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Documents -------------------------------------------------------------------


def _upload(client, space, name, content, title=""):
    return client.post(
        f"{space.get_absolute_url()}documents/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_contributor_uploads_a_document_into_the_private_collection(client, space):
    client.force_login(f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR))

    response = _upload(client, space, "bilan-2026.pdf", PDF, title="Bilan 2026")

    assert "Le document est déposé dans l'espace." in _messages(response)
    document = Document.objects.get(title="Bilan 2026")
    assert document.collection_id == space.collection_id
    # Stored under an unguessable folder, downloaded under its own name.
    folder, filename = document.file.name.split("/")[-2:]
    assert len(folder) == 24 and filename == "bilan-2026.pdf" == document.filename
    assert document.collection.get_view_restrictions().exists()


def test_office_documents_are_accepted(client, space):
    client.force_login(f.facilitator_of(space.territory))

    _upload(client, space, "convention.docx", _docx())
    _upload(client, space, "heures.csv", b"nom;heures\nChantier;120\n")

    assert Document.objects.filter(collection=space.collection).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("outil.exe", b"MZ\x90\x00\x03\x00\x00\x00", "ne sont pas acceptés"),
        ("page.html", b"<html><script>alert(1)</script></html>", "ne sont pas acceptés"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "ne sont pas acceptés"),
        ("faux.pdf", b"MZ\x90\x00 ceci n'est pas un PDF", "ne correspond pas à son extension"),
        ("notes.txt", b"<!DOCTYPE html><html></html>", "page web"),
        ("archive.zip", b"PK\x03\x04", "n'est pas accepté"),
    ],
)
def test_refused_uploads_say_why_in_french_and_store_nothing(
    client, space, private_media, name, content, message
):
    client.force_login(f.facilitator_of(space.territory))

    response = _upload(client, space, name, content)

    texts = _messages(response)
    assert texts and texts[0].startswith("Le fichier n'a pas été déposé.")
    assert message in texts[0]
    assert not Document.objects.exists()
    assert not any(p.is_file() for p in private_media.rglob("*"))


def test_upload_over_the_size_limit_is_refused(client, space, settings):
    settings.UPLOAD_MAX_SIZE = 1024
    client.force_login(f.facilitator_of(space.territory))

    response = _upload(client, space, "gros.pdf", PDF + b"0" * 2048)

    assert "trop volumineux" in _messages(response)[0]
    assert not Document.objects.exists()


def test_reader_cannot_upload(client, space):
    client.force_login(f.workspace_member_of(space, WorkspaceRole.READER))

    response = client.post(f"{space.get_absolute_url()}documents/",
                           {"file": SimpleUploadedFile("a.pdf", PDF)})

    assert response.status_code == 403
    assert not Document.objects.exists()


def test_members_download_through_the_checked_view(client, space):
    document = f.workspace_document(space, filename="compte-rendu.pdf", content=PDF)
    client.force_login(f.workspace_member_of(space, WorkspaceRole.READER))

    response = client.get(f"{space.get_absolute_url()}documents/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_a_document_is_not_reachable_through_another_workspace(client, space):
    other = f.TerritoryFactory().workspace
    document = f.workspace_document(other)
    client.force_login(f.facilitator_of(space.territory))

    response = client.get(f"{space.get_absolute_url()}documents/{document.pk}/")

    assert response.status_code == 404


def test_wagtail_document_url_refuses_non_members(client, space):
    document = f.workspace_document(space)
    client.force_login(f.facilitator_of(f.TerritoryFactory()))

    response = client.get(document.url)

    assert response.status_code != 200


def test_uploader_or_manager_deletes_a_document(client, space, private_media):
    contributor = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
    other_contributor = f.workspace_member_of(space, WorkspaceRole.CONTRIBUTOR)
    document = f.workspace_document(space, uploaded_by=contributor)
    url = f"{space.get_absolute_url()}documents/{document.pk}/supprimer/"

    client.force_login(other_contributor)
    assert client.post(url).status_code == 403
    client.force_login(contributor)
    client.post(url)

    assert not Document.objects.filter(pk=document.pk).exists()
    assert not any(p.is_file() for p in private_media.rglob("*"))
