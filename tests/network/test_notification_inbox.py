"""A person's notifications on the portal, their preferences, and the e-mails: at once,
grouped in daily and weekly digests, or never; each sent once."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from network.enums import Delivery
from network.models import Notification, NotificationPreference
from network.notifications import delivery, notify
from network.notifications.workspace import ACTION, POST
from tests.network import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return f.member(username="camille", first_name="Camille", last_name="Martin")


def tell(user, kind=ACTION, title="Une action vous est confiée : relire", about=None, **kw):
    about = about or f.TerritoryFactory()
    return notify(kind, [user], about=about, url=kw.pop("url", "/reseau/"),
                  label="Objet", title=title, **kw)


def test_the_navigation_shows_the_unread_count_in_one_query(client, person,
                                                            django_assert_num_queries):
    tell(person)
    tell(person, title="Une autre", about=f.TerritoryFactory())
    client.force_login(person)
    html = client.get("/reseau/").content.decode()
    assert 'aria-label="Notifications : 2 non lues"' in html

    from network.notifications.inbox import unread_count

    with django_assert_num_queries(1):
        assert unread_count(person) == 2
        assert unread_count(person) == 2  # kept for the request


def test_the_list_marks_one_and_all_read_by_post(client, person):
    tell(person, title="Première")
    tell(person, title="Seconde", about=f.TerritoryFactory())
    first, second = Notification.objects.order_by("pk")
    client.force_login(person)
    html = client.get("/espace/notifications/").content.decode()
    assert "Première" in html and "Seconde" in html and "2 notifications non lues" in html

    assert client.get(f"/espace/notifications/{first.pk}/lue/").status_code == 405
    assert client.post(f"/espace/notifications/{first.pk}/lue/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None and Notification.objects.filter(read_at=None).count() == 1

    assert client.post("/espace/notifications/lues/").status_code == 302
    assert not Notification.objects.filter(read_at=None).exists()


def test_marking_read_needs_the_csrf_token(person):
    tell(person)
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    notification = Notification.objects.get()
    assert client.post(f"/espace/notifications/{notification.pk}/lue/").status_code == 403
    assert client.post("/espace/notifications/lues/").status_code == 403
    assert Notification.objects.filter(read_at=None).count() == 1


def test_opening_marks_read_and_leads_to_the_object(client, person):
    tell(person, url="/reseau/organisations/")
    notification = Notification.objects.get()
    client.force_login(person)
    response = client.get(f"/espace/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == "/reseau/organisations/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_answers_404(client, person):
    tell(person)
    notification = Notification.objects.get()
    client.force_login(f.member(username="curieux"))
    assert client.get(f"/espace/notifications/{notification.pk}/").status_code == 404
    assert client.post(f"/espace/notifications/{notification.pk}/lue/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_object_no_longer_open_to_the_person_answers_by_the_policy(client, world):
    from network import workspaces

    space = world.territory_a.workspace
    workspaces.add_post(space, world.accounts["contributeur_a"], "Bonjour")
    reader = world.accounts["lecteur_a"]
    notification = reader.notifications.get()
    workspaces.remove_member(space, world.accounts["gestionnaire_a"], reader)
    client.force_login(reader)
    response = client.get(notification.get_absolute_url(), follow=True)
    # The directory leads to every workspace: a former member gets a 403, not the content.
    assert response.status_code == 403
    assert "Bonjour" not in response.content.decode()


def test_preferences_offer_the_kinds_of_ones_roles_and_are_kept(client, world):
    coordinator = world.accounts["coordinateur"]
    client.force_login(coordinator)
    html = client.get("/compte/notifications/").content.decode()
    assert "Prévisions de marchés transmises ou corrigées" in html
    assert "Messages publiés dans mes espaces de travail" in html
    # A buyer's kind is not offered to a coordinator.
    assert "Placements commencés" not in html

    response = client.post("/compte/notifications/", {
        "prevision_transmise": Delivery.WEEKLY, "espace_message": Delivery.DAILY,
    })
    assert response.status_code == 302
    # Only a choice that differs from the kind's default is stored.
    assert list(NotificationPreference.objects.values_list("kind", "delivery")) == [
        ("prevision_transmise", Delivery.WEEKLY)
    ]
    assert client.post("/compte/notifications/", {"espace_message": "sms"}).status_code == 400


def test_never_keeps_it_on_the_portal_only(person, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=person, kind=ACTION.key, delivery=Delivery.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        tell(person)
    delivery.send_digests.enqueue("2030-01-07")
    assert mail.outbox == []
    assert Notification.objects.get().delivery == Delivery.NEVER


def test_at_once_is_one_french_email_with_its_links(person, django_capture_on_commit_callbacks,
                                                    settings):
    settings.WAGTAILADMIN_BASE_URL = "https://clauses.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        tell(person)
    (message,) = mail.outbox
    notification = Notification.objects.get()
    assert message.subject == "Une action vous est confiée : relire"
    assert message.to == ["camille@exemple.fr"]
    assert message.body.startswith("Bonjour Camille Martin,")
    assert f"https://clauses.example.org/espace/notifications/{notification.pk}/" in message.body
    assert "https://clauses.example.org/compte/notifications/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="fr"' in html
    assert f"https://clauses.example.org/espace/notifications/{notification.pk}/" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_digests_group_and_go_once(person, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=person, kind=ACTION.key, delivery=Delivery.WEEKLY)
    monday = datetime.datetime(2030, 1, 7, 8, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        for title, hours in (("Un", 0), ("Deux", 30), ("Trois", 55)):
            tell(person, kind=POST, title=f"Message {title}", about=f.TerritoryFactory())
            Notification.objects.filter(title=f"Message {title}").update(
                created_at=monday + datetime.timedelta(hours=hours))
        tell(person, title="Action hebdomadaire")
        Notification.objects.filter(kind=ACTION.key).update(created_at=monday)
    assert mail.outbox == []

    delivery.send_digests.enqueue("2030-01-08")  # what was stored before Tuesday
    (daily,) = mail.outbox
    assert daily.subject == "Résumé quotidien du portail : 1 notification"
    delivery.send_digests.enqueue("2030-01-10")  # Wednesday and Thursday's, together
    assert mail.outbox[1].subject == "Résumé quotidien du portail : 2 notifications"
    assert "Message Deux" in mail.outbox[1].body and "Message Trois" in mail.outbox[1].body
    delivery.send_digests.enqueue("2030-01-10")
    delivery.send_digests.enqueue("2030-01-13")  # Sunday: the week is not over
    assert len(mail.outbox) == 2

    delivery.send_digests.enqueue("2030-01-14")
    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject.startswith("Résumé de la semaine du portail")
    assert "Action hebdomadaire" in mail.outbox[2].body
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_what_piles_up_goes_in_one_email(person, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tell(person, title="Première")
        tell(person, title="Seconde", about=f.TerritoryFactory())
    (message,) = mail.outbox
    assert message.subject == "2 nouvelles notifications sur le portail"
    assert "Première" in message.body and "Seconde" in message.body


def test_an_account_without_address_gets_no_email(django_capture_on_commit_callbacks):
    user = f.member(username="sans.adresse", email="")
    with django_capture_on_commit_callbacks(execute=True):
        tell(user)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is not None
