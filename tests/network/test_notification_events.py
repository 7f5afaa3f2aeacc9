"""The network's events and reminders notify exactly the members concerned: a workspace's
members for its posts and documents, the person an action is given to, a committee's
members for its conventions, meetings and minutes."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network import workspaces
from network.models import Notification
from network.notifications import reminders
from tests.network import factories as f

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# Territory A's workspace: its facilitators and their coordinators manage it through
# their role, and three accounts hold a role in it.
MEMBERS_A = {"facilitateur.a", "coordinateur", "lecteur.a", "contributeur.a", "gestionnaire.a"}


def recipients(kind, **lookup) -> set[str]:
    return set(Notification.objects.filter(kind=kind, **lookup)
               .values_list("recipient__username", flat=True))


def test_a_post_goes_to_the_workspace_members_but_its_author(world):
    space = world.territory_a.workspace
    post = workspaces.add_post(space, world.accounts["contributeur_a"], "Réunion jeudi ?")

    assert recipients("espace_message") == MEMBERS_A - {"contributeur.a"}
    notification = Notification.objects.filter(kind="espace_message").first()
    assert notification.subject == post
    assert notification.url == f"{space.get_absolute_url()}#messages"
    assert "Réunion jeudi ?" in notification.body
    # A daily digest by default: nothing is e-mailed at once.
    assert mail.outbox == []


def test_a_document_goes_to_the_workspace_members(world):
    space = world.territory_a.workspace
    workspaces.upload_document(space, world.accounts["gestionnaire_a"], "Relevé",
                               SimpleUploadedFile("releve.pdf", PDF))
    assert recipients("espace_document") == MEMBERS_A - {"gestionnaire.a"}


def test_an_action_goes_to_the_person_it_is_given_to(world, django_capture_on_commit_callbacks):
    space = world.territory_a.workspace
    with django_capture_on_commit_callbacks(execute=True):
        workspaces.add_action_item(
            space, world.accounts["gestionnaire_a"], owner=world.accounts["lecteur_a"],
            description="Relire le bilan", due_on=datetime.date(2026, 6, 1),
        )
    assert recipients("action_confiee") == {"lecteur.a"}
    assert [m.to for m in mail.outbox] == [["lecteur.a@exemple.fr"]]
    assert mail.outbox[0].subject == "Une action vous est confiée : Relire le bilan"
    # Given to oneself, or to nobody: no news.
    workspaces.add_action_item(space, world.accounts["gestionnaire_a"],
                               owner=world.accounts["gestionnaire_a"], description="Moi")
    workspaces.add_action_item(space, world.accounts["gestionnaire_a"], description="Personne")
    assert Notification.objects.filter(kind="action_confiee").count() == 1


def test_an_action_for_someone_outside_the_workspace_tells_nobody(world):
    workspaces.add_action_item(
        world.territory_a.workspace, world.accounts["gestionnaire_a"],
        owner=world.accounts["membre"], description="Hors espace",
    )
    assert not Notification.objects.exists()


def test_a_convention_ending_within_90_days_goes_to_its_committees_members(world):
    convention = f.ConventionFactory(ends_on=datetime.date(2026, 9, 30))
    world.committee.convention = convention
    world.committee.save()
    other = f.committee_member_of(f.CommitteeFactory(), username="autre.comite")

    reminders.conventions_ending(datetime.date(2026, 7, 1))  # 91 days before
    assert not Notification.objects.exists()
    reminders.conventions_ending(datetime.date(2026, 7, 2))
    reminders.conventions_ending(datetime.date(2026, 8, 2))
    assert recipients("convention_echeance") == {"membre.comite"}
    assert other.notifications.count() == 0
    assert Notification.objects.get().title.startswith(
        "Convention arrivant à échéance le 30 septembre 2026"
    )


def test_a_meeting_within_7_days_goes_to_the_committees_members(world):
    now = timezone.now()
    world.meeting.starts_at = now + datetime.timedelta(days=8)
    world.meeting.save()
    reminders.meetings_soon(now)
    assert not Notification.objects.exists()
    reminders.meetings_soon(now + datetime.timedelta(days=1, minutes=1))
    reminders.meetings_soon(now + datetime.timedelta(days=2))
    assert recipients("reunion_prochaine") == {"membre.comite"}
    notification = Notification.objects.get()
    assert notification.url == f"{world.committee.workspace.get_absolute_url()}#reunions"


def test_a_notification_is_stored_once_per_period(world):
    space = world.territory_a.workspace
    post = workspaces.add_post(space, world.accounts["contributeur_a"], "Bonjour")
    from network.notifications import workspace as news

    assert news.post_published(space, post, world.accounts["contributeur_a"]) == 0
    assert Notification.objects.count() == len(MEMBERS_A) - 1
