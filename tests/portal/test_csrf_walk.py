"""Every form of the members' area and of the account pages, and the admin's sign-in,
sign-out and password reset, refuse a POST without its CSRF token, even from a
signed-in administrator. The routes are read from the resolver: a view added tomorrow
with ``csrf_exempt`` fails here."""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.network.factories import UserFactory
from tests.portal.test_url_walk import _concrete, _walk

CHECKED_PREFIXES = ("espace/", "compte/")
ADMIN_ACCOUNT_ROUTES = ("admin/login/", "admin/logout/", "admin/password_reset/")


def _routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if r.startswith(CHECKED_PREFIXES) or r in ADMIN_ACCOUNT_ROUTES]


def test_the_walk_covers_the_members_area_and_the_account_pages():
    routes = _routes()
    assert sum(r.startswith("espace/") for r in routes) >= 20
    assert any(r.startswith("compte/connexion") for r in routes)
    assert {"compte/deconnexion/", "compte/jetons/", "compte/jetons/<int:token_id>/revoquer/",
            *ADMIN_ACCOUNT_ROUTES} <= set(routes)
    assert {"compte/notifications/", "espace/notifications/lues/",
            "espace/notifications/<int:pk>/lue/"} <= set(routes)


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes())
def test_a_post_without_token_is_refused(route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(_concrete(route), {"any": "value"})
    assert response.status_code == 403, route
