"""Rules of a beneficiary's record: one record per person, criteria that hold, QPV from
one source, and the bilans' count of placements that really ended."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clauses.bilans.queries import ended_placements
from clauses.bilans.scopes import Period, find_scope
from clauses.models import Beneficiary, Placement
from clauses.operations import people
from tests.clauses.factories import BeneficiaryFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _data(world, **changes):
    data = {
        "territory": world.dijon.pk, "last_name": "Lefèvre-Dupont", "first_name": "Zoé",
        "birth_date": "1991-04-02", "sex": "F", "postal_code": "21000", "commune": "Dijon",
        "diploma_level": "niveau_3", "criteria": ["rsa"], "prescriber_contact": "",
        "derogation_justification": "", "prescriber_opinion": "", "notes": "",
    }
    data.update(changes)
    return data


def test_a_probable_duplicate_is_shown_and_nothing_is_created(client, world):
    existing = BeneficiaryFactory(territory=world.dijon, last_name="LEFEVRE DUPONT",
                                  first_name="zoe", birth_date=datetime.date(1991, 4, 2))
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_create")

    response = client.post(url, _data(world))

    assert response.status_code == 400
    assert existing.pseudonym in response.content.decode()
    assert "semble déjà suivie" in response.content.decode()
    assert Beneficiary.objects.count() == 2  # the world's person and the existing one

    confirmed = client.post(url, _data(world, confirm_duplicate="on"))
    assert confirmed.status_code == 302
    assert Beneficiary.objects.count() == 3


def test_two_records_of_one_person_are_merged(client, world):
    duplicate = BeneficiaryFactory(territory=world.dijon, last_name="Testelin",
                                   first_name="Aurore", criteria=["rqth"])
    placement = PlacementFactory(clause=world.clause, beneficiary=duplicate,
                                 starts_on=datetime.date(2025, 4, 1))
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(
        reverse("clauses:beneficiary_merge", args=[world.beneficiary.pseudonym]),
        {"other": duplicate.pseudonym},
    )

    assert response.status_code == 302
    assert not Beneficiary.objects.filter(pk=duplicate.pk).exists()
    assert Placement.objects.get(pk=placement.pk).beneficiary == world.beneficiary
    assert set(people.criteria_of(world.beneficiary)) == {"rsa", "rqth"}


def test_a_merge_with_a_record_of_another_territory_is_refused(client, world):
    stranger = BeneficiaryFactory(territory=world.nevers)
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(
        reverse("clauses:beneficiary_merge", args=[world.beneficiary.pseudonym]),
        {"other": stranger.pseudonym},
    )

    assert response.status_code == 400
    assert Beneficiary.objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize(("criteria", "birth_date", "reason"), [
    (["jeune_moins_26_peu_qualifie", "plus_50_ans"], "1991-04-02", "la même personne"),
    (["jeune_moins_26_peu_qualifie"], "1980-04-02", "ne s'applique pas"),
    (["plus_50_ans"], "1991-04-02", "ne s'applique pas"),
    (["plus_50_ans"], "", "Indiquez la date de naissance"),
])
def test_age_criteria_agree_with_the_birth_date(client, world, criteria, birth_date, reason):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(reverse("clauses:beneficiary_create"),
                           _data(world, criteria=criteria, birth_date=birth_date))

    assert response.status_code == 400
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert not Beneficiary.objects.filter(first_name="Zoé").exists()


def test_qpv_residence_has_one_source(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_create")

    client.post(url, _data(world, qpv_resident="on"))
    person = Beneficiary.objects.get(first_name="Zoé")
    assert person.qpv_resident and "residant_qpv" in people.criteria_of(person)

    people.update_beneficiary(world.users["facilitateur_territoire"], person,
                              version=person.version, qpv_resident=False)
    assert "residant_qpv" not in people.criteria_of(person)
    # The criterion alone never makes someone a resident.
    people.update_beneficiary(world.users["facilitateur_territoire"], person,
                              version=person.version, criteria=["rsa", "residant_qpv"])
    person.refresh_from_db()
    assert not person.qpv_resident and "residant_qpv" not in people.criteria_of(person)


def test_a_change_of_criteria_withdraws_the_validation(world):
    people.update_beneficiary(world.users["facilitateur_territoire"], world.beneficiary,
                              version=world.beneficiary.version, criteria=["ass"])
    world.beneficiary.refresh_from_db()
    assert not world.beneficiary.eligibility_validated


def test_a_running_placement_is_not_counted_as_ended(world):
    today = timezone.localdate()
    period = Period.year(today.year)
    running = PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                               starts_on=datetime.date(today.year, 1, 5),
                               ends_on=datetime.date(today.year, 12, 31))
    ended = PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                             starts_on=datetime.date(today.year, 1, 5),
                             ends_on=datetime.date(today.year, 1, 31))
    scope = find_scope("marche", world.market.pk, period)
    ids = set(ended_placements(scope, today=datetime.date(today.year, 6, 1))
              .values_list("pk", flat=True))

    assert ended.pk in ids and running.pk not in ids
