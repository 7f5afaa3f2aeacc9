"""Visitors' public pages come from the shared cache; signed-in users, restricted pages
and the members' area never do, and a publication shows on the next visit."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.network.factories import UserFactory
from tests.resources.factories import GuidePageFactory, ResourceIndexPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def library(home_page):
    return ResourceIndexPageFactory(parent=home_page)


def test_a_visitors_second_request_is_served_from_the_cache(
    client, library, django_assert_max_num_queries
):
    guide = GuidePageFactory(parent=library, title="Guide du calcul des heures")

    first = client.get(guide.url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_max_num_queries(0):
        second = client.get(guide.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Guide du calcul des heures" in second.content.decode()
    # The headers that every answer carries are still there.
    assert "Content-Security-Policy" in second
    assert "Permissions-Policy" in second


def test_a_signed_in_user_is_never_served_from_the_cache(client, library):
    guide = GuidePageFactory(parent=library, title="Guide du calcul des heures")
    client.force_login(UserFactory())

    for _ in range(2):
        response = client.get(guide.url)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"]

    # Nor is what a signed-in user saw kept for visitors.
    client.logout()
    assert client.get(guide.url)["X-Cache"] == "MISS"


def test_publishing_a_change_shows_on_the_next_visitor_request(client, library):
    guide = GuidePageFactory(parent=library, title="Ancien titre du guide")
    client.get(guide.url)
    assert client.get(guide.url)["X-Cache"] == "HIT"
    assert "Ancien titre du guide" in client.get("/ressources/").content.decode()

    guide.title = "Nouveau titre du guide"
    guide.save_revision().publish()

    page = client.get(guide.url)
    assert "Nouveau titre du guide" in page.content.decode()
    assert "Nouveau titre du guide" in client.get("/ressources/").content.decode()


def test_unpublishing_and_deleting_take_the_page_away_at_once(client, library):
    guide = GuidePageFactory(parent=library, title="Guide retiré")
    other = GuidePageFactory(parent=library, title="Guide supprimé")
    for page in (guide, other):
        assert client.get(page.url).status_code == 200
    urls = (guide.url, other.url)

    guide.unpublish()
    other.delete()

    assert client.get(urls[0]).status_code == 404
    assert client.get(urls[1]).status_code == 404
    assert "Guide retiré" not in client.get("/ressources/").content.decode()


def test_changing_a_snippet_refreshes_the_pages_that_show_it(client, library):
    theme = ThemeFactory(name="Calcul des heures", slug="calcul-des-heures")
    GuidePageFactory(parent=library, themes=[theme])
    assert "Calcul des heures" in client.get("/ressources/").content.decode()

    theme.name = "Décompte des heures"
    theme.save()

    assert "Décompte des heures" in client.get("/ressources/").content.decode()


def test_a_restricted_page_is_never_cached(client, library):
    guide = GuidePageFactory(parent=library, title="Guide réservé", body=[
        {"type": "paragraph", "value": "<p>Contenu confidentiel.</p>"},
    ])
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="motdepasse1",
    )

    form = client.get(guide.url)
    assert form.status_code == 200
    assert "X-Cache" not in form
    # A visitor who knows the password sees the page…
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, guide.pk]),
        {"password": "motdepasse1", "return_url": guide.url},
    )
    opened = client.get(guide.url)
    assert "Contenu confidentiel" in opened.content.decode()
    assert "X-Cache" not in opened

    # …and the next visitor, without it, does not.
    client.cookies.clear()
    again = client.get(guide.url)
    assert "Contenu confidentiel" not in again.content.decode()
    assert "X-Cache" not in again


@pytest.mark.parametrize("path", ["/espace/", "/compte/connexion/", "/admin/login/"])
def test_private_paths_are_never_cached(client, home_page, path):
    client.get(path)
    assert "X-Cache" not in client.get(path)


def test_a_post_is_never_answered_from_the_cache(client, library):
    client.get("/ressources/")
    assert "X-Cache" not in client.post("/ressources/")


def test_the_key_figures_are_not_cached_again_as_a_page(client, home_page):
    """The figures keep a cache of their own: the page around them is not cached, so that
    they are never more than one cache lifetime old."""
    for url in (reverse("clauses:key_figures"), reverse("clauses:key_figures_csv")):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Cache" not in response
