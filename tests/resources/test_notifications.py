"""Minutes published are told to their committee's members; Wagtail's moderation e-mails
go through the task framework, in French, one per submission, greeting the person by name."""

import pytest
from django.core import mail

from network.models import Notification
from tests.network.factories import (
    CommitteeFactory,
    UserFactory,
    administrator,
    committee_member_of,
    editor,
    member,
)
from tests.resources.factories import GuidePageFactory, MinutesPageFactory

pytestmark = pytest.mark.django_db


def moderator(**kwargs):
    from network import roles

    user = UserFactory(**kwargs)
    roles.make_moderator(user)
    return user


def test_minutes_published_go_to_the_members_of_their_committee(library):
    committee = CommitteeFactory(name="Comité de pilotage CUB / URPA")
    reader = committee_member_of(committee, username="membre.copil")
    committee_member_of(CommitteeFactory(), username="autre.comite")
    member(username="simple.membre")
    minutes = MinutesPageFactory(parent=library, committee=committee, live=False,
                                 title="Compte rendu de la signature")

    minutes.save_revision().publish()
    minutes.save_revision().publish()  # a correction published later adds nothing

    (notification,) = Notification.objects.filter(kind="compte_rendu_publie")
    assert notification.recipient == reader
    assert notification.title == (
        "Compte rendu publié : Compte rendu de la signature (Comité de pilotage CUB / URPA)"
    )
    assert notification.url == minutes.get_url_parts()[2]


def test_other_publications_tell_nobody(library):
    committee_member_of(CommitteeFactory())
    guide = GuidePageFactory(parent=library, live=False)
    guide.save_revision().publish()
    assert not Notification.objects.exists()


def submit(library, author):
    guide = GuidePageFactory(parent=library, title="Guide en relecture", live=False)
    guide.save_revision(user=author)
    return guide, guide.get_workflow().start(guide, author)


def test_a_submission_is_one_french_email_for_each_reviewer(
        library, django_capture_on_commit_callbacks, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://clauses.example.org"
    author = editor(username="redacteur", first_name="Éditeur", last_name="des ressources")
    moderator(username="relecteur", first_name="Claire", last_name="Relectrice")
    administrator(username="admin", first_name="Administratrice", last_name="du portail")

    with django_capture_on_commit_callbacks(execute=True):
        submit(library, author)

    by_person = {message.to[0]: message for message in mail.outbox}
    # Two e-mails per submission to administrators before: one now, as for moderators.
    assert sorted(by_person) == ["admin@exemple.fr", "relecteur@exemple.fr"]
    assert len(mail.outbox) == 2
    message = by_person["relecteur@exemple.fr"]
    assert message.body.startswith("Bonjour Claire Relectrice,")
    assert "Guide en relecture" in message.subject
    assert "Salut" not in message.body and "Hello" not in message.body
    assert "https://clauses.example.org/admin/pages/" in message.body
    assert "Portail des clauses sociales d'insertion" in message.body
    html = message.alternatives[0][0]
    assert "Bonjour Claire Relectrice," in html and 'lang="fr"' in html
    assert by_person["admin@exemple.fr"].body.startswith("Bonjour Administratrice du portail,")


def test_the_author_hears_of_the_approval_in_french(library, django_capture_on_commit_callbacks):
    author = editor(username="redacteur", first_name="Éditeur", last_name="des ressources")
    reviewer = moderator(username="relecteur")
    guide, state = submit(library, author)
    mail.outbox.clear()

    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, reviewer, "approve")

    (message,) = mail.outbox
    assert message.to == ["redacteur@exemple.fr"]
    assert message.body.startswith("Bonjour Éditeur des ressources,")
    assert "Guide en relecture" in message.subject


def test_nothing_is_sent_inside_the_request(library):
    """Without the commit (a request still running), no moderation e-mail has gone."""
    submit(library, editor(username="redacteur"))
    assert mail.outbox == []
