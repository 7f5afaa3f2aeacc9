"""The shortcuts of portal.core.pages (one-query routing and view restrictions) decide what
Wagtail's own code would: who may open a page, and which address leads where."""

import pytest
from wagtail.models import PageViewRestriction

from tests.home.factories import ContentPageFactory
from tests.network.factories import UserFactory
from tests.resources.factories import GuidePageFactory, ResourceIndexPageFactory

pytestmark = pytest.mark.django_db


def restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret-partage"  # noqa: S106
        if kind == PageViewRestriction.PASSWORD else "",
    )
    restriction.groups.set(groups)
    return restriction


def test_nested_content_pages_and_publications_are_served(client, home_page):
    about = ContentPageFactory(parent=home_page, title="À propos", slug="a-propos")
    legal = ContentPageFactory(parent=about, title="Mentions légales", slug="mentions")
    library = ResourceIndexPageFactory(parent=home_page)
    guide = GuidePageFactory(parent=library, title="Guide du calcul")
    assert "Mentions légales" in client.get(legal.url).content.decode()
    assert "Guide du calcul" in client.get(guide.url).content.decode()
    # The library's own routes still win over its children.
    assert client.get(library.url + "flux/atom/").status_code == 200


def test_unknown_and_unpublished_pages_are_not_found(client, home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    draft = GuidePageFactory(parent=library, live=False)
    assert client.get(draft.url_path.replace(home_page.url_path, "/")).status_code == 404
    assert client.get(library.url + "introuvable/").status_code == 404
    assert client.get("/introuvable/ailleurs/").status_code == 404


def test_a_restriction_on_an_ancestor_covers_the_publication(client, home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    guide = GuidePageFactory(parent=library)
    restrict(library, PageViewRestriction.LOGIN)
    assert client.get(guide.url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(guide.url).status_code == 200


def test_group_restriction_admits_only_the_group(client, home_page, django_user_model):
    from django.contrib.auth.models import Group

    library = ResourceIndexPageFactory(parent=home_page)
    guide = GuidePageFactory(parent=library)
    group = Group.objects.create(name="Comité de pilotage CUB")
    restrict(guide, PageViewRestriction.GROUPS, [group])
    outsider, member = UserFactory(), UserFactory()
    member.groups.add(group)
    assert client.get(guide.url).status_code == 302  # a visitor: sign in first
    client.force_login(outsider)
    assert client.get(guide.url).status_code == 404  # as an absent page
    client.force_login(member)
    assert client.get(guide.url).status_code == 200


def test_a_password_restriction_asks_for_the_password(client, home_page):
    about = ContentPageFactory(parent=home_page, slug="reserve")
    restrict(about, PageViewRestriction.PASSWORD)
    response = client.get(about.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_an_alias_follows_the_restrictions_of_its_source(client, home_page):
    source = ContentPageFactory(parent=home_page, slug="source")
    restrict(source, PageViewRestriction.LOGIN)
    alias = source.create_alias(update_slug="alias-de-la-source")
    assert [r.page_id for r in alias.get_view_restrictions()] == [source.pk]
    assert client.get(alias.url).status_code == 302
    # A page under an alias of a restricted section is covered as well.
    section = ContentPageFactory(parent=home_page, slug="section")
    restrict(section, PageViewRestriction.LOGIN)
    section_alias = section.create_alias(update_slug="section-alias")
    child = ContentPageFactory(parent=section_alias, slug="sous-page")
    assert {r.page_id for r in child.get_view_restrictions()} == {section.pk}
