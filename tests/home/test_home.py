import pytest
from django.core.management import call_command

from home.models import HomePage
from tests.home.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_its_french_content_and_navigation(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Qu'est-ce qu'une clause sociale d'insertion ?" in html.replace("&#x27;", "'")
    for label in ("Ressources", "Outils", "Réseau", "Recherche", "Espace membres", "Connexion"):
        assert f">{label}</a>" in html
    assert 'href="#contenu"' in html  # skip link
    assert 'role="main"' in html and 'role="contentinfo"' in html
    assert "Alliance Villes Emploi" in html  # footer names the partner networks


def test_home_page_uses_no_external_asset(client, home_page):
    html = client.get("/").content.decode()

    for tag_attr in ('src="http', "href=\"http", "src=\"//", "href=\"//"):
        assert tag_attr not in html


def test_content_page_renders_under_home(client, home_page):
    page = ContentPageFactory(parent=home_page, title="Mentions légales", slug="mentions-legales")

    response = client.get(page.url)

    assert response.status_code == 200
    assert "Mentions légales" in response.content.decode()


def test_wagtail_admin_login_answers_in_french(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert 'lang="fr' in response.content.decode()


def test_seed_demo_serves_the_home_page_in_french(client):
    # A second run changing nothing at all is tests/portal/test_seed_demo.py's.
    call_command("seed_demo")

    assert HomePage.objects.get().live
    response = client.get("/")
    assert response.status_code == 200
    assert "Les clauses sociales d" in response.content.decode()


def test_the_newest_publications_follow_publishing_and_restrictions(client, home_page):
    """The home page's latest publications are cached per visibility class: a new
    publication shows at once, restricted minutes only to their committee."""
    from tests.network.factories import committee_member_of
    from tests.resources.factories import (
        GuidePageFactory,
        MinutesPageFactory,
        ResourceIndexPageFactory,
    )

    library = ResourceIndexPageFactory(parent=home_page)
    GuidePageFactory(parent=library, title="Guide ancien")
    assert "Guide ancien" in client.get("/").content.decode()

    minutes = MinutesPageFactory(parent=library, title="Compte rendu du comité")
    guide = GuidePageFactory(parent=library, title="Guide tout neuf")
    guide.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Guide tout neuf" in html
    assert "Compte rendu du comité" not in html

    client.force_login(committee_member_of(minutes.committee))
    assert "Compte rendu du comité" in client.get("/").content.decode()
    client.logout()
    assert "Compte rendu du comité" not in client.get("/").content.decode()
