"""Model permissions read with the user (network.backends): the same answers as
Django's ModelBackend, in one query less."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def permission(codename):
    return Permission.objects.get(codename=codename, content_type__app_label="wagtailadmin")


def signed_in(client, user):
    client.force_login(user)
    # The user as the next request sees it (loaded by the backend from the session).
    from django.contrib.auth import get_user

    request = client.get("/").wsgi_request
    return get_user(request)


def test_group_and_own_permissions_are_both_read(client, home_page):
    editor, own, nobody = UserFactory(), UserFactory(), UserFactory()
    group = Group.objects.create(name="Éditeurs")
    group.permissions.add(permission("access_admin"))
    editor.groups.add(group)
    own.user_permissions.add(permission("access_admin"))
    for user, expected in ((editor, True), (own, True), (nobody, False)):
        loaded = signed_in(client, user)
        assert loaded.has_perm("wagtailadmin.access_admin") is expected


def test_a_superuser_has_every_permission(client, home_page):
    admin = UserFactory(is_superuser=True)
    assert signed_in(client, admin).has_perm("wagtailadmin.access_admin")


def test_an_inactive_user_is_signed_out(client, home_page):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get("/espace/").status_code == 302
