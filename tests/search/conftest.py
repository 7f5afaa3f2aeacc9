from dataclasses import dataclass

import pytest
from wagtail.models import PageViewRestriction

from network.enums import WorkspaceRole
from tests.home.factories import ContentPageFactory
from tests.network import factories as nf
from tests.resources.factories import (
    GuidePageFactory,
    MinutesPageFactory,
    ResourceIndexPageFactory,
    document,
)
from tests.search.factories import (
    market,
    password_collection,
    restrict,
    search_titles,
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def library(home_page):
    return ResourceIndexPageFactory(parent=home_page)


@dataclass
class World:
    users: dict
    words: dict  # unique word -> title of the only object holding it
    territory_a: object
    committee: object


# Unique words, none the beginning of another (the search matches word prefixes).
PUBLIC_PAGE = "aubergine"
LOGIN_PAGE = "brocoli"
GROUPS_PAGE = "cornichon"
PASSWORD_PAGE = "dattier"
UNPUBLISHED_PAGE = "endive"
DRAFT_CHANGE = "fenouil"
PUBLIC_DOCUMENT = "groseille"
MEMBERS_DOCUMENT = "houblon"
WORKSPACE_DOCUMENT = "igname"
PASSWORD_DOCUMENT = "jujube"
MARKET = "kiwano"
BENEFICIARY = "litchi"
LOGIN_SUBTREE = "mangoustan"
GROUPS_TOOL = "nectarine"


@pytest.fixture
def world(library, home_page):
    """One object per kind of restriction, each holding a word found nowhere else, and
    one account per role (DESIGN.md §5)."""
    from tests.clauses.factories import BeneficiaryFactory

    network = nf.NetworkFactory(name="URMDEF-PLIE de Bourgogne", acronym="URMDEF", slug="urmdef")
    territory_a = nf.TerritoryFactory(name="Bassin dijonnais", slug="dijon", network=network)
    territory_b = nf.TerritoryFactory(name="Nevers", slug="nevers", network=network)
    committee = nf.CommitteeFactory(name="Comité de pilotage CUB / URPA", slug="copil")
    buyer = nf.BuyerFactory(name="Mission régionale des achats", slug="cmra")
    users = {
        "anonyme": None,
        "membre": nf.member(username="membre"),
        "membre_comite": nf.committee_member_of(committee, username="membre.comite"),
        "facilitateur_a": nf.facilitator_of(territory_a, username="facilitateur.a"),
        "facilitateur_b": nf.facilitator_of(territory_b, username="facilitateur.b"),
        "coordinateur": nf.coordinator_of(network, username="coordinateur"),
        "referent_acheteur": nf.buyer_referent_of(buyer, username="acheteur"),
        "lecteur_espace_a": nf.workspace_member_of(
            territory_a.workspace, WorkspaceRole.READER, username="lecteur.a"
        ),
        "editeur": nf.editor(username="editeur"),
        "administrateur": nf.administrator(username="admin"),
    }
    titles = {}

    def guide(word, **kwargs):
        page = GuidePageFactory(parent=library, title=f"Guide {word}", **kwargs)
        titles[word] = page.title
        return page

    guide(PUBLIC_PAGE)
    restrict(guide(LOGIN_PAGE), PageViewRestriction.LOGIN)
    minutes = MinutesPageFactory(parent=library, committee=committee,
                                 title=f"Compte rendu {GROUPS_PAGE}")
    titles[GROUPS_PAGE] = minutes.title
    restrict(guide(PASSWORD_PAGE), PageViewRestriction.PASSWORD)
    restrict(guide(GROUPS_TOOL), PageViewRestriction.GROUPS,
             groups=[territory_a.facilitators_group])
    draft = guide(UNPUBLISHED_PAGE)
    draft.unpublish()
    live = guide("pomelo")
    live.title = f"Guide {DRAFT_CHANGE}"
    live.save_revision()
    titles[DRAFT_CHANGE] = live.title

    section = ContentPageFactory(parent=home_page, title="Espace réservé")
    restrict(section, PageViewRestriction.LOGIN)
    child = ContentPageFactory(parent=section, title=f"Page {LOGIN_SUBTREE}")
    titles[LOGIN_SUBTREE] = child.title

    for word, collection_name in ((PUBLIC_DOCUMENT, "Public"), (MEMBERS_DOCUMENT, "Membres")):
        titles[word] = document(title=f"Document {word}", collection_name=collection_name).title
    titles[WORKSPACE_DOCUMENT] = nf.workspace_document(
        territory_a.workspace, title=f"Document {WORKSPACE_DOCUMENT}"
    ).title
    doc = document(title=f"Document {PASSWORD_DOCUMENT}")
    doc.collection = password_collection()
    doc.save()
    titles[PASSWORD_DOCUMENT] = doc.title

    titles[MARKET] = market(
        title=f"Réhabilitation {MARKET}", lead_territory=territory_a, buyer=buyer
    )
    BeneficiaryFactory(territory=territory_a, last_name=BENEFICIARY.capitalize())
    titles[BENEFICIARY] = BENEFICIARY
    return World(users=users, words=titles, territory_a=territory_a, committee=committee)


@pytest.fixture
def search(client):
    """Titles found by `user` for `query` (page 1 of /recherche/)."""

    def _search(user, query, **params):
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        return search_titles(client, query, **params)

    return _search
