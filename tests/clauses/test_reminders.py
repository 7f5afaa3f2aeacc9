"""The market follow-up's reminders: who gets them, from when, and once per period however
often `send_reminders` runs."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from clauses import reminders
from clauses.enums import MarketStatus, OutcomeMoment
from clauses.models import Outcome
from network.models import Notification
from tests.clauses.factories import HoursDeclarationFactory, MarketFactory, PlacementFactory
from tests.network.factories import facilitator_of

pytestmark = pytest.mark.django_db


def recipients(kind, **lookup) -> set[str]:
    return set(Notification.objects.filter(kind=kind, **lookup)
               .values_list("recipient__username", flat=True))


def run(day: str) -> str:
    out = StringIO()
    call_command("send_reminders", date=day, stdout=out)
    return out.getvalue()


@pytest.fixture
def dce_market(world):
    return MarketFactory(
        reference="2026-DCE", buyer=world.buyer, lead_territory=world.dijon,
        status=MarketStatus.STUDIED, dce_planned_on=datetime.date(2026, 5, 30),
    )


def test_a_dce_within_25_days_then_20_without_consultation(world, dce_market,
                                                           django_capture_on_commit_callbacks):
    reminders.consultations(datetime.date(2026, 5, 4))  # 26 days before: nothing yet
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        reminders.consultations(datetime.date(2026, 5, 5))
    assert recipients("consultation_dce") == {"acheteur", "coordination"}
    first = Notification.objects.filter(kind="consultation_dce").first()
    assert first.title.startswith("DCE dans 25 jours sans consultation du facilitateur")
    assert sorted(m.to[0] for m in mail.outbox) == ["acheteur@exemple.fr",
                                                     "coordination@exemple.fr"]

    reminders.consultations(datetime.date(2026, 5, 8))  # the same step: nothing new
    assert Notification.objects.count() == 2
    reminders.consultations(datetime.date(2026, 5, 10))
    assert Notification.objects.filter(period="2026-05-30/j20").count() == 2
    assert Notification.objects.get(
        period="2026-05-30/j20", recipient__username="acheteur"
    ).title.startswith("Règle des 20 jours : DCE dans 20 jours")


def test_no_dce_reminder_once_the_facilitator_is_consulted_or_the_dce_passed(world, dce_market):
    dce_market.facilitator_consulted_on = datetime.date(2026, 4, 1)
    dce_market.save()
    reminders.consultations(datetime.date(2026, 5, 10))
    other = MarketFactory(lead_territory=world.dijon, dce_planned_on=datetime.date(2026, 5, 1))
    reminders.consultations(datetime.date(2026, 5, 10))
    assert not Notification.objects.filter(object_id__in=[dce_market.pk, other.pk]).exists()


def test_a_postponed_dce_arms_the_reminder_again(world, dce_market):
    reminders.consultations(datetime.date(2026, 5, 10))
    dce_market.dce_planned_on = datetime.date(2026, 6, 20)
    dce_market.save()
    reminders.consultations(datetime.date(2026, 5, 27))
    assert sorted(set(Notification.objects.values_list("period", flat=True))) == [
        "2026-05-30/j20", "2026-06-20/j25",
    ]


def test_missing_hours_from_the_10th_of_the_next_month(world):
    # The world's placement has hours for February 2025 only.
    reminders.hours_missing(datetime.date(2025, 4, 9))  # March is not due yet: February is
    assert not Notification.objects.exists()

    reminders.hours_missing(datetime.date(2025, 4, 10))
    assert recipients("heures_non_declarees") == {"fac-dijon"}
    notification = Notification.objects.get()
    assert notification.period == "2025-03"
    assert world.beneficiary.pseudonym in notification.body
    assert notification.title.startswith("Heures de mars 2025 à déclarer")

    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2025, 4, 1))
    reminders.hours_missing(datetime.date(2025, 5, 12))
    assert Notification.objects.count() == 1


def test_missing_hours_go_to_the_facilitator_in_charge_when_there_is_one(world):
    other = facilitator_of(world.dijon, username="fac-dijon-2")
    world.market.facilitator = other
    world.market.save()
    reminders.hours_missing(datetime.date(2025, 4, 10))
    assert recipients("heures_non_declarees") == {"fac-dijon-2"}


def test_outcomes_at_the_end_and_about_six_months_later(world):
    world.placement.ends_on = datetime.date(2025, 3, 31)
    world.placement.save()

    reminders.outcomes_due(datetime.date(2025, 3, 30))
    assert not Notification.objects.exists()
    reminders.outcomes_due(datetime.date(2025, 3, 31))
    assert recipients("sortie_a_renseigner", period="fin") == {"fac-dijon"}
    Outcome.objects.create(placement=world.placement, moment=OutcomeMoment.END,
                           category="cdi", observed_on=datetime.date(2025, 3, 31))

    # Due 182 days after the end, announced 30 days before.
    reminders.outcomes_due(datetime.date(2025, 8, 29))
    assert not Notification.objects.filter(period="six_mois").exists()
    reminders.outcomes_due(datetime.date(2025, 8, 30))
    six = Notification.objects.get(period="six_mois")
    assert six.recipient.username == "fac-dijon"
    assert six.url == world.placement.get_absolute_url()
    assert "Testelin" not in six.title + six.body


def test_a_clause_behind_schedule_once_a_month(world):
    # 1,200 h over 2025; 120 h done by mid-year is far under 80 % of what is expected.
    world.market.facilitator = world.users["facilitateur_territoire"]
    world.market.save()
    reminders.clauses_behind(datetime.date(2025, 7, 1))
    assert recipients("clause_en_retard") == {"fac-dijon", "coordination"}
    reminders.clauses_behind(datetime.date(2025, 7, 20))
    assert Notification.objects.filter(kind="clause_en_retard").count() == 2
    reminders.clauses_behind(datetime.date(2025, 8, 1))
    assert Notification.objects.filter(kind="clause_en_retard").count() == 4


def test_a_clause_on_schedule_is_not_behind(world):
    world.declaration.hours_worked = Decimal("1000")
    world.declaration.save()
    reminders.clauses_behind(datetime.date(2025, 7, 1))
    assert not Notification.objects.filter(kind="clause_en_retard").exists()


def test_send_reminders_twice_sends_once(world, dce_market, django_capture_on_commit_callbacks):
    world.placement.ends_on = datetime.date(2026, 4, 30)
    world.placement.save()
    PlacementFactory(clause=world.clause, beneficiary__territory=world.nevers,
                     starts_on=datetime.date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        first = run("2026-05-11")
    stored = Notification.objects.count()
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = run("2026-05-11")

    assert "suivi des marchés" in first
    assert stored >= 4 and sent >= 3
    assert Notification.objects.count() == stored
    assert len(mail.outbox) == sent
    assert "0 notification(s)" in second
