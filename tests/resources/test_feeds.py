import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.network.factories import committee_member_of
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    GuidePageFactory,
    MinutesPageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def publications(library):
    theme = ThemeFactory(name="Calcul des heures")
    guide = GuidePageFactory(parent=library, title="Guide des heures", themes=[theme],
                             summary="Comment calculer les heures.")
    clause = ClauseTemplatePageFactory(parent=library, title="Clause d'exécution")
    restricted = MinutesPageFactory(parent=library, title="Compte rendu réservé")
    members_only = GuidePageFactory(parent=library, title="Guide réservé aux membres")
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )
    return guide, clause, restricted


def test_atom_feed_lists_public_publications_only(client, publications):
    guide, clause, restricted = publications

    response = client.get("/ressources/flux/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - the portal's own feed
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Clause d'exécution", "Guide des heures",
    ]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [f"http://testserver{clause.url}", f"http://testserver{guide.url}"]
    assert entries[1].findtext(f"{ATOM}summary") == "Comment calculer les heures."
    categories = {c.get("term") for c in entries[1].findall(f"{ATOM}category")}
    assert categories == {"Guide pratique", "Calcul des heures"}


def test_rss_feed_lists_public_publications_only(client, publications):
    response = client.get("/ressources/flux/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    assert channel.findtext("language") == "fr"
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Clause d'exécution", "Guide des heures",
    ]


def test_feeds_leave_restricted_pages_out_even_for_a_committee_member(client, publications):
    _, _, restricted = publications
    client.force_login(committee_member_of(restricted.committee))

    for url in ("/ressources/flux/atom/", "/ressources/flux/rss/"):
        content = client.get(url).content.decode()
        assert "Compte rendu réservé" not in content
        assert "Guide réservé aux membres" not in content


def _rss_titles(client, query: str) -> list[str]:
    response = client.get(f"/ressources/flux/rss/{query}")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    return sorted(item.findtext("title") for item in channel.findall("item"))


def test_feeds_follow_the_library_filters(client, catalogue):
    assert _rss_titles(client, "?type=guide") == ["Calculer les heures d'insertion"]
    assert _rss_titles(client, "?type=modele-clause&theme=siae") == [
        "Clause en condition d'exécution", "Marché réservé aux SIAE",
    ]
    assert _rss_titles(client, "?theme=siae&reseau=urpa") == ["Marché réservé aux SIAE"]
    # Restricted minutes stay out of a feed, whatever the filters.
    assert "Comité : mi-parcours" not in _rss_titles(client, "?theme=calcul-des-heures")


def test_feeds_ignore_what_the_library_ignores(client, catalogue):
    everything = _rss_titles(client, "")

    # An option that does not exist, an invalid value: ignored, as on the library page.
    assert _rss_titles(client, "?theme=inconnu") == everything
    assert _rss_titles(client, "?type=roman&annee=deux-mille") == everything


def test_the_feed_links_to_the_library_page_it_follows(client, catalogue):
    response = client.get("/ressources/flux/atom/?type=guide&theme=calcul-des-heures")
    feed = ET.fromstring(response.content)  # noqa: S314 - the portal's own feed

    link = next(el.get("href") for el in feed.findall(f"{ATOM}link")
                if el.get("rel") == "alternate")
    assert link.endswith("/ressources/?type=guide&theme=calcul-des-heures")


def test_the_library_page_offers_the_feeds_of_its_filters(client, catalogue):
    html = client.get("/ressources/?type=guide&page=1").content.decode()

    assert 'href="/ressources/flux/atom/?type=guide"' in html
    assert 'href="/ressources/flux/rss/?type=guide"' in html
