"""A person's grants are kept in the shared cache between requests: a role given or
taken away, a territory moved to another network, a group deleted still apply at the
next request."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm

from network import groups, roles
from network.enums import Role
from network.permissions import roles_of
from network.permissions.grants import grants_for
from tests.network.factories import (
    NetworkFactory,
    TerritoryFactory,
    UserFactory,
    coordinator_of,
    facilitator_of,
)

pytestmark = pytest.mark.django_db


def _next_request(user):
    """The person as the next request loads them (nothing kept on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def roles_of_next(user):
    return roles_of(_next_request(user))


def test_grants_are_read_once_then_kept(django_assert_num_queries):
    territory = TerritoryFactory()
    user = facilitator_of(territory)
    assert territory.pk in grants_for(_next_request(user)).followed_territories
    again = _next_request(user)
    with django_assert_num_queries(0):
        assert territory.pk in grants_for(again).followed_territories


def test_a_role_taken_away_applies_at_the_next_request():
    network = NetworkFactory()
    user = coordinator_of(network)
    assert Role.REGIONAL_COORDINATOR in roles_of_next(user)
    user.groups.remove(network.coordinators_group)
    assert Role.REGIONAL_COORDINATOR not in roles_of_next(user)


def test_a_role_given_applies_at_the_next_request():
    territory = TerritoryFactory()
    user = UserFactory()
    assert not grants_for(_next_request(user)).followed_territories
    roles.make_facilitator(user, territory)
    assert territory.pk in grants_for(_next_request(user)).followed_territories


def test_a_group_emptied_from_its_side_applies_at_the_next_request():
    territory = TerritoryFactory()
    user = facilitator_of(territory)
    assert territory.pk in grants_for(_next_request(user)).followed_territories
    territory.facilitators_group.user_set.clear()
    assert not grants_for(_next_request(user)).followed_territories


def test_a_territory_moved_into_a_network_reaches_its_coordinators_at_once():
    # The territory's permissions are written in bulk (network/groups.py), without
    # model signals.
    network, elsewhere = NetworkFactory(), NetworkFactory()
    territory = TerritoryFactory(network=elsewhere)
    user = coordinator_of(network)
    assert territory.pk not in grants_for(_next_request(user)).followed_territories
    territory.network = network
    territory.save()
    assert territory.pk in grants_for(_next_request(user)).followed_territories
    territory.network = elsewhere
    territory.save()
    assert territory.pk not in grants_for(_next_request(user)).followed_territories


def test_permissions_written_in_bulk_apply_at_the_next_request():
    # network/groups.py writes the groups' permissions with bulk_create: no model signal.
    territory = TerritoryFactory()
    group = Group.objects.create(name="Suivi ponctuel")
    user = UserFactory()
    user.groups.add(group)
    assert not grants_for(_next_request(user)).followed_territories
    groups.sync_object_perms(territory, {group.pk: ("network.follow_territory",)})
    assert territory.pk in grants_for(_next_request(user)).followed_territories


def test_an_object_permission_given_or_removed_applies_at_the_next_request():
    territory = TerritoryFactory()
    user = UserFactory()
    assert not grants_for(_next_request(user)).personal_data_territories
    assign_perm("network.view_personal_data", user, territory)
    assert territory.pk in grants_for(_next_request(user)).personal_data_territories
    remove_perm("network.view_personal_data", user, territory)
    assert not grants_for(_next_request(user)).personal_data_territories


def test_a_deleted_group_takes_its_grants_away():
    territory = TerritoryFactory()
    user = facilitator_of(territory)
    assert territory.pk in grants_for(_next_request(user)).followed_territories
    territory.facilitators_group.delete()
    assert territory.pk not in grants_for(_next_request(user)).followed_territories


def test_a_coordinator_removed_loses_the_market_list_at_the_next_request(client):
    network = NetworkFactory()
    TerritoryFactory(network=network)
    user = coordinator_of(network)
    client.force_login(user)
    assert client.get(reverse("clauses:market_list")).status_code == 200
    user.groups.remove(network.coordinators_group)
    assert client.get(reverse("clauses:market_list")).status_code == 403


def test_grants_read_before_a_change_commits_are_not_kept_after_it(
    django_capture_on_commit_callbacks,
):
    """Another worker reading between the change and its commit still sees the old
    grants; the commit moves the counter again, so what it kept is never read."""
    from django.db import transaction

    from network.permissions.grants import GENERATION_KEY
    from portal.core.cache import generation

    territory = TerritoryFactory()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        roles.make_facilitator(user, territory)
        during = generation(GENERATION_KEY)
    assert generation(GENERATION_KEY) > during
    assert territory.pk in grants_for(_next_request(user)).followed_territories
