"""The Wagtail admin's document and collection screens, for every role, on a private
workspace document, a committee document and a public one.

A private collection is reached in the admin by its workspace's members whose role
works on documents, and by administrators; to everyone else its documents answer as
absent ones (404), and nothing lists, offers or reports them.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection

pytestmark = pytest.mark.django_db
Document = get_document_model()

ROLES = [
    "anonyme", "membre", "membre_comite", "facilitateur_a", "coordinateur",
    "referent_acheteur", "editeur", "administrateur", "lecteur_a", "contributeur_a",
    "gestionnaire_a",
]
KINDS = ("espace_a", "comite", "public")
# Per document: edit, delete, usage, chosen in the chooser (admin), download.
ADMIN = ("edit", "delete", "usage", "chosen")
LOGIN = dict.fromkeys(ADMIN, "login")
ABSENT = dict.fromkeys(ADMIN, 404)
OPEN = dict.fromkeys(ADMIN, "ok")
# Signed in, but no document permission on the public collection: Wagtail's refusal
# (back to the dashboard), for a document everyone may download anyway.
NOT_AN_EDITOR = dict.fromkeys(ADMIN, "refus")


def _no_admin(downloads):
    """A role without the admin: sent to sign in; downloads as given."""
    return {kind: {**LOGIN, "download": downloads[i]} for i, kind in enumerate(KINDS)}


SCREENS = {
    "anonyme": _no_admin(("login", "login", "ok")),
    "membre": _no_admin((404, 404, "ok")),
    "referent_acheteur": _no_admin((404, 404, "ok")),
    "membre_comite": _no_admin((404, "ok", "ok")),
    "lecteur_a": _no_admin(("ok", 404, "ok")),
    "contributeur_a": _no_admin(("ok", 404, "ok")),
    "gestionnaire_a": _no_admin(("ok", 404, "ok")),
    "facilitateur_a": {
        "espace_a": {**OPEN, "download": "ok"},
        "comite": {**ABSENT, "download": 404},
        "public": {**NOT_AN_EDITOR, "download": "ok"},
    },
    "editeur": {
        "espace_a": {**ABSENT, "download": 404},
        "comite": {**ABSENT, "download": 404},
        "public": {**OPEN, "download": "ok"},
    },
    "administrateur": dict.fromkeys(KINDS, {**OPEN, "download": "ok"}),
}
SCREENS["coordinateur"] = SCREENS["facilitateur_a"]

# Listings: the documents each shows (or how the person is refused).
# Managing collections (and so the private ones) is for administrators only; deleting
# one answers as for an absent collection.
REFUSED_COLLECTIONS = {"collections": "refus", "collection_a": "refus",
                       "supprimer_collection_a": 404}
LISTED = {
    "facilitateur_a": {"documents": ["espace_a"], "chooser": ["espace_a"], "historique": [],
                       **REFUSED_COLLECTIONS},
    "editeur": {"documents": ["public"], "chooser": ["public"], "historique": ["public"],
                **REFUSED_COLLECTIONS},
    "administrateur": {"documents": list(KINDS), "chooser": list(KINDS),
                       "historique": list(KINDS), "collections": "ok", "collection_a": "ok",
                       "supprimer_collection_a": "ok"},
}
LISTED["coordinateur"] = LISTED["facilitateur_a"]
# The private collections whose names each role may read in the admin's filters.
REACHED = {"facilitateur_a": ("a",), "coordinateur": ("a", "b"), "editeur": (),
           "administrateur": ("a", "b", "c", "comite")}
LISTINGS = {
    "documents": "/admin/documents/",
    "chooser": "/admin/documents/chooser/",
    "historique": "/admin/reports/site-history/",
    "collections": "/admin/collections/",
    "collection_a": "/admin/collections/{a}/",
    "supprimer_collection_a": "/admin/collections/{a}/delete/",
}


def _public_document():
    document = Document(title="Guide public", collection=Collection.objects.get(name="Public"))
    document.file.save("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def _outcome(response):
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end, which closes the file
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(("/admin/login/", "/compte/connexion/")):
            return "login"
        return "refus"
    return "ok" if response.status_code == 200 else response.status_code


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def documents(world):
    docs = {"espace_a": world.document_a, "comite": world.document_committee,
            "public": _public_document()}
    for document in docs.values():
        log(document, "wagtail.create", user=world.accounts["administrateur"])
    return docs


def _urls(document):
    return {
        "edit": f"/admin/documents/edit/{document.pk}/",
        "delete": f"/admin/documents/delete/{document.pk}/",
        "usage": f"/admin/documents/usage/{document.pk}/",
        "chosen": f"/admin/documents/chooser/chosen/{document.pk}/",
        "download": document.url,
    }


@pytest.mark.parametrize("role", ROLES)
def test_document_screens_for_every_role(world, documents, role):
    client = _client(world.accounts[role])

    answers = {
        kind: {screen: _outcome(client.get(url)) for screen, url in _urls(document).items()}
        for kind, document in documents.items()
    }

    assert answers == SCREENS[role]


def _shown(response, documents) -> list[str]:
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = response.json()["html"]
    return [kind for kind, document in documents.items() if document.title in body]


@pytest.mark.parametrize("role", ROLES)
def test_listings_chooser_reports_and_collections_for_every_role(world, documents, role):
    client = _client(world.accounts[role])
    expected = LISTED.get(role, dict.fromkeys(LISTINGS, "login"))

    workspaces = {"a": world.territory_a.workspace, "b": world.territory_b.workspace,
                  "c": world.territory_c.workspace, "comite": world.committee.workspace}
    hidden = [ws.collection.name for key, ws in workspaces.items()
              if key not in REACHED.get(role, ())]

    answers = {}
    for name, url in LISTINGS.items():
        response = client.get(url.format(a=workspaces["a"].collection_id))
        outcome = _outcome(response)
        answers[name] = outcome
        if outcome == "ok" and name in ("documents", "chooser", "historique"):
            answers[name] = _shown(response, documents)
            body = response.content.decode()
            assert not [n for n in hidden if n in body], (name, hidden)

    assert answers == expected


def test_an_editor_cannot_move_a_private_document_to_the_public_collection(world, documents):
    client = _client(world.accounts["editeur"])
    private, public = documents["espace_a"], Collection.objects.get(name="Public")

    response = client.post(
        f"/admin/documents/edit/{private.pk}/", {"title": "Sorti", "collection": public.pk}
    )
    bulk = client.post(
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={private.pk}",
        {"collection": public.pk},
    )

    assert response.status_code == 404 and bulk.status_code == 404
    private.refresh_from_db()
    assert (private.title, private.collection_id) == (
        "Compte rendu A", world.territory_a.workspace.collection_id
    )


def test_an_editor_cannot_file_a_document_into_a_private_collection(world, documents):
    client = _client(world.accounts["editeur"])
    public = documents["public"]
    private_collection = world.territory_a.workspace.collection

    response = client.post(
        f"/admin/documents/edit/{public.pk}/",
        {"title": "Guide public", "collection": private_collection.pk},
    )
    upload_form = client.get("/admin/documents/multiple/add/")

    assert response.status_code == 200  # the form again, with its error
    public.refresh_from_db()
    assert public.collection.name == "Public"
    assert "Espace privé" not in upload_form.content.decode()


def test_the_facilitator_manages_their_territorys_documents_in_the_admin(world, documents):
    client = _client(world.accounts["facilitateur_a"])
    document = documents["espace_a"]

    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Compte rendu A (corrigé)", "collection": document.collection_id},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Compte rendu A (corrigé)"
