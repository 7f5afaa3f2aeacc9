import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_reaches_every_section_from_the_home_page(page, home_page):
    page.goto("/")

    assert page.locator("h1").first.inner_text() == "Les clauses sociales d'insertion, ensemble"
    nav = page.get_by_role("navigation", name="Navigation principale")
    for label in ("Ressources", "Outils", "Réseau", "Recherche", "Espace membres", "Connexion"):
        assert nav.get_by_role("link", name=label).is_visible()


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, home_page):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_home_page_has_no_serious_accessibility_violation(axe, home_page):
    violations = axe("/")

    assert violations == [], [(v["id"], v["help"]) for v in violations]
