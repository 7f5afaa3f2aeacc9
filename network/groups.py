"""Provisioning of the groups that hold object permissions.

Every anchor (network, territory, buyer organisation, committee, workspace)
gets its own auth groups, and django-guardian object permissions are granted
to those groups once. Giving someone a role is then just adding them to a
group: nothing is ever re-granted object by object.

Workspaces also open to the groups of their anchor: the facilitators of a
territory and the coordinators of its network manage the territory's
workspace, the members of a committee contribute to the committee's. These
grants are made here, to the anchor's group, so that a new facilitator or
committee member reaches the workspace without anyone touching it.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from guardian.utils import get_group_obj_perms_model
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from network.enums import WorkspaceKind, WorkspaceRole
from network.models import Workspace
from network.permissions import PRIVATE_COLLECTION_PERMISSIONS, grants_changed

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
ALL_WORKSPACE_PERMS = WORKSPACE_ROLE_PERMS["managers_group"]
WORKSPACE_ROLE_OF_FIELD = {
    "readers_group": WorkspaceRole.READER,
    "contributors_group": WorkspaceRole.CONTRIBUTOR,
    "managers_group": WorkspaceRole.MANAGER,
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
        # A network's coordination group is part of its coordinators' grants.
        grants_changed()
    return group


def sync_object_perms(obj, wanted: dict[int, tuple[str, ...]], *, stale: Q | None = None) -> None:
    """Make the groups' django-guardian permissions on `obj` what `wanted` says.

    `wanted` maps group ids to "app_label.codename" permissions. Groups not in
    `wanted` keep theirs, except those matching `stale` (a filter on the
    permission rows), which lose every permission named in `wanted`'s kinds.
    A handful of queries, where guardian's assign_perm takes several per grant.
    """
    GroupObjectPermission = get_group_obj_perms_model()
    content_type = ContentType.objects.get_for_model(obj)
    codenames = {perm.split(".", 1)[1] for perms in wanted.values() for perm in perms}
    if not codenames:
        return
    permission_ids = dict(
        Permission.objects.filter(content_type=content_type, codename__in=codenames)
        .values_list("codename", "pk")
    )
    rows = GroupObjectPermission.objects.filter(
        content_type=content_type, object_pk=str(obj.pk), permission_id__in=permission_ids.values()
    )
    existing = set(rows.values_list("group_id", "permission_id"))
    expected = {
        (group_id, permission_ids[perm.split(".", 1)[1]])
        for group_id, perms in wanted.items() for perm in perms
    }
    GroupObjectPermission.objects.bulk_create(
        [
            GroupObjectPermission(group_id=group_id, permission_id=permission_id,
                                  content_type=content_type, object_pk=str(obj.pk))
            for group_id, permission_id in expected - existing
        ],
        ignore_conflicts=True,
    )
    # A group listed in `wanted` loses what it no longer holds.
    dropped = Q(pk__in=[])
    for group_id, permission_id in existing - expected:
        if group_id in wanted:
            dropped |= Q(group_id=group_id, permission_id=permission_id)
    if stale is not None:
        dropped |= stale & ~Q(group_id__in=list(wanted))
    if existing - expected or stale is not None:
        rows.filter(dropped).delete()
    # bulk_create sends no signal: the cached grants are made stale here.
    grants_changed()


def _admin_access(group: Group) -> None:
    """Facilitators and coordinators edit their territories' records in the Wagtail admin."""
    permission = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if permission is not None:
        group.permissions.add(permission)


@transaction.atomic
def provision_network(network) -> None:
    coordinators = _own_group(
        network, "coordinators_group", f"Coordination régionale — {network.acronym or network.name}"
    )
    _admin_access(coordinators)
    for territory in network.territories.select_related("network", "workspace"):
        sync_object_perms(territory, {coordinators.pk: TERRITORY_PERMS})
        workspace = getattr(territory, "workspace", None)
        if workspace is not None:
            provision_workspace(workspace)


@transaction.atomic
def provision_territory(territory) -> None:
    facilitators = _own_group(
        territory, "facilitators_group", f"Facilitateurs — {territory.name}"
    )
    _admin_access(facilitators)
    expected = {facilitators.pk: TERRITORY_PERMS}
    if territory.network_id:
        network = territory.network
        if network.coordinators_group_id is None:
            provision_network(network)
        expected[network.coordinators_group_id] = TERRITORY_PERMS
    # A territory moved to another network leaves its former coordinators.
    sync_object_perms(territory, expected, stale=Q(group__coordinated_network__isnull=False))
    ensure_workspace(territory, WorkspaceKind.TERRITORY)


@transaction.atomic
def provision_buyer(organisation) -> Group:
    referents = _own_group(
        organisation, "buyer_referents_group", f"Référents acheteurs — {organisation.name}"
    )
    sync_object_perms(
        organisation, {referents.pk: ("network.follow_buyer_markets", "network.submit_forecast")}
    )
    return referents


@transaction.atomic
def provision_company(organisation) -> Group:
    referents = _own_group(
        organisation, "company_referents_group", f"Référents entreprise — {organisation.name}"
    )
    sync_object_perms(organisation, {referents.pk: ("network.act_for_company",)})
    return referents


@transaction.atomic
def provision_committee(committee) -> Group:
    members = _own_group(committee, "members_group", f"Comité — {committee.name}")
    sync_object_perms(committee, {members.pk: ("network.view_committee_space",)})
    ensure_workspace(committee, WorkspaceKind.COMMITTEE)
    return members


def ensure_workspace(anchor, kind: WorkspaceKind):
    """Every territory and every committee has its workspace, created with it."""
    field = "territory" if kind == WorkspaceKind.TERRITORY else "committee"
    workspace = Workspace.objects.filter(**{field: anchor}).first()
    if workspace is not None:
        # The anchor's groups may have changed (a territory moving network).
        provision_workspace(workspace)
        return workspace
    slug = anchor.slug
    if Workspace.objects.filter(slug=slug).exists():
        slug = f"{anchor.slug}-{kind}"[:120]
    # Saving runs provision_workspace through the post_save signal.
    return Workspace.objects.create(
        name=f"{kind.label} — {anchor.name}"[:255],
        slug=slug, kind=kind, **{field: anchor},
    )


def anchor_role_groups(workspace) -> dict[int, str]:
    """Groups of the workspace's anchor, with the workspace role they hold (as a group field)."""
    roles: dict[int, str] = {}
    if workspace.territory_id:
        territory = workspace.territory
        if territory.facilitators_group_id:
            roles[territory.facilitators_group_id] = "managers_group"
        if territory.network_id and territory.network.coordinators_group_id:
            roles[territory.network.coordinators_group_id] = "managers_group"
    elif workspace.committee_id and workspace.committee.members_group_id:
        roles[workspace.committee.members_group_id] = "contributors_group"
    return roles


@transaction.atomic
def provision_workspace(workspace) -> None:
    wanted: dict[int, tuple[str, ...]] = {}
    roles: dict[int, WorkspaceRole] = {}
    for field, perms in WORKSPACE_ROLE_PERMS.items():
        group = _own_group(
            workspace, field, f"Espace {workspace.name} — {WORKSPACE_ROLE_LABELS[field]}"
        )
        wanted[group.pk] = perms
        roles[group.pk] = WORKSPACE_ROLE_OF_FIELD[field]
    for group_id, field in anchor_role_groups(workspace).items():
        wanted[group_id] = WORKSPACE_ROLE_PERMS[field]
        roles[group_id] = WORKSPACE_ROLE_OF_FIELD[field]
    # Groups of a former anchor (e.g. the coordinators of the territory's
    # previous network) lose the workspace.
    sync_object_perms(workspace, wanted, stale=Q())

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
    restriction.groups.set(list(wanted))
    sync_private_collection(workspace.collection, roles)


def sync_private_collection(collection, roles: dict[int, WorkspaceRole]) -> None:
    """Make the Wagtail collection permissions on a workspace's collection exactly those
    its members' roles give: any other grant on it (an editors' group ticked by
    mistake, a former anchor's group) is taken away."""
    perms = {perm for role_perms in PRIVATE_COLLECTION_PERMISSIONS.values() for perm in role_perms}
    permission_ids = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in={perm.split(".", 1)[0] for perm in perms},
            codename__in={perm.split(".", 1)[1] for perm in perms},
        ).values_list("pk", "content_type__app_label", "codename")
    }
    expected = {
        (group_id, permission_ids[perm])
        for group_id, role in roles.items()
        for perm in PRIVATE_COLLECTION_PERMISSIONS[role] if perm in permission_ids
    }
    rows = GroupCollectionPermission.objects.filter(collection=collection)
    existing = set(rows.values_list("group_id", "permission_id"))
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group_id=group_id, permission_id=permission_id,
                                      collection=collection)
            for group_id, permission_id in expected - existing
        ],
        ignore_conflicts=True,
    )
    stale = existing - expected
    if stale:
        dropped = Q(pk__in=[])
        for group_id, permission_id in stale:
            dropped |= Q(group_id=group_id, permission_id=permission_id)
        rows.filter(dropped).delete()
