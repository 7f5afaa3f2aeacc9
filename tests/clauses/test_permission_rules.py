"""The market actions of the rule table (network.permissions): DELETE and CHANGE_LEAD on
a market, DECLARE on placements, hours and outcomes; the facilitators a market may be
given; and the 404 or 403 of a refusal on the world's market."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from clauses.models import HoursDeclaration, Market, Outcome, Placement
from network import permissions
from network.permissions import Action
from tests.clauses.factories import (
    BeneficiaryFactory,
    HoursDeclarationFactory,
    OutcomeFactory,
    PlacementFactory,
)
from tests.network.factories import (
    ConventionFactory,
    NetworkFactory,
    TerritoryFactory,
    administrator,
    coordinator_of,
    facilitator_of,
)

pytestmark = pytest.mark.django_db

ROLES = ["facilitateur_territoire", "facilitateur_autre_territoire", "coordinateur",
         "referent_acheteur", "referent_autre_acheteur", "membre"]


def _opened(user, action, obj) -> bool:
    """The object check, and the SQL filter, which must agree."""
    allowed = permissions.has_permission(user, action, obj)
    listed = permissions.filter_queryset(
        user, action, type(obj).objects.filter(pk=obj.pk)
    ).exists()
    assert allowed == listed
    return allowed


@pytest.fixture
def co_led(world):
    """The world's market also concerns Nevers, and a network outside it."""
    world.market.territories.add(world.nevers)
    elsewhere = TerritoryFactory(network=NetworkFactory())
    world.market.territories.add(elsewhere)
    world.users["coordinateur_ailleurs"] = coordinator_of(elsewhere.network)
    return world


# --- DELETE and CHANGE_LEAD: the lead territory only --------------------------------


LEAD = {
    "facilitateur_territoire": True,
    "facilitateur_autre_territoire": False,  # a co-territory's facilitator
    "coordinateur": True,  # the lead territory's network
    "coordinateur_ailleurs": False,  # a co-territory's network
    "referent_acheteur": False,
    "referent_autre_acheteur": False,
    "membre": False,
}


@pytest.mark.parametrize("action", [Action.DELETE, Action.CHANGE_LEAD])
@pytest.mark.parametrize("role", LEAD)
def test_only_the_lead_territory_deletes_a_market_or_hands_it_over(co_led, action, role):
    user = co_led.users[role]

    assert _opened(user, action, co_led.market) == LEAD[role]


@pytest.mark.parametrize("role", ["facilitateur_autre_territoire", "coordinateur_ailleurs"])
def test_a_co_territory_sees_the_market_but_neither_changes_nor_leads_it(co_led, role):
    user = co_led.users[role]

    assert _opened(user, Action.VIEW, co_led.market)
    assert not _opened(user, Action.CHANGE, co_led.market)
    assert not _opened(user, Action.CHANGE_LEAD, co_led.market)


def test_a_buyer_sees_its_market_and_neither_deletes_nor_hands_it_over(world):
    buyer = world.users["referent_acheteur"]

    assert _opened(buyer, Action.VIEW, world.market)
    assert not permissions.has_any_anchor(buyer, Action.DELETE, Market)
    assert not permissions.has_any_anchor(buyer, Action.CHANGE_LEAD, Market)


def test_administrators_delete_any_market(world):
    assert _opened(administrator(), Action.DELETE, world.market)


def test_a_lots_deletion_stays_with_whoever_changes_the_market(co_led):
    lot = co_led.clause.lot

    assert _opened(co_led.users["facilitateur_territoire"], Action.DELETE, lot)
    assert not _opened(co_led.users["facilitateur_autre_territoire"], Action.DELETE, lot)
    assert not _opened(co_led.users["referent_acheteur"], Action.DELETE, lot)


def test_the_admin_refuses_a_co_territory_the_deletion_of_a_market_it_sees(client, co_led):
    client.force_login(co_led.users["facilitateur_autre_territoire"])
    url = f"/admin/marches/delete/{co_led.market.pk}/"

    # Wagtail answers a refusal (403) with the dashboard and a message.
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Market.objects.filter(pk=co_led.market.pk).exists()
    client.force_login(co_led.users["facilitateur_territoire"])
    assert client.get(url).status_code == 200


# --- DECLARE: the person's territory, on a market one sees -----------------------------


@pytest.fixture
def from_nevers(world):
    """A person of Nevers placed on the world's (Dijon) market."""
    stranger = BeneficiaryFactory(territory=world.nevers)
    placement = PlacementFactory(clause=world.clause, beneficiary=stranger)
    return {
        Placement: placement,
        HoursDeclaration: HoursDeclarationFactory(placement=placement),
        Outcome: OutcomeFactory(placement=placement),
    }


DECLARE_OWN = {
    "facilitateur_territoire": True,
    "facilitateur_autre_territoire": False,  # does not see the market
    "coordinateur": True,
    "referent_acheteur": False,  # sees the market, never the person
    "referent_autre_acheteur": False,
    "membre": False,
}


@pytest.mark.parametrize("role", ROLES)
def test_hours_placements_and_outcomes_are_declared_by_the_persons_facilitators(world, role):
    user = world.users[role]
    outcome = OutcomeFactory(placement=world.placement)

    for obj in (world.placement, world.declaration, outcome):
        assert _opened(user, Action.DECLARE, obj) == DECLARE_OWN[role], obj


def test_a_person_of_another_territory_is_declared_by_that_territory_once_it_sees_the_market(
    world, from_nevers
):
    dijon = world.users["facilitateur_territoire"]
    nevers = world.users["facilitateur_autre_territoire"]

    for obj in from_nevers.values():
        # Dijon leads the market but does not see this person's data: it declares and
        # changes nothing of theirs.
        assert not _opened(dijon, Action.CHANGE, obj)
        assert not _opened(dijon, Action.DECLARE, obj)
        assert not _opened(nevers, Action.DECLARE, obj)
    world.market.territories.add(world.nevers)
    for obj in from_nevers.values():
        assert _opened(nevers, Action.DECLARE, obj)
        assert _opened(world.users["coordinateur"], Action.DECLARE, obj)


def test_declare_lists_in_the_database_what_it_opens(world, from_nevers):
    dijon = world.users["facilitateur_territoire"]

    declarable = permissions.filter_queryset(dijon, Action.DECLARE, Placement.objects.all())

    assert list(declarable) == [world.placement]
    assert permissions.has_any_anchor(dijon, Action.DECLARE, Placement)
    assert not permissions.has_any_anchor(world.users["referent_acheteur"], Action.DECLARE,
                                          Placement)


# --- Refusals on the world's market ------------------------------------------------------


def test_a_market_is_not_found_by_whom_may_not_see_it_and_forbidden_to_whom_sees_it(world):
    markets = Market.objects.all()

    assert permissions.get_for(
        world.users["facilitateur_territoire"], Action.CHANGE, markets, pk=world.market.pk
    ) == world.market
    with pytest.raises(PermissionDenied):
        permissions.get_for(world.users["referent_acheteur"], Action.CHANGE, markets,
                            pk=world.market.pk)
    for role in ("facilitateur_autre_territoire", "referent_autre_acheteur", "membre"):
        with pytest.raises(Http404):
            permissions.get_for(world.users[role], Action.CHANGE, markets, pk=world.market.pk)


def test_what_one_may_do_is_fetched_in_one_query_and_a_refusal_costs_one_more(
    world, django_assert_num_queries, django_assert_max_num_queries
):
    facilitator, buyer = world.users["facilitateur_territoire"], world.users["referent_acheteur"]
    for user in (facilitator, buyer):
        permissions.has_any_anchor(user, Action.VIEW, Market)  # reads the grants

    with django_assert_num_queries(1):
        permissions.get_for(facilitator, Action.CHANGE, Market.objects.all(), pk=world.market.pk)
    with django_assert_max_num_queries(2), pytest.raises(PermissionDenied):
        permissions.get_for(buyer, Action.CHANGE, Market.objects.all(), pk=world.market.pk)


# --- Who may be put in charge of a market -----------------------------------------------


def test_the_facilitators_offered_for_a_market_are_those_of_the_users_territories(world):
    dijon = world.users["facilitateur_territoire"]
    colleague = facilitator_of(world.dijon)
    world.market.facilitator = facilitator_of(TerritoryFactory())
    world.market.save()

    offered = set(permissions.assignable_facilitators(dijon, world.market))

    assert {dijon, colleague, world.users["coordinateur"], world.market.facilitator} <= offered
    assert world.users["facilitateur_autre_territoire"] not in offered
    assert world.users["referent_acheteur"] not in offered


def test_the_conventions_of_a_persons_territories_concern_them(world):
    ours = ConventionFactory(ends_on=datetime.date(2030, 1, 1))
    ours.territories.add(world.dijon)
    theirs = ConventionFactory(ends_on=datetime.date(2030, 1, 1))
    theirs.territories.add(TerritoryFactory())
    conventions = type(ours).objects.all()

    assert set(permissions.followed_conventions(world.users["facilitateur_territoire"],
                                                conventions)) == {ours}
    assert set(permissions.followed_conventions(administrator(), conventions)) == {ours, theirs}
    assert not permissions.followed_conventions(world.users["membre"], conventions).exists()
