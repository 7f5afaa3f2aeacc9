"""Grants: what one person holds, read once per request, and the roles they make.

Roles are group memberships. django-guardian object permissions are granted once to
the group of each anchor (network/groups.py); a person's grants are the ids of the
anchors those permissions name, sorted into the slots of `Grants`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission, UserObjectPermission

from network.enums import Role, WorkspaceRole
from portal.core import cache as generations

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"
    DELETE = "delete"
    CHANGE_LEAD = "change_lead"
    DECLARE = "declare"
    DOWNLOAD = "download"
    VIEW_PERSONAL_DATA = "view_personal_data"
    CONTRIBUTE = "contribute"
    MANAGE_MEMBERS = "manage_members"
    SUBMIT_FORECAST = "submit_forecast"
    ASSESS_FORECAST = "assess_forecast"
    VIEW_AUDIT_LOG = "view_audit_log"
    SUBMIT_DCE = "submit_dce"
    REVIEW_DCE = "review_dce"
    OVERRIDE_PUBLICATION = "override_publication"
    DECLARE_HOURS = "declare_hours"
    PROPOSE_HIRE = "propose_hire"
    VALIDATE_HOURS = "validate_hours"
    FOLLOW_UP_COMPANY = "follow_up_company"
    MODERATE_FOLLOW_UP = "moderate_follow_up"


class Anchor(enum.StrEnum):
    TERRITORY = "territory"
    BUYER = "buyer"
    COMMITTEE = "committee"
    WORKSPACE = "workspace"
    # The company a company referent acts for: the contractor of a lot, the employer of
    # a placement.
    COMPANY = "company"


@dataclass(frozen=True)
class Grants:
    """What one user may reach, read once per request."""

    authenticated: bool = False
    superuser: bool = False
    followed_territories: frozenset[int] = frozenset()
    personal_data_territories: frozenset[int] = frozenset()
    buyer_organisations: frozenset[int] = frozenset()
    forecast_organisations: frozenset[int] = frozenset()
    company_organisations: frozenset[int] = frozenset()
    committees: frozenset[int] = frozenset()
    workspace_roles: Mapping[int, WorkspaceRole] = field(default_factory=dict)
    coordinated_networks: frozenset[int] = frozenset()
    group_names: frozenset[str] = frozenset()
    group_ids: frozenset[int] = frozenset()

    def workspaces_with(self, minimum: WorkspaceRole) -> frozenset[int]:
        return frozenset(
            pk for pk, role in self.workspace_roles.items() if role.rank >= minimum.rank
        )


@dataclass(frozen=True)
class Grant:
    """One slot of `Grants` (for workspaces, the roles from `minimum` up): read for one
    person as `grant(g)`, or turned round into the accounts that hold it (`holders_q`)."""

    slot: str
    minimum: WorkspaceRole | None = None

    def __call__(self, g: Grants) -> frozenset[int]:
        if self.minimum is not None:
            return g.workspaces_with(self.minimum)
        return getattr(g, self.slot)


_PERM_TO_SLOT = {
    ("territory", "follow_territory"): "followed_territories",
    ("territory", "view_personal_data"): "personal_data_territories",
    ("organisation", "follow_buyer_markets"): "buyer_organisations",
    ("organisation", "submit_forecast"): "forecast_organisations",
    ("organisation", "act_for_company"): "company_organisations",
    ("committee", "view_committee_space"): "committees",
}
# Marks the rows of the user's groups in grants_for's single query.
_GROUP_ROW = "auth.group"
_WORKSPACE_PERM_ROLE = {
    "view_workspace_content": WorkspaceRole.READER,
    "contribute_workspace": WorkspaceRole.CONTRIBUTOR,
    "manage_workspace": WorkspaceRole.MANAGER,
}


# Moved on by every change a person's grants are read from (network/permissions/
# freshness.py): their groups, the groups' and their own object permissions, the
# networks' coordination groups. Every cached `Grants` carries it in its key.
GENERATION_KEY = "grants:generation"
# However fresh the generation keeps them, cached grants are read again this often.
SECONDS = 300


def grants_changed(**kwargs) -> None:
    """Make every person's cached grants stale, now and when the transaction commits:
    a role given or taken away applies from the next request on."""
    generations.bump_now_and_on_commit(GENERATION_KEY)


def grants_for(user) -> Grants:
    """The user's grants, cached on the user object for the request and in the shared
    cache under the grants generation, which any change of a group, a membership or
    an object permission moves on: a role given or taken away applies at the next
    request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Grants()
    cached = getattr(user, "_portal_grants", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        grants = Grants(authenticated=True, superuser=True)
        user._portal_grants = grants
        return grants
    # The generation is read before the grants: a change while they are read moves it
    # on, and what was read is kept under a key no one asks for any more.
    key = f"grants:{generations.generation(GENERATION_KEY)}:{user.pk}"
    store = generations.store()
    grants = store.get(key)
    if grants is None:
        grants = _read_grants(user)
        store.set(key, grants, SECONDS)
    user._portal_grants = grants
    return grants


def _read_grants(user) -> Grants:
    slots: dict[str, set[int]] = {slot: set() for slot in _PERM_TO_SLOT.values()}
    workspace_roles: dict[int, WorkspaceRole] = {}
    # One query: the user's groups (with the network each coordination group
    # runs, and their ids for privacy.visibility_class) and every object permission of
    # those groups and of the user.
    fields = ("content_type__model", "permission__codename", "object_pk")
    no_group = Value("", output_field=CharField())
    groups = user.groups.values_list(
        Cast(Value(_GROUP_ROW), CharField()), "name",
        Cast("coordinated_network__pk", CharField()), Cast("pk", CharField()),
    )
    rows = groups.union(
        GroupObjectPermission.objects.filter(
            group__user=user, content_type__app_label="network"
        ).values_list(*fields, no_group),
        UserObjectPermission.objects.filter(
            user=user, content_type__app_label="network"
        ).values_list(*fields, no_group),
        all=True,
    )
    group_rows: list[tuple[str, str | None]] = []
    group_ids: set[int] = set()
    for model, codename, object_pk, group_pk in rows:
        if model == _GROUP_ROW:
            group_rows.append((codename, object_pk))
            group_ids.add(int(group_pk))
            continue
        slot = _PERM_TO_SLOT.get((model, codename))
        if slot:
            slots[slot].add(int(object_pk))
        elif model == "workspace" and codename in _WORKSPACE_PERM_ROLE:
            role = _WORKSPACE_PERM_ROLE[codename]
            current = workspace_roles.get(int(object_pk))
            if current is None or role.rank > current.rank:
                workspace_roles[int(object_pk)] = role
    coordinated = frozenset(int(network) for _, network in group_rows if network is not None)
    return Grants(
        authenticated=True,
        followed_territories=frozenset(slots["followed_territories"]),
        personal_data_territories=frozenset(slots["personal_data_territories"]),
        buyer_organisations=frozenset(slots["buyer_organisations"]),
        forecast_organisations=frozenset(slots["forecast_organisations"]),
        company_organisations=frozenset(slots["company_organisations"]),
        committees=frozenset(slots["committees"]),
        workspace_roles=workspace_roles,
        coordinated_networks=coordinated,
        group_names=frozenset(name for name, _ in group_rows),
        group_ids=frozenset(group_ids),
    )


_SLOT_TO_PERM = {slot: perm for perm, slot in _PERM_TO_SLOT.items()}


def holders_q(grant: Grant, anchor_ids) -> Q:
    """A filter on accounts: those whose grants put one of `anchor_ids` in `grant`'s slot.

    The inverse of `grants_for`, read from the same rows (the groups' and the accounts'
    object permissions, the coordination groups), so that "who may" and "may they"
    never disagree. Inactive accounts are the caller's to leave out.
    """
    accounts = get_user_model()._default_manager
    ids = sorted(anchor_ids)
    if grant.slot == "coordinated_networks":
        return Q(pk__in=accounts.filter(groups__coordinated_network__in=ids).values("pk"))
    if grant.minimum is not None:
        model = "workspace"
        codenames = [codename for codename, role in _WORKSPACE_PERM_ROLE.items()
                     if role.rank >= grant.minimum.rank]
    else:
        model, codename = _SLOT_TO_PERM[grant.slot]
        codenames = [codename]
    rows = {
        "content_type__app_label": "network", "content_type__model": model,
        "permission__codename__in": codenames, "object_pk__in": [str(pk) for pk in ids],
    }
    return (
        Q(pk__in=GroupObjectPermission.objects.filter(**rows).values("group__user"))
        | Q(pk__in=UserObjectPermission.objects.filter(**rows).values("user"))
    )


def forget_grants(user) -> None:
    """Drop the cached grants, after a role change within the same request."""
    if hasattr(user, "_portal_grants"):
        del user._portal_grants


# --- Roles -----------------------------------------------------------------


def roles_of(user) -> set[Role]:
    g = grants_for(user)
    if not g.authenticated:
        return set()
    roles = {Role.MEMBER}
    if g.superuser:
        return set(Role)
    if g.committees:
        roles.add(Role.COMMITTEE_MEMBER)
    if g.coordinated_networks:
        roles.add(Role.REGIONAL_COORDINATOR)
    if g.followed_territories and not g.coordinated_networks:
        roles.add(Role.TERRITORY_FACILITATOR)
    if g.buyer_organisations:
        roles.add(Role.BUYER_REFERENT)
    if g.company_organisations:
        roles.add(Role.COMPANY_REFERENT)
    if EDITORS_GROUP in g.group_names or MODERATORS_GROUP in g.group_names:
        roles.add(Role.EDITOR)
    return roles


def is_member(user) -> bool:
    """Any signed-in account of a partner organisation."""
    return grants_for(user).authenticated


def can_see_contacts(user) -> bool:
    return is_member(user)


def is_committee_member(user, committee) -> bool:
    g = grants_for(user)
    return g.superuser or committee.pk in g.committees
