"""/recherche/ in a real browser (Debian's Chromium, skipped where absent): the
suggestions combobox with the keyboard, the page without JavaScript, and an axe audit."""

import pytest

from tests.resources.factories import GuidePageFactory, ResourceIndexPageFactory

# In tests/e2e so that it runs in the browser tests' own pytest process: a
# transactional live-server test flushes the database the other tests share.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def guides(home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    GuidePageFactory(parent=library, title="Calculer les heures d'insertion des marchés")
    GuidePageFactory(parent=library, title="Marché réservé aux SIAE")


def test_suggestions_are_chosen_with_the_keyboard(page, guides):
    page.goto("/recherche/")
    field = page.get_by_role("combobox", name="Rechercher des publications")

    field.press_sequentially("marc", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()

    assert field.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").count() == 2
    field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    title = page.locator(f"#{active} span").first.inner_text()
    field.press("Enter")
    page.wait_for_url("**/ressources/**")
    assert page.locator("h1").first.inner_text() == title

    page.goto("/recherche/")
    field = page.get_by_role("combobox", name="Rechercher des publications")
    field.press_sequentially("marc", delay=30)
    page.get_by_role("listbox", name="Suggestions").wait_for()
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"


def test_the_search_works_without_javascript(page_without_js, guides):
    browser_page = page_without_js
    browser_page.goto("/recherche/")
    browser_page.get_by_label("Rechercher des publications").fill("marches")
    browser_page.get_by_role("button", name="Rechercher").click()

    assert "résultats pour « marches »" in browser_page.locator("#results-title").inner_text()
    titles = browser_page.locator(".search-result h3").all_inner_texts()
    assert "Marché réservé aux SIAE" in titles
    assert browser_page.locator(".search-result mark").first.inner_text().lower().startswith(
        "march"
    )


def test_the_results_page_has_no_serious_accessibility_violation(axe, guides):
    violations = axe("/recherche/?q=marches")

    assert violations == [], [(v["id"], v["help"]) for v in violations]
