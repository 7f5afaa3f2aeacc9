"""The facilitator's daily work in a browser, on the demo data: each role's navigation,
the beneficiary list's files, every members' screen on a 390 px phone, and axe on the
new screens."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from clauses.enums import ProofKind
from clauses.models import Beneficiary, GlobalisationAgreement, Lot, Market, Placement
from clauses.operations import proofs
from clauses.operations.common import SYSTEM
from network.models import Organisation, Workspace
from tests.e2e.conftest import SCREENSHOTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
NAVIGATION = {
    "facilitateur.dijon": ["Tableau de bord", "Marchés", "Bénéficiaires", "Placements",
                           "Heures", "Entreprises", "Bilans", "Espaces de travail"],
    "coordination.bourgogne": ["Tableau de bord", "Marchés", "Prévisions", "Bénéficiaires",
                               "Placements", "Heures", "Entreprises", "Bilans",
                               "Espaces de travail", "Journal des accès"],
    "acheteur.cmra": ["Tableau de bord", "Marchés", "Prévisions", "Placements", "Heures",
                      "Bilans"],
    "membre.urpa": ["Tableau de bord", "Espaces de travail"],
}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def _nav_links(page) -> list[str]:
    nav = page.get_by_role("navigation", name="Mon espace")
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]


def test_each_role_navigation_reaches_each_of_its_screens(browser, live_server, demo):
    for username, expected in NAVIGATION.items():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        page = context.new_page()
        sign_in(page, username, settings.DEMO_PASSWORD)
        page.goto("/espace/")
        links = _nav_links(page)
        # Notifications close the menu, with their unread count.
        assert [link for link in links if not link.startswith("Notifications")] == expected, (
            username)
        assert links[-1].startswith("Notifications")
        for label in expected:
            nav = page.get_by_role("navigation", name="Mon espace")
            nav.get_by_role("link", name=label, exact=True).click()
            page.wait_for_load_state()
            current = page.get_by_role("navigation", name="Mon espace").locator(
                "[aria-current=page]")
            assert current.inner_text().strip() == label, (username, label, page.url)
            assert page.locator("h1").count() == 1, (username, label)
        # The same menu is in the header of a public page.
        page.goto("/ressources/")
        assert _nav_links(page)[:len(expected)] == expected
        context.close()


def _tasks(page) -> list[str]:
    panel = page.locator("section", has=page.get_by_role("heading", name="Mes tâches"))
    return panel.get_by_role("link").all_inner_texts()


def test_the_days_tasks_are_one_click_from_the_dashboard(page, demo):
    sign_in(page, "facilitateur.dijon", settings.DEMO_PASSWORD)
    page.goto("/espace/")
    tasks = _tasks(page)
    assert "Importer des heures (CSV, XLSX)" in tasks
    assert "Sorties à renseigner" in tasks
    page.get_by_role("link", name="Saisir les heures d'un placement en cours").click()
    page.get_by_role("heading", name="Placements").wait_for()
    assert "etat=en_cours" in page.url
    page.get_by_role("link", name="Déclarer des heures").first.click()
    page.get_by_role("heading", name="Heures du mois").wait_for()


def _expected_rows(criterion: str) -> list[tuple[str, str, str]]:
    people = Beneficiary.objects.filter(
        territory__slug="bassin-dijonnais", criteria__criterion=criterion
    ).order_by("pseudonym")
    return [(b.pseudonym, b.last_name, b.first_name) for b in people]


def test_facilitator_exports_the_filtered_beneficiary_list(page, demo, tmp_path):
    criterion = (Beneficiary.objects.filter(territory__slug="bassin-dijonnais",
                                            criteria__isnull=False)
                 .values_list("criteria__criterion", flat=True).order_by("criteria__criterion")
                 .first())
    expected = _expected_rows(criterion)
    assert 0 < len(expected) < Beneficiary.objects.filter(
        territory__slug="bassin-dijonnais").count()
    sign_in(page, "facilitateur.dijon", settings.DEMO_PASSWORD)
    page.goto("/espace/beneficiaires/")
    page.get_by_label("Critère d'éligibilité").select_option(criterion)
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(re.compile("critere="))

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en XLSX").click()
    xlsx = tmp_path / download.value.suggested_filename
    download.value.save_as(xlsx)
    workbook = load_workbook(xlsx, read_only=True)
    try:
        rows = list(workbook.active.iter_rows(values_only=True))
    finally:
        # A read-only workbook keeps its file open until closed; left to the
        # garbage collector, the warning fails whichever test runs next.
        workbook.close()
    assert rows[0][:3] == ("Pseudonyme", "Nom", "Prénom")
    assert [tuple(row[:3]) for row in rows[1:]] == expected

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en CSV").click()
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Pseudonyme", "Nom", "Prénom"]
    assert [tuple(row[:3]) for row in rows[1:]] == expected


def _phone_paths() -> list[str]:
    market = Market.objects.filter(clauses__placements__isnull=False,
                                   lead_territory__slug="bassin-dijonnais").first()
    placement = Placement.objects.filter(clause__market=market).first()
    person = placement.beneficiary
    paths = [
        "/espace/", "/espace/marches/", "/espace/marches/a-suivre/",
        "/espace/marches/previsions/", "/espace/marches/placements/",
        "/espace/marches/heures/", "/espace/marches/sorties/", "/espace/beneficiaires/",
        "/espace/beneficiaires/journal/", "/espace/bilans/", "/espace/notifications/",
        "/espace/espaces/", "/espace/marches/globalisation/",
        "/espace/marches/globalisation/nouvel-accord/", "/espace/marches/import/",
        "/espace/beneficiaires/nouveau/",
        market.get_absolute_url(), f"{market.get_absolute_url()}modifier/",
        f"{market.get_absolute_url()}placements/nouveau/",
        placement.get_absolute_url(), f"{placement.get_absolute_url()}modifier/",
        f"/espace/marches/placements/{placement.pk}/heures/nouvelles/",
        f"/espace/marches/placements/{placement.pk}/sorties/nouvelle/",
        person.get_absolute_url(), f"{person.get_absolute_url()}modifier/",
    ]
    agreement = GlobalisationAgreement.objects.first()
    if agreement is not None:
        paths.append(f"/espace/marches/globalisation/{agreement.pk}/modifier/")
    workspace = Workspace.objects.filter(territory__slug="bassin-dijonnais").first()
    if workspace is not None:
        paths += [workspace.get_absolute_url(), f"{workspace.get_absolute_url()}membres/"]
    return paths


def _buyer_paths() -> list[str]:
    forecast = Market.objects.filter(
        status="prevision", buyer__slug="mission-regionale-achats-etat-bourgogne").first()
    paths = ["/espace/marches/prevision/", "/espace/marches/prevision/import/",
             "/espace/marches/previsions/"]
    if forecast is not None:
        paths.append(f"{forecast.get_absolute_url()}prevision/")
    return paths


def test_no_members_page_is_wider_than_a_390_px_phone(browser, live_server, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widths, statuses = {}, {}
    for username, paths in (("coordination.bourgogne", _phone_paths()),
                            ("acheteur.cmra", _buyer_paths())):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                      viewport=PHONE)
        page = context.new_page()
        sign_in(page, username, settings.DEMO_PASSWORD)
        for path in paths:
            statuses[path] = page.goto(path).status
            widths[path] = page.evaluate("document.documentElement.scrollWidth")
            name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "espace"
            page.screenshot(path=str(SCREENSHOTS / f"phone-390-{name}.png"), full_page=True)
        context.close()
    assert {path: status for path, status in statuses.items() if status != 200} == {}
    assert {path: width for path, width in widths.items() if width > PHONE["width"]} == {}


def test_new_screens_have_no_serious_accessibility_violation(axe, demo):
    pages = ["/espace/", "/espace/marches/placements/", "/espace/marches/heures/",
             "/espace/marches/sorties/", "/espace/marches/previsions/",
             "/espace/beneficiaires/", "/espace/marches/globalisation/",
             "/espace/marches/globalisation/nouvel-accord/", "/espace/espaces/",
             "/espace/marches/?q=ecole&tri=reference"]
    found = {}
    for index, path in enumerate(pages):
        login = (lambda p: sign_in(p, "coordination.bourgogne", settings.DEMO_PASSWORD)
                 ) if index == 0 else None
        found[path] = [(v["id"], v["help"], v["nodes"][0]["target"]) for v in axe(path, login)]

    assert found == dict.fromkeys(pages, [])


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _record_paths() -> dict[str, str]:
    """The company list, a company's page, a market's drafting page and a beneficiary's
    page holding a proof (one is filed here: the demo data have none)."""
    lot = Lot.objects.filter(contractor__isnull=False,
                             market__lead_territory__slug="bassin-dijonnais").first()
    person = Beneficiary.objects.filter(territory__slug="bassin-dijonnais",
                                        criteria__isnull=False).first()
    criterion = person.criteria.first().criterion
    proofs.add_proof(SYSTEM, person, criterion=criterion, kind=ProofKind.values[0],
                     uploaded_file=SimpleUploadedFile("attestation.pdf", PDF))
    # The demo's works contractor has documents exchanged and a site visit (clauses.demo_followup).
    followed = Organisation.objects.get(slug="demo-batiments-exemple").pk
    return {
        "companies": "/espace/entreprises/",
        "company": f"/espace/entreprises/{lot.contractor_id}/",
        "company-follow-up": f"/espace/entreprises/{followed}/",
        "company-document-form": f"/espace/entreprises/{followed}/documents/nouveau/",
        "company-meeting-form": f"/espace/entreprises/{followed}/echanges/nouveau/",
        "drafting": f"{lot.market.get_absolute_url()}redaction/",
        "beneficiary": person.get_absolute_url(),
    }


def test_records_fit_a_phone_and_pass_axe(browser, live_server, demo, axe):
    paths = _record_paths()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    sign_in(page, "facilitateur.dijon", settings.DEMO_PASSWORD)
    widths, statuses = {}, {}
    for name, path in paths.items():
        statuses[name] = page.goto(path).status
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SCREENSHOTS / f"phone-390-{name}.png"), full_page=True)
        if name == "beneficiary":
            assert page.get_by_role("link", name="Déposer un justificatif de ce critère").count()
            assert page.locator("a[href*='/justificatifs/']:not([href*='nouveau'])").count() == 1
    context.close()
    assert statuses == dict.fromkeys(paths, 200)
    assert {name: width for name, width in widths.items() if width > PHONE["width"]} == {}

    found = {}
    for index, (name, path) in enumerate(paths.items()):
        login = (lambda p: sign_in(p, "facilitateur.dijon", settings.DEMO_PASSWORD)
                 ) if index == 0 else None
        found[name] = [(v["id"], v["help"], v["nodes"][0]["target"]) for v in axe(path, login)]
    assert found == dict.fromkeys(paths, [])
