"""ASCII page slugs: new pages get them, and the data migration turns the accented slugs
of before into ASCII ones, with permanent redirects from the old addresses."""

import importlib

import pytest
from django.apps import apps
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from tests.home.factories import ContentPageFactory

migration = importlib.import_module("home.migrations.0002_documents_ascii_slugs")


@pytest.fixture
def accented(home_page, settings):
    """Pages made while accented slugs were allowed: a section and a page under it."""
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    section = ContentPageFactory(parent=home_page, title="Réseau des facilitateurs",
                                 slug="réseau-des-facilitateurs")
    child = ContentPageFactory(parent=section, title="Main-d’œuvre", slug="main-dœuvre")
    taken = ContentPageFactory(parent=home_page, title="Été", slug="ete")
    accented_twin = ContentPageFactory(parent=home_page, title="Été bis", slug="été")
    section.save_revision()  # a draft keeps the slug it was saved with
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    return section, child, taken, accented_twin


def test_new_pages_get_an_ascii_slug(home_page):
    page = ContentPageFactory(parent=home_page, title="Clauses d'insertion réservées",
                              slug="")

    assert page.slug == "clauses-dinsertion-reservees"
    assert page.url == "/clauses-dinsertion-reservees/"


def test_the_migration_turns_accented_slugs_ascii_and_redirects(client, accented):
    section, child, taken, twin = accented
    old_child_url = "/réseau-des-facilitateurs/main-dœuvre/"

    migration.ascii_slugs(apps, None)

    section, child, twin = (Page.objects.get(pk=p.pk) for p in (section, child, twin))
    assert (section.slug, child.slug) == ("reseau-des-facilitateurs", "main-doeuvre")
    assert child.url_path.endswith("/reseau-des-facilitateurs/main-doeuvre/")
    assert twin.slug == "ete-2"  # "ete" was taken by a sibling
    assert section.get_latest_revision().content["slug"] == "reseau-des-facilitateurs"
    assert client.get("/reseau-des-facilitateurs/main-doeuvre/").status_code == 200
    # The old addresses, as a browser asks for them (percent-encoded), lead to the pages.
    for old, page in ((old_child_url, child), ("/réseau-des-facilitateurs/", section),
                      ("/été/", twin)):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == page.url
    assert Redirect.objects.filter(redirect_page=child).count() == 1


def test_the_migration_changes_nothing_when_every_slug_is_ascii(home_page):
    ContentPageFactory(parent=home_page, title="Déjà propre", slug="deja-propre")

    migration.ascii_slugs(apps, None)

    assert not Redirect.objects.exists()
