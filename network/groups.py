"""Provisioning of the groups that hold object permissions.

Every anchor (network, territory, buyer organisation, committee, workspace)
gets its own auth groups, and django-guardian object permissions are granted
to those groups once. Giving someone a role is then just adding them to a
group: nothing is ever re-granted object by object.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, get_groups_with_perms, remove_perm
from wagtail.models import Collection, CollectionViewRestriction

TERRITORY_PERMS = ("network.follow_territory", "network.view_personal_data")
WORKSPACE_ROLE_PERMS = {
    "readers_group": ("network.view_workspace_content",),
    "contributors_group": ("network.view_workspace_content", "network.contribute_workspace"),
    "managers_group": (
        "network.view_workspace_content",
        "network.contribute_workspace",
        "network.manage_workspace",
    ),
}
WORKSPACE_ROLE_LABELS = {
    "readers_group": "lecteurs",
    "contributors_group": "contributeurs",
    "managers_group": "gestionnaires",
}


def _group(name: str) -> Group:
    # Group names are unique and at most 150 characters.
    group, _ = Group.objects.get_or_create(name=name[:150])
    return group


def _own_group(instance, field: str, name: str) -> Group:
    group = getattr(instance, field)
    if group is None:
        group = _group(name)
        setattr(instance, field, group)
        type(instance).objects.filter(pk=instance.pk).update(**{field: group})
    return group


@transaction.atomic
def provision_network(network) -> None:
    coordinators = _own_group(
        network, "coordinators_group", f"Coordination régionale — {network.acronym or network.name}"
    )
    for territory in network.territories.all():
        for perm in TERRITORY_PERMS:
            assign_perm(perm, coordinators, territory)


@transaction.atomic
def provision_territory(territory) -> None:
    facilitators = _own_group(
        territory, "facilitators_group", f"Facilitateurs — {territory.name}"
    )
    expected = {facilitators.pk}
    if territory.network_id:
        network = territory.network
        if network.coordinators_group_id is None:
            provision_network(network)
        expected.add(network.coordinators_group_id)
    for group in Group.objects.filter(pk__in=expected):
        for perm in TERRITORY_PERMS:
            assign_perm(perm, group, territory)
    # A territory moved to another network leaves its former coordinators.
    for group in get_groups_with_perms(territory):
        if group.pk not in expected and hasattr(group, "coordinated_network"):
            for perm in TERRITORY_PERMS:
                remove_perm(perm, group, territory)


@transaction.atomic
def provision_buyer(organisation) -> Group:
    referents = _own_group(
        organisation, "buyer_referents_group", f"Référents acheteurs — {organisation.name}"
    )
    for perm in ("network.follow_buyer_markets", "network.submit_forecast"):
        assign_perm(perm, referents, organisation)
    return referents


@transaction.atomic
def provision_committee(committee) -> Group:
    members = _own_group(committee, "members_group", f"Comité — {committee.name}")
    assign_perm("network.view_committee_space", members, committee)
    return members


@transaction.atomic
def provision_workspace(workspace) -> None:
    groups = []
    for field, perms in WORKSPACE_ROLE_PERMS.items():
        group = _own_group(
            workspace, field, f"Espace {workspace.name} — {WORKSPACE_ROLE_LABELS[field]}"
        )
        for perm in perms:
            assign_perm(perm, group, workspace)
        groups.append(group)
    if workspace.collection_id is None:
        root = Collection.get_first_root_node()
        collection = root.add_child(name=f"Espace privé — {workspace.name}"[:255])
        workspace.collection = collection
        type(workspace).objects.filter(pk=workspace.pk).update(collection=collection)
    # Wagtail refuses the collection's documents to anyone outside these groups.
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=workspace.collection,
        defaults={"restriction_type": CollectionViewRestriction.GROUPS},
    )
    if restriction.restriction_type != CollectionViewRestriction.GROUPS:
        restriction.restriction_type = CollectionViewRestriction.GROUPS
        restriction.save()
    restriction.groups.set(groups)
