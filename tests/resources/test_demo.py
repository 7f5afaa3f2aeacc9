import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from portal.core.vocabulary import LegalBasis
from resources.models import (
    ClauseTemplatePage,
    ExperiencePage,
    GuidePage,
    MinutesPage,
    Publication,
    ResourceIndexPage,
    ToolPage,
)
from tests.fixtures import module_data

pytestmark = pytest.mark.django_db


_demo = module_data(lambda: call_command("seed_demo"))


@pytest.fixture
def seeded(_demo, db, settings):
    """The demo data, built once for the module, with its files."""
    settings.MEDIA_ROOT = _demo
    return ResourceIndexPage.objects.get()


def test_seed_demo_fills_the_library_in_french(client, seeded):
    assert seeded.url == "/ressources/"
    assert seeded.get_workflow().name == "Relecture"
    guide = GuidePage.objects.get()
    assert "833 heures" in str(guide.body.render_as_block())
    assert set(ClauseTemplatePage.objects.values_list("legal_basis", flat=True)) == set(
        LegalBasis.values
    )
    tool = ToolPage.objects.get()
    assert tool.tool_file.file_extension == "xlsx"
    experiences = ExperiencePage.objects.all()
    assert len(experiences) == 2 and all(e.is_example for e in experiences)
    assert all(p.live and p.first_published_at for p in Publication.objects.all())

    response = client.get("/ressources/")
    assert response.status_code == 200
    assert response.context["total"] == 10  # the restricted minutes are left out


def test_seed_demo_minutes_of_the_cub_urpa_committee(client, seeded):
    launch, mid_term = MinutesPage.objects.order_by("meeting__starts_at")

    assert launch.committee.slug == mid_term.committee.slug == "copil-cub-urpa"
    assert launch.meeting.starts_at < mid_term.meeting.starts_at
    assert not PageViewRestriction.objects.filter(page=launch).exists()
    restriction = PageViewRestriction.objects.get(page=mid_term)
    assert list(restriction.groups.all()) == [mid_term.committee.members_group]
    assert client.get(launch.url).status_code == 200
    assert client.get(mid_term.url).status_code == 302


def test_seed_demo_tool_spreadsheet_opens(seeded):
    from openpyxl import load_workbook

    tool = ToolPage.objects.get()
    with tool.tool_file.open_file() as handle:
        workbook = load_workbook(handle)
    assert workbook.sheetnames == ["Suivi des heures", "Mode d'emploi"]
    assert workbook["Suivi des heures"]["D1"].value == "Personne (initiales)"


def test_seed_demo_is_idempotent_and_keeps_editors_changes(seeded):
    guide = GuidePage.objects.get()
    guide.title = "Titre modifié par un éditeur"
    guide.save_revision().publish()
    pages = Publication.objects.count()

    call_command("seed_demo")

    assert Publication.objects.count() == pages
    assert GuidePage.objects.get().title == "Titre modifié par un éditeur"
