"""An editor submits minutes to "Relecture" in the Wagtail admin; a moderator publishes them."""

import pytest

from network import roles
from resources.models import MinutesPage
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.network.factories import PASSWORD, UserFactory
from tests.resources.factories import MinutesPageFactory, ResourceIndexPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_action(page, minutes, name):
    page.goto(f"/admin/pages/{minutes.pk}/edit/")
    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_editor_submits_minutes_and_a_moderator_publishes_them(browser, live_server, home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    minutes = MinutesPageFactory(parent=library, title="Compte rendu à relire", live=False)
    author, reviewer = UserFactory(username="e2e.editeur"), UserFactory(username="e2e.moderateur")
    roles.make_editor(author)
    roles.make_moderator(reviewer)

    for user, action in ((author, "Soumettre à Relecture"), (reviewer, "Approuver et Publier")):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        page = context.new_page()
        try:
            sign_in(page, user.username, PASSWORD)
            _run_action(page, minutes, action)
        except Exception:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"moderation-{user.username}.png"))
            raise
        finally:
            context.close()
        minutes.refresh_from_db()
        if user is author:
            assert minutes.workflow_in_progress and not minutes.live

    published = MinutesPage.objects.get(pk=minutes.pk)
    assert published.live
    assert published.first_published_at is not None
