"""Counts and pagination stay exact when many matching results are hidden."""

from html import unescape

import pytest
from wagtail.models import PageViewRestriction

from tests.network.factories import CommitteeFactory, committee_member_of, member
from tests.resources.factories import GuidePageFactory, MinutesPageFactory
from tests.search.factories import restrict, result_titles, total

pytestmark = pytest.mark.django_db

WORD = "quetsche"


@pytest.fixture
def crowd(library):
    """23 public guides, 30 minutes restricted to a committee and 25 guides for signed-in
    people, all holding the same word."""
    committee = CommitteeFactory()
    for n in range(23):
        GuidePageFactory(parent=library, title=f"Public {WORD} {n:02d}")
    for n in range(30):
        MinutesPageFactory(parent=library, committee=committee, title=f"Réservé {WORD} {n:02d}")
    for n in range(25):
        restrict(GuidePageFactory(parent=library, title=f"Membres {WORD} {n:02d}"),
                 PageViewRestriction.LOGIN)
    return committee


def pages_of(client, **params):
    """Every page of results, following the "next" links as a visitor does."""
    pages, number = [], 1
    while True:
        response = client.get("/recherche/", {"q": WORD, "page": number, **params})
        pages.append((total(response), result_titles(response)))
        if 'rel="next"' not in response.content.decode():
            return pages
        number += 1


def test_a_visitor_gets_exact_counts_and_full_pages(client, crowd):
    pages = pages_of(client)

    assert [count for count, _ in pages] == [23, 23]
    assert [len(titles) for _, titles in pages] == [20, 3]
    titles = [title for _, page in pages for title in page]
    assert len(set(titles)) == 23
    assert all(title.startswith("Public") for title in titles)


def test_a_member_also_gets_the_members_pages_and_nothing_twice(client, crowd):
    client.force_login(member())
    pages = pages_of(client)

    assert [count for count, _ in pages] == [48, 48, 48]
    assert [len(titles) for _, titles in pages] == [20, 20, 8]
    assert len({t for _, page in pages for t in page}) == 48


def test_the_type_facet_counts_what_the_person_may_see(client, crowd):
    client.force_login(committee_member_of(crowd))
    response = client.get("/recherche/", {"q": WORD})
    facets = {f.param: {o.value: o.count for o in f.options} for f in response.context["facets"]}

    assert facets["type"] == {"guide": 48, "compte-rendu": 30}
    assert total(response) == 78

    response = client.get("/recherche/", {"q": WORD, "type": "compte-rendu", "page": 2})
    assert total(response) == 30
    assert len(result_titles(response)) == 10
    assert all(t.startswith("Réservé") for t in result_titles(response))


def test_a_page_past_the_end_shows_the_last_one_with_a_message(client, crowd):
    response = client.get("/recherche/", {"q": WORD, "page": 9})

    assert len(result_titles(response)) == 3
    assert "Cette page de résultats n'existe pas : voici la dernière." in unescape(
        response.content.decode()
    )


def test_a_rare_word_lists_what_a_common_one_would(client, crowd, monkeypatch):
    """A word in few index entries is searched the short way (search.engine): the
    same results in the same order, the same counts, with or without a filter."""
    client.force_login(committee_member_of(crowd))

    def answers():
        facets = [
            (f.param, [(o.value, o.count) for o in f.options])
            for f in client.get("/recherche/", {"q": WORD}).context["facets"]
        ]
        return facets, pages_of(client), pages_of(client, type="guide")

    rare = answers()
    monkeypatch.setattr("search.engine.SELECTIVE_MATCHES", 0)  # every word is common
    assert answers() == rare
    assert [count for count, _ in rare[1]] == [78] * 4


def test_a_title_and_a_summary_with_markup_are_shown_as_text(client, library):
    GuidePageFactory(parent=library, title=f'<img src=x onerror="alert(1)"> {WORD}',
                     summary=f"<script>alert(2)</script> {WORD} & co")

    html = client.get("/recherche/", {"q": WORD}).content.decode()

    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # The matched word is still highlighted inside the escaped title.
    assert f"<mark>{WORD}</mark>" in html
