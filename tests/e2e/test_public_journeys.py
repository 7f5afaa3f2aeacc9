"""A visitor's journeys: the library, a guide's PDF, the calculator, and their accessibility."""

import pytest

from tests.resources.factories import (
    PDF,
    ClauseTemplatePageFactory,
    GuidePageFactory,
    ResourceIndexPageFactory,
    document,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def guide(settings, tmp_path, home_page):
    settings.MEDIA_ROOT = tmp_path / "media"
    library = ResourceIndexPageFactory(parent=home_page)
    ClauseTemplatePageFactory(parent=library, title="Clause de travaux")
    guide = GuidePageFactory(parent=library, title="Calculer les heures d'insertion")
    guide.attachments.create(document=document("Fiche PDF", "fiche.pdf"), label="La fiche")
    guide.save()
    return guide


def test_visitor_filters_the_library_opens_a_guide_and_downloads_its_pdf(page, guide):
    page.goto("/ressources/")
    results = page.locator("main")
    assert results.get_by_role("link", name="Clause de travaux").is_visible()

    page.get_by_role("link", name="Guide pratique").click()
    page.wait_for_url("**type=guide**")
    assert page.get_by_role("link", name="Clause de travaux").count() == 0
    page.get_by_role("link", name="Calculer les heures d'insertion").click()

    assert page.locator("h1").inner_text() == "Calculer les heures d'insertion"
    link = page.get_by_role("link", name="La fiche")
    download = page.request.get(link.get_attribute("href"))
    assert download.ok
    assert download.headers["content-type"] == "application/pdf"
    assert download.body() == PDF


def _fill_calculator(page):
    page.get_by_label("Montant du marché").fill("1000000")
    page.get_by_label("Part de la main-d'œuvre").fill("0,5")
    page.get_by_label("Taux d'insertion").fill("0,05")
    page.get_by_label("Coût horaire chargé").fill("30")


def test_visitor_computes_insertion_hours_with_javascript(page, home_page):
    page.goto("/outils/calculateur-heures/")
    _fill_calculator(page)
    page.get_by_role("button", name="Calculer").click()

    page.get_by_text("833 heures d'insertion").wait_for()
    assert "Avant arrondi : 833,33 h." in page.locator("#resultat").inner_text()


def test_visitor_computes_insertion_hours_without_javascript(page_without_js, home_page):
    page = page_without_js
    page.goto("/outils/calculateur-heures/")
    _fill_calculator(page)
    page.get_by_role("button", name="Calculer").click()

    page.wait_for_url("**montant=**")
    assert "833 heures d'insertion" in page.locator("#resultat").inner_text()


def test_calculator_is_usable_with_the_keyboard_alone(page, home_page):
    page.goto("/outils/calculateur-heures/")
    page.get_by_label("Montant du marché").focus()
    # The trade list comes before the labour share: left on "no trade", it is tabbed past.
    for value in ("1000000", "0,05", "30", None, "0,5"):
        if value is not None:
            page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.get_by_text("833 heures d'insertion").wait_for()


@pytest.mark.parametrize("path", [
    "/ressources/",
    "/ressources/calculer-les-heures-d-insertion/",
    "/outils/calculateur-heures/",
    "/recherche/?q=heures",
    "/compte/connexion/",
])
def test_public_page_has_no_serious_accessibility_violation(axe, guide, path):
    violations = axe(path)

    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
