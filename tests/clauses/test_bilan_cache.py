"""/espace/bilans/ keeps each scope's bilan in the cache: a second reading is fewer
queries, any change of what the bilan counts shows on the next reading, and the
statistical secrecy stays decided reader by reader."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clauses.bilans import cache as bilan_cache
from clauses.bilans import figures
from clauses.enums import EligibilityCriterion, MarketStatus
from clauses.models import BeneficiaryCriterion, HoursDeclaration, Outcome
from tests.clauses.bilan_factories import build_dataset
from tests.clauses.factories import (
    BeneficiaryFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import (
    NetworkFactory,
    TerritoryFactory,
    administrator,
    facilitator_of,
)

pytestmark = pytest.mark.django_db
URL = "/espace/bilans/"
NATIONAL = {"annee": "2024", "perimetre": "national"}


@pytest.fixture
def data():
    return build_dataset()


@pytest.fixture
def admin_client(client):
    client.force_login(administrator())
    return client


def bilan(client, params=NATIONAL) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context["bilan"]


def test_a_second_reading_comes_from_the_cache(admin_client, data):
    bilan(admin_client)  # the account's first page makes its Wagtail profile

    bilan_cache.changed()
    with CaptureQueriesContext(connection) as first:
        computed = bilan(admin_client)
    with CaptureQueriesContext(connection) as second:
        cached = bilan(admin_client)

    assert cached == computed
    assert len(second) <= len(first) - 6


def test_a_new_declaration_shows_at_once(admin_client, data):
    before = bilan(admin_client)
    person = BeneficiaryFactory(territory=data.t1, criteria=[])
    placement = PlacementFactory(clause=data.clauses["C1a"], beneficiary=person,
                                 starts_on=datetime.date(2024, 3, 1))
    HoursDeclarationFactory(placement=placement, month=datetime.date(2024, 3, 1),
                            hours_worked=Decimal("35"))

    after = bilan(admin_client)

    assert after["personnes"]["total"] == before["personnes"]["total"] + 1
    assert after["heures_realisees"]["travaillees"] == (
        before["heures_realisees"]["travaillees"] + Decimal("35")
    )


def test_hours_written_without_signals_show_once_the_figures_are_refreshed(admin_client, data):
    before = bilan(admin_client)
    placement = data.placements["PL1"]
    # The hours import's upsert: a queryset write, then the figures' refresh.
    HoursDeclaration.objects.filter(placement=placement, month__year=2024).update(
        hours_worked=Decimal("0")
    )
    figures.refresh({placement.pk})

    after = bilan(admin_client)

    assert after["heures_realisees"]["travaillees"] < before["heures_realisees"]["travaillees"]


def test_a_market_that_stops_counting_shows_at_once(admin_client, data):
    before = bilan(admin_client)
    market = data.markets["M2"]
    market.status = MarketStatus.ABANDONED
    market.execution_starts_on = None
    market.save()
    HoursDeclaration.objects.filter(credited_clause__market=market).delete()

    after = bilan(admin_client)

    assert after["marches_avec_clause"]["total"] == before["marches_avec_clause"]["total"] - 1


def test_a_person_s_criterion_and_outcome_show_at_once(admin_client, data):
    before = bilan(admin_client)
    person = data.people["P1"]
    for criterion in BeneficiaryCriterion.objects.filter(beneficiary=person):
        criterion.delete()
    BeneficiaryCriterion.objects.create(beneficiary=person, criterion=EligibilityCriterion.RQTH)
    for outcome in Outcome.objects.filter(placement=data.placements["PL1"]):
        outcome.delete()

    after = bilan(admin_client)

    def people(result, code):
        rows = result["typologie_beneficiaires"]["par_critere"]
        return next(row["personnes"] for row in rows if row["code"] == code)

    def unknown_outcomes(result):
        return result["situations"]["a_la_fin"][-1]["sorties"]

    assert people(after, EligibilityCriterion.RQTH) == people(before, EligibilityCriterion.RQTH) + 1
    assert unknown_outcomes(after) == unknown_outcomes(before) + 1


def test_one_cached_bilan_keeps_the_secrecy_of_each_reader(client, world):
    """The facilitator of the person's territory reads the breakdown of a one-person
    market; its buyer, reading the same bilan from the cache just after, does not."""
    params = {"annee": "2025", "perimetre": f"marche:{world.market.pk}"}
    BeneficiaryCriterion.objects.create(beneficiary=world.beneficiary,
                                        criterion=EligibilityCriterion.RQTH)

    client.force_login(world.users["facilitateur_territoire"])
    facilitator = html.unescape(client.get(URL, params).content.decode())
    client.force_login(world.users["referent_acheteur"])
    buyer = html.unescape(client.get(URL, params).content.decode())

    assert "Travailleur handicapé (RQTH)" in facilitator
    assert "Secret statistique" not in facilitator
    assert "Secret statistique : moins de 5 personnes" in buyer
    assert "Travailleur handicapé (RQTH)" not in buyer


def test_the_buyer_s_cached_tables_never_reach_the_facilitator(client, world):
    """The tables are kept once rendered: the buyer's, secrecy applied, are not those
    the facilitator reads just after, and a new person shows in both at once."""
    params = {"annee": "2025", "perimetre": f"marche:{world.market.pk}"}
    BeneficiaryCriterion.objects.create(beneficiary=world.beneficiary,
                                        criterion=EligibilityCriterion.RQTH)

    def page(user) -> str:
        client.force_login(user)
        return html.unescape(client.get(URL, params).content.decode())

    buyer = page(world.users["referent_acheteur"])
    facilitator = page(world.users["facilitateur_territoire"])
    assert "Secret statistique : moins de 5 personnes" in buyer
    assert "Travailleur handicapé (RQTH)" not in buyer
    assert "Travailleur handicapé (RQTH)" in facilitator
    assert "Secret statistique" not in facilitator

    person = BeneficiaryFactory(territory=world.dijon, criteria=[])
    placement = PlacementFactory(clause=world.clause, beneficiary=person,
                                 starts_on=datetime.date(2025, 2, 1))
    HoursDeclarationFactory(placement=placement, month=datetime.date(2025, 2, 1),
                            hours_worked=Decimal("35"))
    after = page(world.users["referent_acheteur"])
    assert people_shown(after) == people_shown(buyer) + 1 == 2


def people_shown(page: str) -> int:
    found = re.search(r'data-indicator="personnes".*?data-code="total" data-value="(\d+)"',
                      page, re.DOTALL)
    return int(found.group(1))


def choices(client) -> set[str]:
    response = client.get(URL)
    assert response.status_code == 200
    return {scope.key for group in response.context["selection"].groups
            for scope in group.scopes}


def test_the_scopes_offered_come_from_the_cache_and_follow_the_rows(client, world):
    """A coordinator's second page reads its choices from the cache; a territory added
    to the network and a renamed network show on the next one, and so does a company
    that starts buying, for its referent."""
    client.force_login(world.users["coordinateur"])
    first = choices(client)
    with CaptureQueriesContext(connection) as queries:
        assert choices(client) == first
    assert not any('"network_territory"' in q["sql"] and "ORDER BY" in q["sql"]
                   for q in queries.captured_queries)

    TerritoryFactory(name="Auxerrois", slug="t-auxerre", network=world.network)
    world.network.acronym = "PLIE-B"
    world.network.save()

    assert "territoire:t-auxerre" in choices(client)
    response = client.get(URL)
    assert "Réseau : PLIE-B" in html.unescape(response.content.decode())

    company = world.clause.lot.contractor
    client.force_login(world.users["referent_entreprise"])
    assert f"acheteur:{company.pk}" not in choices(client)
    MarketFactory(buyer=company, lead_territory=world.nevers, status=MarketStatus.IN_EXECUTION)
    assert f"acheteur:{company.pk}" in choices(client)


def test_the_scopes_offered_follow_the_reader_s_roles_at_once(client, world):
    """A role given or taken away changes the choices on the next page, and two readers
    with different roles never share them."""
    coordinator = world.users["coordinateur"]
    client.force_login(coordinator)
    assert f"reseau:{world.network.slug}" in choices(client)

    client.force_login(world.users["facilitateur_autre_territoire"])
    facilitator = choices(client)
    assert f"reseau:{world.network.slug}" not in facilitator
    assert "territoire:t-dijon" not in facilitator

    elsewhere = TerritoryFactory(name="Ailleurs", slug="t-ailleurs", network=NetworkFactory())
    facilitator_of(elsewhere, user=coordinator)
    client.force_login(coordinator)
    assert "territoire:t-ailleurs" in choices(client)

    coordinator.groups.remove(world.network.coordinators_group)
    after = choices(client)
    assert f"reseau:{world.network.slug}" not in after
    assert "territoire:t-dijon" not in after


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_generation_moves_again_once_the_write_commits():
    """Another request may compute the bilan between the write and its commit, from the
    rows as they were: the commit makes that entry stale too."""
    with transaction.atomic():
        declaration = HoursDeclarationFactory()
        for month in (3, 4):
            HoursDeclarationFactory(placement=declaration.placement,
                                    month=datetime.date(2025, month, 1))
        during = bilan_cache.generation()

    assert bilan_cache.generation() > during
