"""Restricted minutes in a browser, and the accessibility of the members' area."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from clauses.models import Market
from network.models import Committee
from resources.models import ResourceIndexPage
from tests.e2e.conftest import sign_in
from tests.resources.factories import MinutesPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def test_committee_member_reads_restricted_minutes_and_another_committee_cannot(
    browser, live_server, demo
):
    minutes = MinutesPageFactory(
        parent=ResourceIndexPage.objects.get(), title="Compte rendu du comité de mi-parcours",
        committee=Committee.objects.get(slug="copil-cub-urpa"),
    )
    readers = {"membre.urpa": True, "facilitateur.dijon": False}
    for username, allowed in readers.items():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        page = context.new_page()
        sign_in(page, username, settings.DEMO_PASSWORD)
        response = page.goto(minutes.url)

        assert (response.status == 200) is allowed, username
        assert ("Compte rendu du comité de mi-parcours" in page.content()) is allowed, username
        context.close()


def test_members_area_has_no_serious_accessibility_violation(axe, demo):
    market = Market.objects.filter(clauses__isnull=False,
                                   lead_territory__slug="bassin-dijonnais").first()
    drafting = Market.objects.get(reference="DEMO-DIJ-03")
    pages = ["/espace/", market.get_absolute_url(), "/espace/bilans/", "/espace/notifications/",
             "/compte/notifications/", f"{drafting.get_absolute_url()}redaction/"]

    found = {}
    for index, path in enumerate(pages):
        login = (lambda p: sign_in(p, "coordination.bourgogne", settings.DEMO_PASSWORD)
                 ) if index == 0 else None
        found[path] = [(v["id"], v["help"], v["nodes"][0]["target"]) for v in axe(path, login)]

    assert found == dict.fromkeys(pages, [])
