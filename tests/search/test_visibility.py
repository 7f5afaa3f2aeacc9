"""Exact visibility: every object is found by exactly the people who may open it."""

import re

import pytest
from wagtail.documents import get_document_model
from wagtail.models import Page

from network.permissions import search_visibility, visible_documents, visible_pages
from tests.search import conftest as w

pytestmark = pytest.mark.django_db

EVERYONE = {
    "anonyme", "membre", "membre_comite", "facilitateur_a", "facilitateur_b", "coordinateur",
    "referent_acheteur", "lecteur_espace_a", "editeur", "administrateur",
}
SIGNED_IN = EVERYONE - {"anonyme"}
NOBODY: set[str] = set()

WHO_FINDS = {
    w.PUBLIC_PAGE: EVERYONE,
    w.LOGIN_PAGE: SIGNED_IN,
    w.LOGIN_SUBTREE: SIGNED_IN,
    w.GROUPS_PAGE: {"membre_comite", "administrateur"},
    # Restricted to the facilitators of territory A: the coordinator of its network
    # is not in that group, and Wagtail would not serve them the page either.
    w.GROUPS_TOOL: {"facilitateur_a", "administrateur"},
    w.PASSWORD_PAGE: NOBODY,
    w.UNPUBLISHED_PAGE: NOBODY,
    w.DRAFT_CHANGE: NOBODY,
    w.PUBLIC_DOCUMENT: EVERYONE,
    w.MEMBERS_DOCUMENT: SIGNED_IN,
    w.WORKSPACE_DOCUMENT: {"facilitateur_a", "coordinateur", "lecteur_espace_a", "administrateur"},
    w.PASSWORD_DOCUMENT: NOBODY,
    w.MARKET: {"facilitateur_a", "coordinateur", "referent_acheteur", "administrateur"},
    w.BENEFICIARY: NOBODY,
}


@pytest.mark.parametrize("word", sorted(WHO_FINDS))
def test_each_object_is_found_by_exactly_those_who_may_open_it(world, search, word):
    finders = {
        role for role, user in world.users.items()
        if world.words[word] in search(user, word)
    }

    assert finders == WHO_FINDS[word]


def test_the_live_version_of_a_page_with_a_pending_draft_is_found(world, search):
    assert search(None, "pomelo") == ["Guide pomelo"]


@pytest.mark.parametrize("role", ["anonyme", "membre", "facilitateur_a", "administrateur"])
def test_every_result_found_can_be_opened(world, client, role):
    """Each result link answers 200 to the person who searched: publications, other
    pages, documents (served after Wagtail's check) and markets."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    links = []
    for query in ("guide", "document", "page", w.MARKET, "compte"):
        html = client.get("/recherche/", {"q": query}).content.decode()
        links += re.findall(r'<h3><a href="([^"]+)">', html)

    assert len(links) >= 3
    responses = [(link, client.get(link)) for link in links]
    for link, response in responses:
        assert response.status_code == 200, link
    for _, response in responses:
        response.close()  # documents are streamed from their file


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_search_rule_and_listing_rule_agree(world, role):
    """The lookups given to the search backends hide exactly what the listings'
    subquery hides, for pages and documents."""
    user = world.users[role]
    rule = search_visibility(user)
    pages = Page.objects.all()
    documents = get_document_model().objects.all()

    assert set(rule.pages(pages)) == set(visible_pages(user, pages))
    assert set(rule.documents(documents)) == set(visible_documents(user, documents))


def test_beneficiaries_are_never_indexed():
    from modelsearch.index import get_indexed_models

    from clauses.models import Beneficiary

    indexed = get_indexed_models()
    assert Beneficiary not in indexed
    assert not any(model._meta.app_label == "clauses" for model in indexed)
