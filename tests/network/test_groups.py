"""Group provisioning: roles are group memberships, permissions are granted once."""

import pytest
from django.contrib.auth.models import Group
from guardian.models import GroupObjectPermission

from network.enums import Role, WorkspaceRole
from network.permissions import Action, has_permission, roles_of, workspace_role
from tests.network import factories as f

pytestmark = pytest.mark.django_db


def test_each_territory_and_committee_gets_its_groups_and_workspace():
    territory = f.TerritoryFactory(name="Bassin dijonnais", slug="bassin-dijonnais")
    committee = f.CommitteeFactory(name="Comité de pilotage", slug="copil")

    assert territory.facilitators_group.name == "Facilitateurs — Bassin dijonnais"
    assert committee.members_group.name == "Comité — Comité de pilotage"
    assert territory.workspace.get_absolute_url() == "/espace/territoires/bassin-dijonnais/"
    assert committee.workspace.get_absolute_url() == "/espace/comites/copil/"
    assert territory.workspace.collection.name == "Espace privé — Territoire — Bassin dijonnais"


def test_adding_a_facilitator_grants_nothing_object_by_object():
    territory = f.TerritoryFactory()
    f.facilitator_of(territory)
    rows = GroupObjectPermission.objects.count()

    for _ in range(3):
        f.facilitator_of(territory)

    assert GroupObjectPermission.objects.count() == rows


def test_saving_again_changes_no_permission():
    territory = f.TerritoryFactory(network=f.NetworkFactory())
    rows = set(GroupObjectPermission.objects.values_list("group_id", "permission_id",
                                                         "object_pk"))

    territory.save()
    territory.network.save()
    territory.workspace.save()

    assert set(GroupObjectPermission.objects.values_list(
        "group_id", "permission_id", "object_pk")) == rows


def test_a_territory_moving_network_changes_its_coordinators():
    before, after = f.NetworkFactory(), f.NetworkFactory()
    territory = f.TerritoryFactory(network=before)
    old = f.coordinator_of(before)
    new = f.coordinator_of(after)

    territory.network = after
    territory.save()
    old = type(old).objects.get(pk=old.pk)
    new = type(new).objects.get(pk=new.pk)

    assert not has_permission(old, Action.VIEW, territory)
    assert workspace_role(old, territory.workspace) is None
    assert has_permission(new, Action.VIEW_PERSONAL_DATA, territory)
    assert workspace_role(new, territory.workspace) == WorkspaceRole.MANAGER


def test_committee_members_contribute_to_the_committee_workspace():
    committee = f.CommitteeFactory()
    member = f.committee_member_of(committee)

    assert roles_of(member) == {Role.MEMBER, Role.COMMITTEE_MEMBER}
    assert workspace_role(member, committee.workspace) == WorkspaceRole.CONTRIBUTOR


def test_workspace_role_is_exactly_the_one_given():
    workspace = f.TerritoryFactory().workspace
    user = f.workspace_member_of(workspace, WorkspaceRole.MANAGER)

    f.workspace_member_of(workspace, WorkspaceRole.READER, user=user)

    assert workspace_role(user, workspace) == WorkspaceRole.READER
    assert user.groups.filter(pk=workspace.managers_group_id).exists() is False


def test_facilitators_and_coordinators_enter_the_wagtail_admin_members_do_not():
    territory = f.TerritoryFactory(network=f.NetworkFactory())

    assert f.facilitator_of(territory).has_perm("wagtailadmin.access_admin")
    assert f.coordinator_of(territory.network).has_perm("wagtailadmin.access_admin")
    assert not f.member().has_perm("wagtailadmin.access_admin")


def test_private_collection_opens_to_the_workspace_groups_only():
    territory = f.TerritoryFactory()
    workspace = territory.workspace
    restriction = workspace.collection.get_view_restrictions().get()

    assert set(restriction.groups.all()) == set(Group.objects.filter(pk__in=[
        workspace.readers_group_id, workspace.contributors_group_id,
        workspace.managers_group_id, territory.facilitators_group_id,
    ]))
