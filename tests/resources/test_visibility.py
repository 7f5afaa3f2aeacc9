from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import PageViewRestriction

from resources.models import Publication
from resources.visibility import public_pages, visible_pages
from tests.network.factories import (
    UserFactory,
    administrator,
    committee_member_of,
    member,
)
from tests.resources.factories import GuidePageFactory, MinutesPageFactory

pytestmark = pytest.mark.django_db


def restrict(page, restriction_type, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password=password
    )
    restriction.groups.set(groups)
    return restriction


def test_new_minutes_are_restricted_to_their_committee(library):
    minutes = MinutesPageFactory(parent=library)

    restriction = PageViewRestriction.objects.get(page=minutes)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [minutes.committee.members_group]


def test_restricted_minutes_send_a_visitor_to_the_login_page(client, library):
    minutes = MinutesPageFactory(parent=library, title="Compte rendu de mi-parcours")

    response = client.get(minutes.url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/compte/connexion/"
    assert location.query == f"next={minutes.url}"


def test_restricted_minutes_answer_as_absent_to_a_member_outside_the_committee(
    client, library
):
    minutes = MinutesPageFactory(parent=library, title="Compte rendu de mi-parcours")
    client.force_login(member())

    response = client.get(minutes.url)
    absent = client.get(minutes.url.rstrip("/") + "-absent/")

    assert response.status_code == absent.status_code == 404
    assert "Compte rendu de mi-parcours" not in response.content.decode()


def test_restricted_minutes_show_to_a_committee_member(client, library):
    minutes = MinutesPageFactory(parent=library, title="Compte rendu de mi-parcours")
    client.force_login(committee_member_of(minutes.committee))

    response = client.get(minutes.url)

    assert response.status_code == 200
    assert "Compte rendu de mi-parcours" in response.content.decode()


def test_an_editor_can_make_minutes_public(client, library):
    minutes = MinutesPageFactory(parent=library, title="Compte rendu public")

    PageViewRestriction.objects.filter(page=minutes).delete()  # the privacy switch does this

    assert client.get(minutes.url).status_code == 200
    assert "Compte rendu public" in client.get("/ressources/").content.decode()


def test_a_signed_in_member_passes_a_login_restriction(client, library):
    guide = GuidePageFactory(parent=library, title="Guide réservé aux membres")
    restrict(guide, PageViewRestriction.LOGIN)

    assert client.get(guide.url).status_code == 302
    client.force_login(member())
    assert client.get(guide.url).status_code == 200
    assert "Guide réservé aux membres" in client.get("/ressources/").content.decode()


def test_visible_pages_applies_every_kind_of_restriction_in_the_database(
    library, django_assert_num_queries
):
    GuidePageFactory(parent=library, title="Public")
    members_only = GuidePageFactory(parent=library, title="Membres")
    restrict(members_only, PageViewRestriction.LOGIN)
    minutes = MinutesPageFactory(parent=library, title="Comité")
    password = GuidePageFactory(parent=library, title="Mot de passe")
    restrict(password, PageViewRestriction.PASSWORD, password="secret-partage")
    everyone = Publication.objects.all()
    outsider = member()
    insider = committee_member_of(minutes.committee)
    superuser = administrator()

    def seen(user):
        with django_assert_num_queries(1):
            return {page.title for page in visible_pages(user, everyone)}

    assert seen(AnonymousUser()) == {"Public"}
    assert seen(outsider) == {"Public", "Membres"}
    assert seen(insider) == {"Public", "Membres", "Comité"}
    # A shared password is passed per session: never listed, even for a superuser.
    assert seen(superuser) == {"Public", "Membres", "Comité"}
    assert {page.title for page in public_pages(everyone)} == {"Public"}


def test_a_restriction_on_the_library_covers_every_publication(library):
    GuidePageFactory(parent=library, title="Guide")
    group = Group.objects.create(name="Lecteurs")
    restrict(library, PageViewRestriction.GROUPS, groups=[group])
    reader = UserFactory()
    reader.groups.add(group)

    assert not visible_pages(AnonymousUser(), Publication.objects.all()).exists()
    assert not visible_pages(member(), Publication.objects.all()).exists()
    assert visible_pages(reader, Publication.objects.all()).count() == 1
