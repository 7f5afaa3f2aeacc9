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
