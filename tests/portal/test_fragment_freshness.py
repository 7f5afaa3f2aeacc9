"""What pages keep in the cache between two requests until the next content change
(portal.core.cache): the route of each address (portal.core.routing), a page's lack of
view restrictions (portal.core.pages), a publication's documents, links and filing, and
the home page's meetings. None of it may outlive the change it depends on: each test
warms the cache, changes the content, and expects the next request to show it. The
page cache is off, as the default in tests: these are the values beneath it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from network.models import Meeting
from resources.models import PublicationDocument, RelatedPublication
from tests.network.factories import MeetingFactory, NetworkFactory, committee_member_of
from tests.resources.factories import (
    GuidePageFactory,
    ResourceIndexPageFactory,
    ThemeFactory,
    document,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def library(home_page):
    return ResourceIndexPageFactory(parent=home_page)


def gone_to(client, old_url, new_url):
    """The old address no longer serves the page: it is missing, or redirects to the
    new one (Wagtail's automatic redirects)."""
    response = client.get(old_url)
    assert response.status_code in (301, 404)
    if response.status_code == 301:
        assert response["Location"].endswith(new_url)
    assert client.get(new_url).status_code == 200


def warm(client, url):
    """Two requests: the second is answered from what the first kept."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
    return response


def test_a_page_is_served_again_without_routing_queries(
    client, library, django_assert_max_num_queries
):
    guide = GuidePageFactory(parent=library, title="Guide du calcul des heures")
    warm(client, guide.url)
    # Routing, the page's restrictions and its surroundings all come from the cache.
    with django_assert_max_num_queries(0):
        response = client.get(guide.url)
    assert "Guide du calcul des heures" in response.content.decode()


def test_a_renamed_slug_moves_the_page_at_once(client, library):
    guide = GuidePageFactory(parent=library, title="Guide", slug="ancien-nom")
    old_url = guide.url
    warm(client, old_url)

    guide.slug = "nouveau-nom"
    guide.save_revision().publish()

    gone_to(client, old_url, "/ressources/nouveau-nom/")


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, library):
    unpublished = GuidePageFactory(parent=library, title="Guide retiré")
    deleted = GuidePageFactory(parent=library, title="Guide supprimé")
    urls = (unpublished.url, deleted.url)
    for url in urls:
        warm(client, url)

    unpublished.unpublish()
    deleted.delete()

    for url in urls:
        assert client.get(url).status_code == 404


def test_a_moved_page_answers_at_its_new_address(client, home_page, library):
    other = ResourceIndexPageFactory.build(title="Archives", slug="archives")
    home_page.add_child(instance=other)
    guide = GuidePageFactory(parent=library, title="Guide déplacé", slug="guide-deplace")
    warm(client, guide.url)

    guide.move(other, pos="last-child")

    gone_to(client, "/ressources/guide-deplace/", "/archives/guide-deplace/")


def test_a_restriction_added_to_a_served_page_applies_on_the_next_request(client, library):
    guide = GuidePageFactory(parent=library, title="Guide bientôt réservé")
    warm(client, guide.url)

    PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get(guide.url)
    assert response.status_code == 302
    assert "Guide bientôt réservé" not in response.content.decode()


def test_a_restriction_on_an_ancestor_covers_the_pages_below_at_once(client, library):
    guide = GuidePageFactory(parent=library, title="Guide sous la bibliothèque")
    warm(client, guide.url)

    PageViewRestriction.objects.create(
        page=library, restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(guide.url).status_code == 302


def test_a_lifted_restriction_opens_the_page_at_once(client, library):
    guide = GuidePageFactory(parent=library, title="Guide réservé")
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(guide.url).status_code == 302

    restriction.delete()

    assert client.get(guide.url).status_code == 200


def test_a_group_added_to_a_restriction_lets_its_members_in_at_once(client, library):
    guide = GuidePageFactory(parent=library, title="Guide du comité")
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.GROUPS
    )
    member = committee_member_of()
    client.force_login(member)
    assert client.get(guide.url).status_code == 404  # outside its groups: as if absent

    restriction.groups.add(*member.groups.all())

    assert client.get(guide.url).status_code == 200


def test_a_publications_documents_links_and_filing_follow_their_changes(client, library):
    guide = GuidePageFactory(parent=library, title="Guide principal")
    other = GuidePageFactory(parent=library, title="Guide voisin")
    html = warm(client, guide.url).content.decode()
    assert "Annexe ajoutée" not in html and "Guide voisin" not in html

    PublicationDocument.objects.create(publication=guide,
                                       document=document(title="Annexe ajoutée"))
    RelatedPublication.objects.create(publication=guide, target=other)
    # Editors file a page by publishing it with its new themes and networks.
    guide.themes.add(ThemeFactory(name="Thème ajouté", slug="theme-ajoute"))
    guide.networks.add(NetworkFactory(acronym="RÉSO", slug="reso"))
    guide.save_revision().publish()

    html = client.get(guide.url).content.decode()
    for shown in ("Annexe ajoutée", "Guide voisin", "Thème ajouté", "RÉSO"):
        assert shown in html

    other.title = "Guide voisin renommé"
    other.save_revision().publish()
    assert "Guide voisin renommé" in client.get(guide.url).content.decode()


def test_a_see_also_link_to_restricted_minutes_shows_to_members_only(client, library):
    guide = GuidePageFactory(parent=library, title="Guide principal")
    hidden = GuidePageFactory(parent=library, title="Guide réservé au comité")
    RelatedPublication.objects.create(publication=guide, target=hidden)
    member = committee_member_of()
    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*member.groups.all())

    assert "Guide réservé au comité" not in warm(client, guide.url).content.decode()
    client.force_login(member)
    assert "Guide réservé au comité" in warm(client, guide.url).content.decode()
    client.logout()
    assert "Guide réservé au comité" not in client.get(guide.url).content.decode()


def test_the_home_pages_meetings_follow_their_changes(client, home_page):
    kept = MeetingFactory(title="Comité de pilotage de printemps")
    assert "Comité de pilotage de printemps" in warm(client, "/").content.decode()

    MeetingFactory(title="Réunion ajoutée", starts_at=timezone.now() + datetime.timedelta(days=1))
    kept.is_public = False
    kept.save()

    html = client.get("/").content.decode()
    assert "Réunion ajoutée" in html
    assert "Comité de pilotage de printemps" not in html


def test_a_meeting_that_has_begun_leaves_the_home_page_without_any_change(
    client, home_page, monkeypatch
):
    MeetingFactory(title="Réunion de demain",
                   starts_at=timezone.now() + datetime.timedelta(days=1))
    MeetingFactory(title="Réunion de la semaine prochaine")
    html = warm(client, "/").content.decode()
    assert "Réunion de demain" in html
    assert Meeting.objects.count() == 2

    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr("resources.highlights.timezone.now", lambda: later)

    html = client.get("/").content.decode()
    assert "Réunion de demain" not in html
    assert "Réunion de la semaine prochaine" in html
