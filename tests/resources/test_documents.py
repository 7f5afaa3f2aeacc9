import io
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.core.uploads import validate_upload
from tests.network.factories import editor, member
from tests.resources.factories import PDF, collection, document

pytestmark = pytest.mark.django_db


def docx_bytes(text="Clause") -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    doc = Document()
    doc.add_paragraph(text)
    doc.save(buffer)
    return buffer.getvalue()


def odt_bytes(text="Clause") -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    buffer = io.BytesIO()
    doc = OpenDocumentText()
    doc.text.addElement(P(text=text))
    doc.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "pas un document bureautique")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"PE\x00\x00"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- the library's collections ------------------------------------------------


def test_public_and_members_collections_exist_with_a_login_restriction_on_members():
    names = set(Collection.objects.filter(depth=2).values_list("name", flat=True))
    assert {"Public", "Membres"} <= names
    restriction = CollectionViewRestriction.objects.get(collection=collection("Membres"))
    assert restriction.restriction_type == CollectionViewRestriction.LOGIN
    assert not CollectionViewRestriction.objects.filter(collection=collection("Public")).exists()


def test_a_members_only_document_is_refused_to_a_visitor(client):
    doc = document("Compte rendu interne", "interne.pdf", collection_name="Membres")

    response = client.get(doc.url)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/compte/connexion/"


def test_a_members_only_document_is_served_to_a_member(client):
    doc = document("Compte rendu interne", "interne.pdf", collection_name="Membres")
    client.force_login(member())

    response = client.get(doc.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response.close()


def test_a_public_document_is_served_to_a_visitor(client):
    doc = document("Guide", "guide.pdf", collection_name="Public")

    response = client.get(doc.url)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


# --- the shared upload check --------------------------------------------------


@pytest.mark.parametrize(("name", "content"), [
    ("guide.pdf", PDF),
    ("modele.docx", docx_bytes()),
    ("modele.odt", odt_bytes()),
    ("suivi.xlsx", xlsx_bytes()),
    ("liste.csv", b"nom;heures\nDupont;35\n"),
    ("notes.txt", "Réunion du comité".encode("cp1252")),
    ("photo.png", PNG),
    ("photo.jpg", JPG),
])
def test_allowed_files_pass(name, content):
    validate_upload(upload(name, content))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("outil.exe", EXE, "Les fichiers « .exe » ne sont pas acceptés"),
    ("page.html", b"<html></html>", "Les fichiers « .html » ne sont pas acceptés"),
    ("logo.svg", b"<svg></svg>", "Les fichiers « .svg » ne sont pas acceptés"),
    ("archive.zip", plain_zip(), "Ce type de fichier n'est pas accepté"),
    ("sans-extension", PDF, "Ce type de fichier n'est pas accepté"),
    ("guide.pdf", EXE, "Le contenu de ce fichier ne correspond pas à son extension « .pdf »"),
    ("photo.png", PDF, "ne correspond pas à son extension « .png »"),
    ("modele.docx", plain_zip(), "ne correspond pas à son extension « .docx »"),
    ("modele.odt", docx_bytes(), "ne correspond pas à son extension « .odt »"),
    ("modele.docx", odt_bytes(), "ne correspond pas à son extension « .docx »"),
    ("suivi.xlsx", b"not a zip at all", "ne correspond pas à son extension « .xlsx »"),
    ("notes.txt", EXE, "ne correspond pas à son extension « .txt »"),
    ("notes.txt", b"<!DOCTYPE html><script>alert(1)</script>", "page web"),
    ("liste.csv", b"\x81\x8d\x8f\x90\x9d" * 10, "enregistrez-le en UTF-8"),
    ("vide.pdf", b"", "Ce fichier est vide."),
])
def test_refused_files_get_a_french_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    assert message in " ".join(error.value.messages)


@override_settings(UPLOAD_MAX_SIZE=1024)
def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("gros.pdf", PDF + b"0" * 2048))
    assert "Ce fichier est trop volumineux" in error.value.messages[0]


def test_the_file_position_is_left_at_the_start():
    uploaded = upload("modele.docx", docx_bytes())
    validate_upload(uploaded)
    assert uploaded.tell() == 0


# --- through the Wagtail admin --------------------------------------------------


def test_an_editor_uploading_a_disguised_executable_gets_a_french_error(client):
    client.force_login(editor())

    response = client.post("/admin/documents/add/", {
        "title": "Faux PDF", "collection": collection("Public").pk,
        "file": upload("faux.pdf", EXE),
    })

    assert response.status_code == 200
    assert "ne correspond pas à son extension" in response.content.decode().replace("&#x27;", "'")
    assert not get_document_model().objects.filter(title="Faux PDF").exists()


def test_an_editor_uploads_a_real_document_into_the_members_collection(client):
    client.force_login(editor())

    response = client.post("/admin/documents/add/", {
        "title": "Compte rendu", "collection": collection("Membres").pk,
        "file": upload("compte-rendu.odt", odt_bytes()),
    })

    assert response.status_code == 302
    doc = get_document_model().objects.get(title="Compte rendu")
    assert doc.collection == collection("Membres")
