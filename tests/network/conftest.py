from dataclasses import dataclass

import pytest

from network.enums import WorkspaceRole
from tests.network import factories as f


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class World:
    network: object
    other_network: object
    territory_a: object
    territory_b: object
    territory_c: object
    committee: object
    meeting: object
    buyer: object
    document_a: object
    document_b: object
    document_committee: object
    accounts: dict


@pytest.fixture
def world(db):
    """Two territories A and B in one network, C in another, and a committee.

    One account per role (DESIGN.md §5) and per workspace role in A's workspace.
    """
    network = f.NetworkFactory(name="URMDEF-PLIE de Bourgogne", slug="urmdef")
    other = f.NetworkFactory(name="Union régionale des PLIE d'Aquitaine", slug="urpa")
    territory_a = f.TerritoryFactory(name="Bassin dijonnais", slug="bassin-dijonnais",
                                     network=network)
    territory_b = f.TerritoryFactory(name="Agglomération de Nevers", slug="agglomeration-nevers",
                                     network=network, departements=["58"])
    territory_c = f.TerritoryFactory(name="PLIE de Bordeaux", slug="plie-bordeaux",
                                     network=other, departements=["33"])
    committee = f.CommitteeFactory(name="Comité de pilotage CUB / URPA", slug="copil-cub-urpa")
    meeting = f.MeetingFactory(committee=committee)
    buyer = f.BuyerFactory(name="Mission régionale des achats de l'État", slug="cmra")
    ws_a = territory_a.workspace
    accounts = {
        "anonyme": None,
        "membre": f.member(username="membre"),
        "membre_comite": f.committee_member_of(committee, username="membre.comite"),
        "facilitateur_a": f.facilitator_of(territory_a, username="facilitateur.a"),
        "coordinateur": f.coordinator_of(network, username="coordinateur"),
        "referent_acheteur": f.buyer_referent_of(buyer, username="acheteur"),
        "editeur": f.editor(username="editeur"),
        "administrateur": f.administrator(username="admin"),
        "lecteur_a": f.workspace_member_of(ws_a, WorkspaceRole.READER, username="lecteur.a"),
        "contributeur_a": f.workspace_member_of(
            ws_a, WorkspaceRole.CONTRIBUTOR, username="contributeur.a"
        ),
        "gestionnaire_a": f.workspace_member_of(
            ws_a, WorkspaceRole.MANAGER, username="gestionnaire.a"
        ),
    }
    return World(
        network=network, other_network=other, territory_a=territory_a, territory_b=territory_b,
        territory_c=territory_c, committee=committee, meeting=meeting, buyer=buyer,
        document_a=f.workspace_document(ws_a, title="Compte rendu A"),
        document_b=f.workspace_document(territory_b.workspace, title="Compte rendu B"),
        document_committee=f.workspace_document(committee.workspace, title="Relevé du comité"),
        accounts=accounts,
    )


@pytest.fixture
def login(client):
    def _login(user):
        if user is not None:
            client.force_login(user)
        return client
    return _login
