"""Wagtail's user bar on the members' screens: kept in the cache, it still follows the
person's admin theme and their access to the admin on the next request; on a page, it
links to that page."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.network.factories import UserFactory, coordinator_of
from tests.resources.factories import GuidePageFactory, ResourceIndexPageFactory

pytestmark = pytest.mark.django_db

BAR = "wagtail-userbar-template"


@pytest.fixture
def editor(client):
    """A coordinator: markets to follow, and the admin to edit their territories."""
    user = coordinator_of(username="coordination-admin")
    client.force_login(user)
    return user


def test_the_bar_follows_the_admin_theme_at_once(client, editor):
    url = reverse("members_dashboard")
    client.get(url)  # the first visit makes the admin profile
    html = client.get(url).content.decode()
    assert BAR in html and "w-theme-system" in html
    profile = UserProfile.get_for_user(editor)
    profile.theme = UserProfile.AdminColorThemes.DARK
    profile.save()
    html = client.get(url).content.decode()
    assert "w-theme-dark" in html and "w-theme-system" not in html


def test_the_bar_goes_with_the_access_to_the_admin(client, editor):
    url = reverse("members_dashboard")
    client.get(url)
    assert BAR in client.get(url).content.decode()
    editor.groups.clear()  # no longer a coordinator
    assert BAR not in client.get(url).content.decode()
    # A member without access to the admin never sees it.
    client.force_login(UserFactory())
    assert BAR not in client.get(url).content.decode()


def test_on_a_page_the_bar_links_to_that_page(client, home_page):
    client.force_login(UserFactory(is_superuser=True))
    library = ResourceIndexPageFactory(parent=home_page)
    first = GuidePageFactory(parent=library, title="Premier guide")
    second = GuidePageFactory(parent=library, title="Second guide")
    client.get(first.url)
    assert f"/admin/pages/{first.pk}/edit/" in client.get(first.url).content.decode()
    assert f"/admin/pages/{second.pk}/edit/" in client.get(second.url).content.decode()
