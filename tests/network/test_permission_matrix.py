"""Every role against every kind of object and action.

Two tables: what the policy answers (network.permissions.has_permission) for
each kind of anchored object, and what a person gets over HTTP in the
workspaces (view a workspace, change it by posting, download its documents,
manage its members).
"""

import pytest
from django.test import Client

from network.permissions import Action, has_permission
from tests.network import factories as f

pytestmark = pytest.mark.django_db

ROLES = [
    "anonyme", "membre", "membre_comite", "facilitateur_a", "coordinateur",
    "referent_acheteur", "editeur", "administrateur", "lecteur_a", "contributeur_a",
    "gestionnaire_a",
]
V, C, D = Action.VIEW, Action.CHANGE, Action.DOWNLOAD
ALL = {V, C, D}
READ = {V, D}

# What the policy opens, per role: {object kind: actions}. Anything not listed is refused.
FACILITATOR_OF_A = {
    "territoire_a": ALL, "espace_a": ALL, "message_a": ALL, "action_a": ALL,
}
POLICY = {
    "anonyme": {},
    "membre": {},
    "editeur": {},
    "referent_acheteur": {"acheteur": READ},
    "membre_comite": {
        "comite": READ, "reunion": ALL, "espace_comite": ALL, "action_reunion": ALL,
    },
    "facilitateur_a": FACILITATOR_OF_A,
    "coordinateur": {
        **FACILITATOR_OF_A, "territoire_b": ALL, "espace_b": ALL,
    },
    "lecteur_a": {"espace_a": READ, "message_a": READ, "action_a": READ},
    "contributeur_a": {"espace_a": ALL, "message_a": ALL, "action_a": ALL},
    "gestionnaire_a": {"espace_a": ALL, "message_a": ALL, "action_a": ALL},
    "administrateur": "everything",
}


def _objects(world):
    ws_a = world.territory_a.workspace
    return {
        "territoire_a": world.territory_a,
        "territoire_b": world.territory_b,
        "territoire_c": world.territory_c,
        "espace_a": ws_a,
        "espace_b": world.territory_b.workspace,
        "espace_c": world.territory_c.workspace,
        "espace_comite": world.committee.workspace,
        "comite": world.committee,
        "reunion": world.meeting,
        "acheteur": world.buyer,
        "message_a": f.WorkspacePostFactory(workspace=ws_a),
        "action_a": f.ActionItemFactory(workspace=ws_a),
        "action_reunion": f.ActionItemFactory(workspace=None, meeting=world.meeting),
    }


@pytest.mark.parametrize("role", ROLES)
def test_policy_answers_for_every_kind_of_object(world, role):
    user = world.accounts[role]
    objects = _objects(world)
    expected_by_kind = POLICY[role]

    answers = {
        (kind, action.value): has_permission(user, action, obj)
        for kind, obj in objects.items() for action in (V, C, D)
    }
    expected = {
        (kind, action.value): (
            expected_by_kind == "everything" or action in expected_by_kind.get(kind, set())
        )
        for kind in objects for action in (V, C, D)
    }
    wrong = {key: answers[key] for key in answers if answers[key] != expected[key]}
    assert wrong == {}, f"{role}: réponses inattendues (objet, action) -> réponse : {wrong}"


# HTTP: each workspace, four actions. "ok" = the page or the change goes through,
# "login" = sent to the login page, 403 = refused.
WORKSPACES = ("a", "b", "c", "comite")
HTTP = {
    "anonyme": dict.fromkeys(WORKSPACES, ("login", "login", "login", "login")),
    "membre": dict.fromkeys(WORKSPACES, (403, 403, 403, 403)),
    "editeur": dict.fromkeys(WORKSPACES, (403, 403, 403, 403)),
    "referent_acheteur": dict.fromkeys(WORKSPACES, (403, 403, 403, 403)),
    "membre_comite": {
        **dict.fromkeys(WORKSPACES, (403, 403, 403, 403)), "comite": ("ok", "ok", "ok", 403),
    },
    "facilitateur_a": {**dict.fromkeys(WORKSPACES, (403, 403, 403, 403)), "a": ("ok",) * 4},
    "coordinateur": {
        **dict.fromkeys(WORKSPACES, (403, 403, 403, 403)), "a": ("ok",) * 4, "b": ("ok",) * 4,
    },
    "lecteur_a": {**dict.fromkeys(WORKSPACES, (403, 403, 403, 403)), "a": ("ok", 403, "ok", 403)},
    "contributeur_a": {
        **dict.fromkeys(WORKSPACES, (403, 403, 403, 403)), "a": ("ok", "ok", "ok", 403),
    },
    "gestionnaire_a": {**dict.fromkeys(WORKSPACES, (403, 403, 403, 403)), "a": ("ok",) * 4},
    "administrateur": dict.fromkeys(WORKSPACES, ("ok",) * 4),
}


def _outcome(response, success_status=200):
    if response.status_code == 302 and response["Location"].startswith("/compte/connexion/"):
        return "login"
    if response.status_code == success_status:
        return "ok"
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_workspaces_over_http(world, role):
    user = world.accounts[role]
    spaces = {
        "a": (world.territory_a.workspace, world.document_a),
        "b": (world.territory_b.workspace, world.document_b),
        "c": (world.territory_c.workspace, None),
        "comite": (world.committee.workspace, world.document_committee),
    }
    answers = {}
    for key, (workspace, document) in spaces.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        url = workspace.get_absolute_url()
        if document is None:
            document = f.workspace_document(workspace)
        view = _outcome(client.get(url))
        change = _outcome(client.post(f"{url}messages/", {"body": "Bonjour"}), 302)
        response = client.get(f"{url}documents/{document.pk}/")
        download = _outcome(response)
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end, which closes the file
        manage = _outcome(client.get(f"{url}membres/"))
        if manage == "ok":
            # Everyone who sees the workspace sees its members; managing is adding one.
            manage = _outcome(
                client.post(f"{url}membres/", {"identifier": "membre", "role": "lecteur"}), 302
            )
        answers[key] = (view, change, download, manage)

    assert answers == HTTP[role]


def test_anonymous_is_sent_to_the_login_page_and_back(world, client):
    url = world.territory_a.workspace.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={url}"
