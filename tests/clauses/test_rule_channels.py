"""Every rule, tried through every channel that exposes its operation: each refuses with
the same French reason and writes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clauses.models import HoursDeclaration, Outcome, Placement
from tests.clauses.channels import (
    CHANGING_PLACEMENT_CHANNELS,
    DECLARING_CHANNELS,
    OUTCOME_CHANNELS,
    PLACING_CHANNELS,
)
from tests.clauses.factories import BeneficiaryFactory, ContractorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _month_after_today(months: int) -> str:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@pytest.fixture(params=list(DECLARING_CHANNELS))
def declare(request):
    return DECLARING_CHANNELS[request.param]


@pytest.mark.parametrize(("month", "hours", "reason"), [
    # The clause runs through 2025; the placement started in January 2025.
    ("2026-01", "35", "en dehors de la période de la clause"),
    ("2024-12", "35", "en dehors des dates du placement"),
    (_month_after_today(2), "35", "mois à venir"),
    ("2025-03", "251", "Plus de 250 heures"),
    ("2025-03", "-3", "négatif"),
])
def test_hours_refused_alike_by_every_channel(client, world, declare, month, hours, reason):
    before = HoursDeclaration.objects.count()

    answer = declare(client, world.users["facilitateur_territoire"], world.placement, month,
                     hours)

    assert answer.refused
    assert reason in answer.text
    assert HoursDeclaration.objects.count() == before


@pytest.mark.parametrize("channel", ["écran membre", "administration", "API"])
def test_a_second_declaration_of_a_month_is_refused(client, world, channel):
    month = f"{world.declaration.month:%Y-%m}"

    answer = DECLARING_CHANNELS[channel](
        client, world.users["facilitateur_territoire"], world.placement, month, "10"
    )

    assert answer.refused
    assert "déjà déclarées" in answer.text
    world.declaration.refresh_from_db()
    assert world.declaration.hours_worked != 10


def test_a_co_territory_declares_nothing_for_the_lead_s_people(client, world, declare):
    """Nevers is a co-territory of the market: it sees it, but the person placed is
    followed by Dijon."""
    world.market.territories.add(world.nevers)
    before = HoursDeclaration.objects.count()

    answer = declare(client, world.users["facilitateur_autre_territoire"], world.placement,
                     "2025-03", "35")

    assert answer.refused
    assert HoursDeclaration.objects.count() == before


def test_a_buyer_declares_nothing(client, world, declare):
    before = HoursDeclaration.objects.count()

    answer = declare(client, world.users["referent_acheteur"], world.placement, "2025-03", "35")

    assert answer.refused
    assert HoursDeclaration.objects.count() == before


@pytest.fixture(params=list(PLACING_CHANNELS))
def place(request):
    return PLACING_CHANNELS[request.param]


def _placement_data(world, person, **changes):
    data = {
        "beneficiary": person.pk, "clause": world.clause.pk,
        "employer": ContractorFactory(kind="siae_etti").pk, "modality": "mise_a_disposition",
        "contract_type": "interim", "rome_code": "F1702", "job_label": "Manœuvre",
        "starts_on": "2025-03-01", "ends_on": "2025-05-31",
    }
    data.update(changes)
    return data


def test_a_placement_needs_a_validated_eligibility(client, world, place):
    person = BeneficiaryFactory(territory=world.dijon, unvalidated=True)

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person))

    assert answer.refused
    assert "n'a pas été validée" in answer.text
    assert not Placement.objects.filter(beneficiary=person).exists()


def test_a_justified_derogation_opens_a_placement(client, world, place):
    person = BeneficiaryFactory(
        territory=world.dijon, unvalidated=True, criteria=[], derogation=True,
        derogation_justification="Très éloignée de l'emploi.",
        prescriber_opinion="Avis favorable de la mission locale.",
    )

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person))

    assert not answer.refused, answer.text
    assert Placement.objects.filter(beneficiary=person).exists()


def _validated_until(world, end: datetime.date):
    """Someone whose validation of eligibility (two years) ended on `end`."""
    validated_at = timezone.make_aware(datetime.datetime(end.year - 2, end.month, end.day, 10))
    return BeneficiaryFactory(territory=world.dijon, eligibility_validated_at=validated_at,
                              eligibility_valid_until=end)


def test_an_expired_eligibility_refuses_a_placement(client, world, place):
    person = _validated_until(world, datetime.date(2025, 2, 28))

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person, starts_on="2025-03-01"))

    assert answer.refused
    assert ("L'éligibilité de " + person.pseudonym + " a expiré le 28/02/2025, une nouvelle "
            "validation est nécessaire") in answer.text
    assert not Placement.objects.filter(beneficiary=person).exists()


def test_a_placement_starting_on_the_last_valid_day_opens(client, world, place):
    person = _validated_until(world, datetime.date(2025, 3, 1))

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person, starts_on="2025-03-01"))

    assert not answer.refused, answer.text
    assert Placement.objects.filter(beneficiary=person).exists()


def test_a_new_validation_lets_the_placement_open(client, world, place):
    person = _validated_until(world, datetime.date(2025, 2, 28))
    facilitator = world.users["facilitateur_territoire"]
    client.force_login(facilitator)

    client.post(reverse("clauses:beneficiary_validate", args=[person.pseudonym]),
                {"version": person.version})
    answer = place(client, facilitator, world.market,
                   **_placement_data(world, person, starts_on="2025-03-01"))

    assert not answer.refused, answer.text
    person.refresh_from_db()
    assert person.eligibility_valid_until > timezone.localdate()
    assert Placement.objects.filter(beneficiary=person).exists()


@pytest.mark.parametrize("channel", list(CHANGING_PLACEMENT_CHANNELS))
def test_a_start_moved_past_the_validity_is_refused(client, world, channel):
    person = _validated_until(world, datetime.date(2025, 4, 30))
    placement = PlacementFactory(clause=world.clause, beneficiary=person,
                                 starts_on=datetime.date(2025, 3, 3))

    answer = CHANGING_PLACEMENT_CHANNELS[channel](
        client, world.users["facilitateur_territoire"], placement, starts_on="2025-05-05"
    )

    assert answer.refused
    assert f"L'éligibilité de {person.pseudonym} a expiré le 30/04/2025" in answer.text
    placement.refresh_from_db()
    assert placement.starts_on == datetime.date(2025, 3, 3)


@pytest.mark.parametrize("channel", list(CHANGING_PLACEMENT_CHANNELS))
def test_other_corrections_of_a_placement_begun_in_time_are_not_blocked(client, world,
                                                                         channel):
    """The validity is read at the start: closing a placement that began while the
    validation held is not refused once it has ended."""
    person = _validated_until(world, datetime.date(2025, 4, 30))
    placement = PlacementFactory(clause=world.clause, beneficiary=person,
                                 starts_on=datetime.date(2025, 3, 3))

    answer = CHANGING_PLACEMENT_CHANNELS[channel](
        client, world.users["facilitateur_territoire"], placement, ends_on="2025-09-30"
    )

    assert not answer.refused, answer.text
    placement.refresh_from_db()
    assert placement.ends_on == datetime.date(2025, 9, 30)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"starts_on": "2024-11-04"}, "avant la période de la clause"),
    ({"ends_on": "2026-03-31"}, "après la période de la clause"),
    ({"ends_on": "2025-02-01"}, "précède son début"),
])
def test_a_placement_stays_within_its_clause(client, world, place, changes, reason):
    person = BeneficiaryFactory(territory=world.dijon)

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person, **changes))

    assert answer.refused
    assert reason in answer.text
    assert not Placement.objects.filter(beneficiary=person).exists()


def test_a_placement_opens_on_a_market_in_execution_only(client, world, place):
    world.market.status = "attribue"
    world.market.save()
    person = BeneficiaryFactory(territory=world.dijon)

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person))

    assert answer.refused
    assert "marché en exécution" in answer.text


def test_age_criteria_hold_at_the_placement_s_start(client, world, place):
    person = BeneficiaryFactory(territory=world.dijon, birth_date=datetime.date(1990, 5, 17),
                                criteria=["jeune_moins_26_peu_qualifie"])

    answer = place(client, world.users["facilitateur_territoire"], world.market,
                   **_placement_data(world, person))

    assert answer.refused
    assert "moins de 26 ans" in answer.text


def test_a_co_territory_places_nobody_of_the_lead(client, world, place):
    world.market.territories.add(world.nevers)
    person = BeneficiaryFactory(territory=world.dijon)

    answer = place(client, world.users["facilitateur_autre_territoire"], world.market,
                   **_placement_data(world, person))

    assert answer.refused
    assert not Placement.objects.filter(beneficiary=person).exists()


@pytest.fixture(params=list(OUTCOME_CHANNELS))
def record(request):
    return OUTCOME_CHANNELS[request.param]


def test_the_end_outcome_waits_for_the_end(client, world, record):
    running = PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                               starts_on=datetime.date(2025, 6, 2), ends_on=None)

    answer = record(client, world.users["facilitateur_territoire"], running,
                    moment="fin", category="cdi", observed_on="2025-07-01")

    assert answer.refused
    assert "une fois le placement terminé" in answer.text
    assert not Outcome.objects.filter(placement=running).exists()


def test_the_six_month_outcome_waits_five_months(client, world, record):
    ended = PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                             starts_on=datetime.date(2025, 6, 2),
                             ends_on=timezone.localdate() - datetime.timedelta(days=60))

    answer = record(client, world.users["facilitateur_territoire"], ended,
                    moment="six_mois", category="cdi",
                    observed_on=f"{timezone.localdate():%Y-%m-%d}")

    assert answer.refused
    assert "à partir du" in answer.text
    assert not Outcome.objects.filter(placement=ended).exists()
