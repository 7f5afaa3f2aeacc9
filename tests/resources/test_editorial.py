import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow, WorkflowPage

from network import roles
from resources.models import ResourceIndexPage, Theme
from tests.network.factories import UserFactory, editor
from tests.resources.factories import GuidePageFactory, ResourceIndexPageFactory

pytestmark = pytest.mark.django_db


def moderator():
    user = UserFactory()
    roles.make_moderator(user)
    return user


def test_relecture_workflow_is_attached_to_the_library_when_it_is_created(library):
    assert library.get_workflow().name == "Relecture"
    workflow = Workflow.objects.get(name="Relecture")
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == ["Relecture et publication par un modérateur"]
    assert list(tasks[0].groups.values_list("name", flat=True)) == ["Moderators"]
    guide = GuidePageFactory(parent=library)
    assert guide.get_workflow() == workflow


def test_attaching_the_workflow_twice_changes_nothing(library):
    from resources.editorial import attach_library_workflow

    attach_library_workflow(library)

    assert WorkflowPage.objects.filter(page=library).count() == 1


def test_an_editor_submits_and_a_moderator_publishes(library):
    author, reviewer = editor(), moderator()
    guide = GuidePageFactory(parent=library, title="Guide en relecture", live=False)
    assert not guide.permissions_for_user(author).can_publish()
    assert guide.permissions_for_user(author).can_edit()
    assert guide.permissions_for_user(reviewer).can_publish()

    guide.save_revision(user=author)
    state = guide.get_workflow().start(guide, author)

    task_state = state.current_task_state
    task = task_state.task.specific
    assert [name for name, *_ in task.get_actions(guide, author)] == []
    assert "approve" in [name for name, *_ in task.get_actions(guide, reviewer)]
    task.on_action(task_state, reviewer, "approve")

    guide.refresh_from_db()
    assert guide.live
    assert guide.first_published_at is not None


def test_editors_work_in_the_wagtail_admin_only(client, library):
    client.force_login(editor())

    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{library.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/resources/guidepage/{library.pk}/").status_code == 200
    response = client.post("/admin/snippets/resources/theme/add/", {
        "name": "Suivi et bilan", "slug": "suivi-et-bilan", "description": "",
    })
    assert response.status_code == 302
    assert Theme.objects.filter(slug="suivi-et-bilan").exists()


def test_moderators_and_editors_hold_theme_permissions():
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")

    assert {"add_theme", "change_theme"} <= set(
        editors.permissions.values_list("codename", flat=True)
    )
    assert "delete_theme" in set(moderators.permissions.values_list("codename", flat=True))


def test_a_second_library_cannot_be_created(home_page):
    ResourceIndexPageFactory(parent=home_page)

    assert not ResourceIndexPage.can_create_at(home_page)


ADMIN_TYPES = ["guidepage", "clausetemplatepage", "toolpage", "experiencepage", "minutespage"]


@pytest.mark.parametrize("model_name", ADMIN_TYPES)
def test_editors_get_the_creation_form_of_each_type(client, library, model_name):
    client.force_login(editor())

    response = client.get(f"/admin/pages/add/resources/{model_name}/{library.pk}/")

    assert response.status_code == 200
    assert "Classement" in response.content.decode()


def test_an_editor_writes_minutes_in_the_admin_and_submits_them(client, library):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    from resources.models import MinutesPage
    from tests.network.factories import MeetingFactory

    meeting = MeetingFactory(title="Bilan à mi-parcours")
    client.force_login(editor())
    data = nested_form_data({
        "title": "Compte rendu du bilan à mi-parcours",
        "slug": "compte-rendu-mi-parcours",
        "summary": "Bilan à mi-parcours des actions.",
        "year": "2011",
        "committee": meeting.committee.pk,
        "meeting": meeting.pk,
        "attendees": "",
        "agenda": "",
        "body": streamfield([]),
        "decisions": rich_text("<p>Le bilan est validé.</p>"),
        "action_items": streamfield([]),
        "attachments": inline_formset([]),
        "related_links": inline_formset([]),
        "action-submit": "Soumettre",
    })
    data["market_categories"] = ["travaux"]  # a multiple choice: one key, several values

    response = client.post(f"/admin/pages/add/resources/minutespage/{library.pk}/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    minutes = MinutesPage.objects.get(slug="compte-rendu-mi-parcours")
    assert not minutes.live
    assert minutes.workflow_in_progress
    assert minutes.current_workflow_task.name == "Relecture et publication par un modérateur"
    assert list(minutes.market_categories.values_list("code", flat=True)) == ["travaux"]
    restriction = minutes.get_view_restrictions().get()
    assert list(restriction.groups.all()) == [meeting.committee.members_group]


def test_an_editor_previews_a_new_clause_before_saving_it(client, library):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    client.force_login(editor())
    data = nested_form_data({
        "title": "Clause en aperçu", "slug": "clause-en-apercu", "summary": "Aperçu.",
        "year": "2024", "legal_basis": "condition_execution",
        "when_to_use": rich_text("<p>Toujours.</p>"),
        "clause_text": "Réaliser [nombre d'heures] heures.", "variants": streamfield([]),
        "attachments": inline_formset([]), "related_links": inline_formset([]),
    })
    url = f"/admin/pages/add/resources/clausetemplatepage/{library.pk}/preview/"

    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)

    assert response.status_code == 200
    assert '<mark class="placeholder">[nombre d&#x27;heures]</mark>' in response.content.decode()
