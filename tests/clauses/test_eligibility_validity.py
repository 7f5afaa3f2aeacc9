"""A validation of eligibility is dated and holds ELIGIBILITY_VALIDITY_MONTHS: its end is
shown on the record, the lists flag who is to validate again, and a new validation renews
it. (That a placement starting after the end is refused, through every channel, is in
test_rule_channels.py.)"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from clauses.enums import AuditAction
from clauses.models import Beneficiary, PersonalDataLog
from clauses.operations import people
from clauses.rules import eligibility as rules
from clauses.rules.hours import Period
from clauses.rules.placements import Person, placement_errors
from tests.clauses.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("validated_on", "months", "end"), [
    (datetime.date(2025, 3, 14), 24, datetime.date(2027, 3, 14)),
    (datetime.date(2024, 2, 29), 24, datetime.date(2026, 2, 28)),
    (datetime.date(2025, 8, 31), 6, datetime.date(2026, 2, 28)),
    (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
])
def test_a_validation_holds_the_same_day_months_later(validated_on, months, end):
    assert rules.validity_end(validated_on, months) == end


def test_revalidation_is_due_from_a_month_before_the_end():
    today = datetime.date(2026, 5, 1)

    assert rules.revalidation_due(datetime.date(2026, 4, 30), today)  # ended
    assert rules.revalidation_due(datetime.date(2026, 5, 31), today)  # within 30 days
    assert not rules.revalidation_due(datetime.date(2026, 6, 1), today)
    assert not rules.revalidation_due(None, today)


def test_the_message_tells_a_past_end_from_one_to_come():
    person = Person("B-0042", True, False, frozenset({"rsa"}), None,
                    eligibility_valid_until=datetime.date(2026, 6, 30))
    period = Period(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))

    def errors(today):
        return placement_errors(person, "M-1", "en_execution", period,
                                datetime.date(2026, 9, 1), None, opening=True, today=today)

    assert errors(datetime.date(2026, 8, 1))["beneficiary"] == [
        "L'éligibilité de B-0042 a expiré le 30/06/2026, une nouvelle validation est "
        "nécessaire pour un placement qui commence le 01/09/2026."
    ]
    assert errors(datetime.date(2026, 5, 1))["beneficiary"] == [
        "L'éligibilité de B-0042 expire le 30/06/2026, avant le début du placement le "
        "01/09/2026 : une nouvelle validation est nécessaire."
    ]


def test_a_validation_holds_the_configured_months(world, settings):
    settings.ELIGIBILITY_VALIDITY_MONTHS = 12
    person = BeneficiaryFactory(territory=world.dijon, unvalidated=True)

    people.validate_eligibility(world.users["facilitateur_territoire"], person,
                                today=datetime.date(2026, 3, 10))

    person.refresh_from_db()
    assert person.eligibility_valid_until == datetime.date(2027, 3, 10)
    entry = PersonalDataLog.objects.filter(beneficiary=person).latest("pk")
    assert entry.action == AuditAction.CHANGE and "eligibility_valid_until" in entry.fields


def test_a_new_validation_renews_the_end(world):
    person = BeneficiaryFactory(territory=world.dijon,
                                eligibility_valid_until=datetime.date(2025, 1, 31))

    people.validate_eligibility(world.users["facilitateur_territoire"], person,
                                today=datetime.date(2026, 11, 2))

    person.refresh_from_db()
    assert person.eligibility_valid_until == datetime.date(2028, 11, 2)
    assert PersonalDataLog.objects.filter(beneficiary=person,
                                          context="Nouvelle validation").exists()


def test_a_change_of_criteria_withdraws_the_validation_and_its_end(world):
    people.update_beneficiary(world.users["facilitateur_territoire"], world.beneficiary,
                              version=world.beneficiary.version, criteria=["ass"])

    world.beneficiary.refresh_from_db()
    assert world.beneficiary.eligibility_validated_at is None
    assert world.beneficiary.eligibility_valid_until is None


def _record(client, world, person):
    client.force_login(world.users["facilitateur_territoire"])
    return client.get(reverse("clauses:beneficiary_detail", args=[person.pseudonym]))


def test_the_record_shows_the_end_and_offers_a_new_validation_when_it_is_past(client, world):
    person = BeneficiaryFactory(territory=world.dijon,
                                eligibility_valid_until=datetime.date(2025, 1, 31))

    html = _record(client, world, person).content.decode()

    assert "Valable jusqu'au" in html and "31/01/2025" in html
    assert "Expirée — à revalider" in html
    assert "Revalider l'éligibilité" in html


def test_a_validation_far_from_its_end_is_not_offered_again(client, world):
    end = timezone.localdate() + datetime.timedelta(days=200)
    person = BeneficiaryFactory(territory=world.dijon, eligibility_valid_until=end)

    html = _record(client, world, person).content.decode()

    assert f"{end:%d/%m/%Y}" in html
    assert "à revalider" not in html.lower()
    assert "Revalider l'éligibilité" not in html


def test_the_list_flags_those_to_validate_again(client, world):
    today = timezone.localdate()
    expired = BeneficiaryFactory(territory=world.dijon,
                                 eligibility_valid_until=today - datetime.timedelta(days=1))
    soon = BeneficiaryFactory(territory=world.dijon,
                              eligibility_valid_until=today + datetime.timedelta(days=30))
    later = BeneficiaryFactory(territory=world.dijon,
                               eligibility_valid_until=today + datetime.timedelta(days=31))
    client.force_login(world.users["facilitateur_territoire"])

    html = client.get(reverse("clauses:beneficiary_list")).content.decode()

    rows = {b.pseudonym: _row(html, b.pseudonym) for b in (expired, soon, later)}
    assert "à revalider" in rows[expired.pseudonym] and "expirée le" in rows[expired.pseudonym]
    assert "à revalider" in rows[soon.pseudonym] and "expire le" in rows[soon.pseudonym]
    assert "à revalider" not in rows[later.pseudonym]


def _row(html: str, pseudonym: str) -> str:
    start = html.index(f">{pseudonym}</a>")
    return html[start:html.index("</tr>", start)]


def test_validations_made_before_get_their_end(world, settings):
    """The data migration: a validation recorded with its timestamp only gets the end
    that follows from its day."""
    settings.ELIGIBILITY_VALIDITY_MONTHS = 24
    validated_at = timezone.make_aware(datetime.datetime(2025, 6, 30, 23, 30),
                                       datetime.UTC)  # 1 July in Paris
    person = BeneficiaryFactory(territory=world.dijon, eligibility_validated_at=validated_at,
                                eligibility_valid_until=None)
    unvalidated = BeneficiaryFactory(territory=world.dijon, unvalidated=True)
    migration = importlib.import_module(
        "clauses.migrations.0007_eligibility_validity_and_proofs"
    )

    migration.date_validations(apps, None)

    assert Beneficiary.objects.get(pk=person.pk).eligibility_valid_until == datetime.date(
        2027, 7, 1
    )
    assert Beneficiary.objects.get(pk=unvalidated.pk).eligibility_valid_until is None
