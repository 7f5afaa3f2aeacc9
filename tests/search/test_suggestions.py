"""Suggestions while typing: titles the person may open, and a page that works
without JavaScript."""

import re

import pytest

from tests.search import conftest as w

pytestmark = pytest.mark.django_db

URL = "/recherche/suggestions/"


def titles(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [s["title"] for s in response.json()["suggestions"]]


def test_the_word_being_typed_is_completed(client, world):
    assert titles(client, "auberg") == [world.words[w.PUBLIC_PAGE]]
    assert titles(client, "Gros") == [world.words[w.PUBLIC_DOCUMENT]]


def test_suggestions_follow_the_same_visibility_as_results(client, world):
    assert titles(client, "broco") == []
    assert titles(client, "cornich") == []
    assert titles(client, "kiwa") == []

    client.force_login(world.users["membre_comite"])
    assert titles(client, "broco") == [world.words[w.LOGIN_PAGE]]
    assert titles(client, "cornich") == [world.words[w.GROUPS_PAGE]]
    assert titles(client, "datt") == []  # behind a shared password

    client.force_login(world.users["facilitateur_a"])
    assert titles(client, "kiwa") == [world.words[w.MARKET]]


def test_a_suggestion_gives_its_link_and_type(client, world):
    suggestion = client.get(URL, {"q": "auberg"}).json()["suggestions"][0]

    assert suggestion == {
        "title": world.words[w.PUBLIC_PAGE],
        "url": "/ressources/guide-aubergine/",
        "type": "Guide pratique",
    }


def test_too_short_or_wordless_input_suggests_nothing(client, world):
    assert titles(client, "a") == []
    assert titles(client, "?!") == []


def test_the_search_page_is_a_plain_form_enhanced_by_a_script_file(client, world):
    response = client.get("/recherche/", {"q": w.PUBLIC_PAGE})
    html = response.content.decode()

    assert re.search(r'<form method="get" action="/recherche/"[^>]*role="search"', html)
    assert '<input type="search" id="search-q" name="q" value="aubergine"' in html
    # Strict CSP: the only scripts are files of the site, none inline.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in attributes for attributes in scripts)
    assert 'src="/static/search/js/suggestions.js"' in html
    script = client.get("/static/search/js/suggestions.js")
    source = b"".join(script.streaming_content).decode()
    script.close()
    for aria in ("aria-expanded", "aria-activedescendant", "aria-controls", '"listbox"'):
        assert aria in source
