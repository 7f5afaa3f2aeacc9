"""A visitor's search results are kept until the next content change (search.service):
each change to what a visitor may find shows on the next search, and members are
searched for afresh every time."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from tests.network.factories import UserFactory
from tests.resources.factories import GuidePageFactory
from tests.search.factories import restrict, search_titles

pytestmark = pytest.mark.django_db

WORD = "quetsche"


def found(client, **params):
    # Twice: the second answer comes from what the first kept.
    search_titles(client, WORD, **params)
    return search_titles(client, WORD, **params)


def test_a_published_page_is_found_on_the_next_search(client, library):
    GuidePageFactory(parent=library, title=f"Guide de la {WORD}")
    assert found(client) == [f"Guide de la {WORD}"]

    GuidePageFactory(parent=library, title=f"Second guide de la {WORD}")

    assert set(search_titles(client, WORD)) == {
        f"Guide de la {WORD}", f"Second guide de la {WORD}"}


def test_a_changed_title_is_shown_on_the_next_search(client, library):
    guide = GuidePageFactory(parent=library, title=f"Ancien guide de la {WORD}")
    assert found(client) == [f"Ancien guide de la {WORD}"]

    guide.title = f"Nouveau guide de la {WORD}"
    guide.save_revision().publish()

    assert search_titles(client, WORD) == [f"Nouveau guide de la {WORD}"]


def test_an_unpublished_or_restricted_page_is_gone_from_the_next_search(client, library):
    unpublished = GuidePageFactory(parent=library, title=f"Guide retiré de la {WORD}")
    restricted = GuidePageFactory(parent=library, title=f"Guide réservé de la {WORD}")
    assert len(found(client)) == 2

    unpublished.unpublish()
    restrict(restricted, PageViewRestriction.LOGIN)

    assert search_titles(client, WORD) == []


def test_filters_and_pages_are_kept_apart(client, library):
    GuidePageFactory(parent=library, title=f"Guide de la {WORD}")
    assert found(client) == [f"Guide de la {WORD}"]
    assert found(client, type="page") == []
    assert found(client, page=2) == [f"Guide de la {WORD}"]  # the last page instead


def test_a_member_is_searched_for_afresh(client, library):
    client.force_login(UserFactory())
    guide = GuidePageFactory(parent=library, title=f"Guide de la {WORD}")
    assert found(client) == [f"Guide de la {WORD}"]
    restrict(guide, PageViewRestriction.LOGIN)
    assert search_titles(client, WORD) == [f"Guide de la {WORD}"]


def searched_again(client) -> int:
    """Queries of a visitor's second identical search."""
    search_titles(client, WORD)
    with CaptureQueriesContext(connection) as queries:
        assert search_titles(client, WORD) == [f"Guide de la {WORD}"]
    return len(queries)


def test_a_visitors_repeated_search_reads_nothing_again(client, library):
    GuidePageFactory(parent=library, title=f"Guide de la {WORD}")
    assert searched_again(client) == 0


@override_settings(SEARCH_RESULTS_CACHE=False)
def test_the_results_cache_can_be_turned_off(client, library):
    GuidePageFactory(parent=library, title=f"Guide de la {WORD}")
    assert searched_again(client) > 0


def result_links(client) -> list[str]:
    response = client.get("/recherche/", {"q": WORD})
    return re.findall(r'<h3><a href="([^"]*)">', response.content.decode())


def test_a_result_links_to_where_the_page_is_now(client, library):
    # Page URLs are kept per path and sites: a moved page, or a second site (URLs then
    # absolute), shows on the next search.
    client.force_login(UserFactory())
    guide = GuidePageFactory(parent=library, title=f"Guide de la {WORD}", slug="ancien")
    assert result_links(client) == [Page.objects.get(pk=guide.pk).get_url(None)]

    guide.slug = "nouveau"
    guide.save_revision().publish()
    moved = Page.objects.get(pk=guide.pk).get_url(None)
    assert moved.endswith("/nouveau/")
    assert result_links(client) == [moved]

    Site.objects.create(hostname="autre.example", port=80, root_page=library)
    absolute = Page.objects.get(pk=guide.pk).get_url(None)
    assert absolute.startswith("http")
    assert result_links(client) == [absolute]


def test_a_members_first_hidden_page_is_hidden_on_the_next_search(client, library):
    # While no restriction of a page without children hides anything from the member,
    # their search has no such lookup at all; the first one counts at once.
    client.force_login(UserFactory())
    signed_in = GuidePageFactory(parent=library, title=f"Guide des membres de la {WORD}")
    secret = GuidePageFactory(parent=library, title=f"Guide secret de la {WORD}")
    restrict(signed_in, PageViewRestriction.LOGIN)
    assert set(search_titles(client, WORD)) == {
        f"Guide des membres de la {WORD}", f"Guide secret de la {WORD}"}

    restrict(secret, PageViewRestriction.PASSWORD)

    assert search_titles(client, WORD) == [f"Guide des membres de la {WORD}"]
