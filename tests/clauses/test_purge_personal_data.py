"""Personal data over time: the purge after the retention period, the right-of-access
export, and who may export whom."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from clauses import progress
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.scopes import Period, find_scope
from clauses.enums import AuditAction, EligibilityCriterion, OutcomeCategory, Sex
from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    HoursDeclaration,
    Market,
    Outcome,
    PersonalDataLog,
    Placement,
)
from clauses.personal_data import blurred_birth_date, purge
from tests.clauses.factories import (
    BeneficiaryFactory,
    HoursDeclarationFactory,
    OutcomeFactory,
    PlacementFactory,
)

LONG_AGO = timezone.make_aware(datetime.datetime(2019, 12, 31, 12))


def _old_person(world, birth, last_name, sex=Sex.FEMALE):
    """Someone placed in 2019 on the world's clause, with hours and an outcome, untouched since."""
    person = BeneficiaryFactory(
        territory=world.dijon, last_name=last_name, first_name="Ancienne", birth_date=birth,
        sex=sex, postal_code="21000", commune="Dijon", qpv_resident=True,
        notes="Suivie par Mme X.", criteria=[EligibilityCriterion.RSA, EligibilityCriterion.QPV],
    )
    placement = PlacementFactory(clause=world.clause, beneficiary=person,
                                 starts_on=datetime.date(2019, 3, 4),
                                 ends_on=datetime.date(2019, 9, 30))
    for month in (3, 4, 5):
        HoursDeclarationFactory(placement=placement, month=datetime.date(2019, month, 1),
                                hours_worked=Decimal("100.5"), training_hours=Decimal("7"))
    OutcomeFactory(placement=placement, category=OutcomeCategory.CDI,
                   observed_on=datetime.date(2019, 9, 30))
    Beneficiary.objects.filter(pk=person.pk).update(updated_at=LONG_AGO)
    HoursDeclaration.objects.filter(placement=placement).update(updated_at=LONG_AGO)
    person.refresh_from_db()
    return person


@pytest.fixture
def old_people(world):
    # Turns 26 on 1993-05-20 + 26 = 2019-05-20: after the placement's start, so the
    # blurred birth date must keep her under 26 at that start.
    young = _old_person(world, datetime.date(1993, 5, 20), "Jeunesse")
    older = _old_person(world, datetime.date(1968, 11, 2), "Aînée", sex=Sex.MALE)
    return young, older


def _totals():
    """Every count and sum the reports are made of."""
    return {
        "markets": list(progress.with_market_totals(Market.objects.order_by("pk")).values_list(
            "pk", "required_hours_total", "done_hours_total")),
        "people": Beneficiary.objects.count(),
        "placements": Placement.objects.count(),
        "hours": HoursDeclaration.objects.aggregate(n=Count("pk"), w=Sum("hours_worked"),
                                                    t=Sum("training_hours")),
        "outcomes": list(Outcome.objects.values("category").annotate(n=Count("pk"))
                         .order_by("category")),
        "criteria": list(BeneficiaryCriterion.objects.values("criterion")
                         .annotate(n=Count("pk")).order_by("criterion")),
        "typology": list(Beneficiary.objects.values("sex", "diploma_level", "qpv_resident",
                                                    "territory").annotate(n=Count("pk"))
                         .order_by("sex", "diploma_level", "qpv_resident", "territory")),
        "bilan_2019": compute_bilan(find_scope("national", None, Period.year(2019))),
        "bilan_2025": compute_bilan(find_scope("national", None, Period.year(2025))),
    }


def test_purge_anonymises_inactive_people_and_keeps_every_total(world, old_people):
    young, older = old_people
    before = _totals()
    assert before["bilan_2019"] != compute_bilan(find_scope("national", None, Period.year(2018)))

    assert purge() == 2

    assert _totals() == before
    young.refresh_from_db()
    assert (young.last_name, young.first_name, young.postal_code, young.commune,
            young.notes) == ("", "", "", "", "")
    assert young.birth_date == datetime.date(1993, 5, 1)  # 1 January would make her 26
    assert young.anonymised_at is not None
    assert (young.sex, young.qpv_resident) == (Sex.FEMALE, True)
    assert young.pseudonym.startswith("B-")
    older.refresh_from_db()
    assert older.birth_date == datetime.date(1968, 1, 1)
    # Someone still placed (the world's beneficiary) keeps everything.
    world.beneficiary.refresh_from_db()
    assert world.beneficiary.last_name == "Testelin"
    assert world.beneficiary.anonymised_at is None


def test_purge_is_logged_and_runs_once(world, old_people):
    purge()

    entries = PersonalDataLog.objects.filter(action=AuditAction.ANONYMISE)
    assert sorted(e.pseudonym for e in entries) == sorted(p.pseudonym for p in old_people)
    assert "last_name" in entries[0].fields
    assert purge() == 0


def test_recent_activity_keeps_the_data(world, old_people):
    young, _ = old_people
    HoursDeclaration.objects.filter(placement__beneficiary=young).update(
        updated_at=timezone.now()
    )

    assert purge() == 1
    young.refresh_from_db()
    assert young.last_name == "Jeunesse"


def test_the_retention_period_comes_from_the_setting(world, old_people, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 20

    assert purge() == 0


def test_purge_command_and_its_simulation(world, old_people, capsys):
    call_command("purge_personal_data", "--simulation")
    assert "Simulation : 2 bénéficiaire(s) seraient anonymisé(s)" in capsys.readouterr().out
    assert Beneficiary.objects.filter(anonymised_at__isnull=False).count() == 0

    call_command("purge_personal_data")
    assert "2 bénéficiaire(s) anonymisé(s)" in capsys.readouterr().out
    assert Beneficiary.objects.filter(anonymised_at__isnull=False).count() == 2


@pytest.mark.parametrize(("birth", "starts", "expected"), [
    (datetime.date(1990, 7, 14), [datetime.date(2019, 3, 1)], datetime.date(1990, 1, 1)),
    (datetime.date(1993, 5, 20), [datetime.date(2019, 3, 4)], datetime.date(1993, 5, 1)),
    (datetime.date(1993, 5, 20), [datetime.date(2019, 5, 10)], datetime.date(1993, 5, 20)),
    (datetime.date(1969, 6, 30), [datetime.date(2019, 5, 20), datetime.date(2016, 1, 1)],
     datetime.date(1969, 6, 1)),
])
def test_birth_dates_are_blurred_without_changing_an_age_band(birth, starts, expected):
    assert blurred_birth_date(birth, starts) == expected


# --- Right of access -------------------------------------------------------------------


def _export_url(beneficiary):
    return f"/espace/beneficiaires/{beneficiary.pseudonym}/donnees-personnelles.json"


def test_a_facilitator_exports_everything_about_one_person(client, world):
    facilitator = world.users["facilitateur_territoire"]
    client.force_login(facilitator)

    response = client.get(_export_url(world.beneficiary))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="donnees-personnelles-{world.beneficiary.pseudonym}.json"'
    )
    data = json.loads(response.content)
    person = data["beneficiaire"]
    assert (person["nom"], person["prenom"]) == ("Testelin", "Aurore")
    assert person["date_de_naissance"] == "1990-05-17"
    assert person["criteres_d_eligibilite"] == ["Allocataire du RSA"]
    assert data["exporte_par"] == facilitator.username
    [placement] = data["placements"]
    assert placement["marche"] == world.market.reference
    assert placement["heures"] == [{
        "mois": "2025-02", "heures_travaillees": "120.00", "heures_de_formation": "0.00",
        "marche_credite": world.market.reference,
    }]
    log = PersonalDataLog.objects.get(action=AuditAction.EXPORT)
    assert (log.user, log.beneficiary) == (facilitator, world.beneficiary)


def test_the_export_lists_who_accessed_the_data(client, world):
    client.force_login(world.users["coordinateur"])
    client.get(_export_url(world.beneficiary))

    data = json.loads(client.get(_export_url(world.beneficiary)).content)

    assert [(e["action"], e["par"]) for e in data["journal_des_acces"]] == [
        ("Export", "coordination"),
    ]


EXPORT_STATUS = {
    "facilitateur_territoire": 200,
    "facilitateur_autre_territoire": 404,
    "coordinateur": 200,
    "referent_acheteur": 404,
    "referent_autre_acheteur": 404,
    "membre": 404,
    "anonyme": 302,
}


@pytest.mark.parametrize("role", EXPORT_STATUS)
def test_who_may_export_a_persons_data(client, world, role):
    if role != "anonyme":
        client.force_login(world.users[role])

    response = client.get(_export_url(world.beneficiary))

    assert response.status_code == EXPORT_STATUS[role]
    exported = PersonalDataLog.objects.filter(action=AuditAction.EXPORT).exists()
    assert exported == (response.status_code == 200)
    if response.status_code != 200:
        assert b"Testelin" not in response.content
