"""The portal's one permission policy.

Who may see or change what is decided here and nowhere else. Views, the
Wagtail admin (through `register_permission_policy`), search, exports, feeds
and the API all ask this module.

How it works:
- Roles are group memberships. django-guardian object permissions are granted
  once to the group of each *anchor* (territory, network, buyer organisation,
  committee, workspace; see network/groups.py).
- A user's grants are read in one query and cached on the user object for
  the request (`grants_for`). A new request reads them again, so a role
  given or taken away applies at once.
- Child objects (markets, beneficiaries, placements, hours, minutes,
  documents…) do not carry permissions: their model declares how to reach its
  anchors in `permission_anchors`, a mapping of anchor kind to ORM path, e.g.
  ``{"territory": "market__lead_territory", "buyer": "market__buyer"}``.
  The rules below turn an action and the user's grants into a filter on
  those paths, so listings are filtered in the database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet, Value
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission, UserObjectPermission
from wagtail.permission_policies.base import ModelPermissionPolicy

from network.enums import Role, WorkspaceRole

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"
    DOWNLOAD = "download"
    VIEW_PERSONAL_DATA = "view_personal_data"
    CONTRIBUTE = "contribute"
    MANAGE_MEMBERS = "manage_members"
    SUBMIT_FORECAST = "submit_forecast"
    ASSESS_FORECAST = "assess_forecast"
    VIEW_AUDIT_LOG = "view_audit_log"
    # Hours, placements and outcomes: the facilitators of the person's territory.
    DECLARE = "declare"
    DELETE = "delete"
    # Moving a market to another lead territory: its lead and their coordinators only.
    CHANGE_LEAD = "change_lead"


class Anchor(enum.StrEnum):
    TERRITORY = "territory"
    BUYER = "buyer"
    COMMITTEE = "committee"
    WORKSPACE = "workspace"


@dataclass(frozen=True)
class Grants:
    """What one user may reach, read once per request."""

    authenticated: bool = False
    superuser: bool = False
    followed_territories: frozenset[int] = frozenset()
    personal_data_territories: frozenset[int] = frozenset()
    buyer_organisations: frozenset[int] = frozenset()
    forecast_organisations: frozenset[int] = frozenset()
    committees: frozenset[int] = frozenset()
    workspace_roles: Mapping[int, WorkspaceRole] = field(default_factory=dict)
    coordinated_networks: frozenset[int] = frozenset()
    group_names: frozenset[str] = frozenset()

    def workspaces_with(self, minimum: WorkspaceRole) -> frozenset[int]:
        return frozenset(
            pk for pk, role in self.workspace_roles.items() if role.rank >= minimum.rank
        )


_PERM_TO_SLOT = {
    ("territory", "follow_territory"): "followed_territories",
    ("territory", "view_personal_data"): "personal_data_territories",
    ("organisation", "follow_buyer_markets"): "buyer_organisations",
    ("organisation", "submit_forecast"): "forecast_organisations",
    ("committee", "view_committee_space"): "committees",
}
# Marks the rows of the user's groups in grants_for's single query.
_GROUP_ROW = "auth.group"
_WORKSPACE_PERM_ROLE = {
    "view_workspace_content": WorkspaceRole.READER,
    "contribute_workspace": WorkspaceRole.CONTRIBUTOR,
    "manage_workspace": WorkspaceRole.MANAGER,
}


def grants_for(user) -> Grants:
    if user is None or not user.is_authenticated or not user.is_active:
        return Grants()
    cached = getattr(user, "_portal_grants", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        grants = Grants(authenticated=True, superuser=True)
        user._portal_grants = grants
        return grants

    slots: dict[str, set[int]] = {slot: set() for slot in _PERM_TO_SLOT.values()}
    workspace_roles: dict[int, WorkspaceRole] = {}
    # One query: the user's groups (with the network each coordination group
    # runs) and every object permission of those groups and of the user.
    fields = ("content_type__model", "permission__codename", "object_pk")
    groups = user.groups.values_list(
        Cast(Value(_GROUP_ROW), CharField()), "name",
        Cast("coordinated_network__pk", CharField()),
    )
    rows = groups.union(
        GroupObjectPermission.objects.filter(
            group__user=user, content_type__app_label="network"
        ).values_list(*fields),
        UserObjectPermission.objects.filter(
            user=user, content_type__app_label="network"
        ).values_list(*fields),
        all=True,
    )
    group_rows: list[tuple[str, str | None]] = []
    for model, codename, object_pk in rows:
        if model == _GROUP_ROW:
            group_rows.append((codename, object_pk))
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
    grants = Grants(
        authenticated=True,
        followed_territories=frozenset(slots["followed_territories"]),
        personal_data_territories=frozenset(slots["personal_data_territories"]),
        buyer_organisations=frozenset(slots["buyer_organisations"]),
        forecast_organisations=frozenset(slots["forecast_organisations"]),
        committees=frozenset(slots["committees"]),
        workspace_roles=workspace_roles,
        coordinated_networks=coordinated,
        group_names=frozenset(name for name, _ in group_rows),
    )
    user._portal_grants = grants
    return grants


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
    if EDITORS_GROUP in g.group_names or MODERATORS_GROUP in g.group_names:
        roles.add(Role.EDITOR)
    return roles


def is_member(user) -> bool:
    """Any signed-in account of a partner organisation."""
    return grants_for(user).authenticated


def can_see_contacts(user) -> bool:
    return is_member(user)


def can_edit_publications(user) -> bool:
    return Role.EDITOR in roles_of(user)


# --- Anchored objects ------------------------------------------------------


def anchors_of(model: type[Model], action: Action | None = None) -> Mapping[str, str]:
    """The anchor paths of `model` for `action`: its `permission_anchors`, unless
    `permission_anchors_for` names other paths for that action (a market is seen from
    every territory it concerns but changed from its lead territory only)."""
    anchors = getattr(model, "permission_anchors", None)
    if anchors is None:
        raise TypeError(f"{model.__name__} declares no permission_anchors")
    if action is not None:
        return getattr(model, "permission_anchors_for", {}).get(str(action), anchors)
    return anchors


def _any_in(paths: str | Iterable[str], ids: Iterable[int]) -> list[Q]:
    ids = sorted(ids)
    if not ids:
        return []
    return [Q(**{f"{path}__in": ids}) for path in ([paths] if isinstance(paths, str) else paths)]


def _rule(action: Action, g: Grants, anchors: Mapping[str, str | tuple[str, ...]]) -> Q | None:
    """The core of the policy: which anchors open which action.

    Returns None when nothing is open, so that callers can skip the query.
    """
    territory = anchors.get(Anchor.TERRITORY)
    buyer = anchors.get(Anchor.BUYER)
    committee = anchors.get(Anchor.COMMITTEE)
    workspace = anchors.get(Anchor.WORKSPACE)
    parts: list[Q] = []

    if action in (Action.VIEW, Action.DOWNLOAD):
        if territory:
            parts += _any_in(territory, g.followed_territories)
        if buyer:
            parts += _any_in(buyer, g.buyer_organisations)
        if committee:
            parts += _any_in(committee, g.committees)
        if workspace:
            parts += _any_in(workspace, g.workspaces_with(WorkspaceRole.READER))
    elif action in (Action.CHANGE, Action.DELETE, Action.CHANGE_LEAD):
        if territory:
            parts += _any_in(territory, g.followed_territories)
        if workspace:
            parts += _any_in(workspace, g.workspaces_with(WorkspaceRole.CONTRIBUTOR))
    elif action == Action.CONTRIBUTE:
        if workspace:
            parts += _any_in(workspace, g.workspaces_with(WorkspaceRole.CONTRIBUTOR))
    elif action == Action.MANAGE_MEMBERS:
        if workspace:
            parts += _any_in(workspace, g.workspaces_with(WorkspaceRole.MANAGER))
    elif action in (Action.VIEW_PERSONAL_DATA, Action.DECLARE):
        # Facilitators of the territory and their coordinators only: never
        # buyers, even for their own markets.
        if territory:
            parts += _any_in(territory, g.personal_data_territories)
    elif action == Action.SUBMIT_FORECAST:
        if buyer:
            parts += _any_in(buyer, g.forecast_organisations)
    elif action in (Action.ASSESS_FORECAST, Action.VIEW_AUDIT_LOG) and territory:
        # Regional coordinators, for the territories of their network.
        paths = [territory] if isinstance(territory, str) else territory
        parts += _any_in(
            [("network" if p == "pk" else f"{p}__network") for p in paths],
            g.coordinated_networks,
        )
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def filter_queryset(user, action: Action, queryset: QuerySet) -> QuerySet:
    """The objects of `queryset` that `user` may `action`, filtered in the database."""
    g = grants_for(user)
    if g.superuser:
        return queryset
    if not g.authenticated:
        return queryset.none()
    anchors = anchors_of(queryset.model, Action(action))
    q = _rule(Action(action), g, anchors)
    if q is None:
        return queryset.none()
    filtered = queryset.filter(q)
    # Paths through many-to-many relations may repeat rows.
    if any("territories" in str(path) for path in anchors.values()):
        filtered = queryset.filter(pk__in=filtered.values("pk"))
    return filtered


def has_permission(user, action: Action, obj: Model) -> bool:
    g = grants_for(user)
    if g.superuser:
        return True
    if not g.authenticated or obj is None or obj.pk is None:
        return False
    model = type(obj)
    return filter_queryset(user, action, model._default_manager.filter(pk=obj.pk)).exists()


def has_any_anchor(user, action: Action, model: type[Model]) -> bool:
    """Whether the user could `action` at least some object of this kind."""
    g = grants_for(user)
    if g.superuser:
        return True
    if not g.authenticated:
        return False
    return _rule(Action(action), g, anchors_of(model, Action(action))) is not None


# --- Bilans (consolidated figures) -------------------------------------------
# A territory's bilan is open to whom may VIEW the territory, a buyer's to whom
# may VIEW the organisation, a market's to whom may VIEW the market (all through
# filter_queryset above). The consolidated ones follow.


def may_read_national_bilan(user) -> bool:
    """Every territory at once: administrators only."""
    return grants_for(user).superuser


def bilan_networks(user, queryset: QuerySet) -> QuerySet:
    """The networks whose consolidated bilan `user` reads: those they coordinate."""
    g = grants_for(user)
    if g.superuser:
        return queryset
    if not g.coordinated_networks:
        return queryset.none()
    return queryset.filter(pk__in=sorted(g.coordinated_networks))


def bilan_conventions(user, queryset: QuerySet) -> QuerySet:
    """The conventions whose bilan `user` reads: those covering territories, every one of
    which the user follows (a facilitator of one territory does not read the others')."""
    g = grants_for(user)
    if g.superuser:
        return queryset
    if not g.followed_territories:
        return queryset.none()
    through = queryset.model.territories.through
    return queryset.filter(
        pk__in=through.objects.values("convention_id")
    ).exclude(
        pk__in=through.objects.exclude(
            territory_id__in=sorted(g.followed_territories)
        ).values("convention_id")
    )


# --- Workspaces --------------------------------------------------------------


def workspace_role(user, workspace) -> WorkspaceRole | None:
    g = grants_for(user)
    if g.superuser:
        return WorkspaceRole.MANAGER
    return g.workspace_roles.get(workspace.pk)


def set_workspace_role(workspace, user, role: WorkspaceRole | None) -> None:
    """Give `user` exactly `role` in `workspace` (None removes them)."""
    groups = {
        WorkspaceRole.READER: workspace.readers_group,
        WorkspaceRole.CONTRIBUTOR: workspace.contributors_group,
        WorkspaceRole.MANAGER: workspace.managers_group,
    }
    for group_role, group in groups.items():
        if group is None:
            continue
        if group_role == role:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    forget_grants(user)


# --- Committees --------------------------------------------------------------


def is_committee_member(user, committee) -> bool:
    g = grants_for(user)
    return g.superuser or committee.pk in g.committees


# --- Wagtail admin -----------------------------------------------------------

_WAGTAIL_ACTIONS = {
    "view": Action.VIEW,
    "change": Action.CHANGE,
    "delete": Action.DELETE,
    "add": Action.CHANGE,
}


def is_anchor_model(model: type[Model]) -> bool:
    """Territories, committees, workspaces… anchor themselves (path "pk")."""
    return any(path == "pk" for path in anchors_of(model).values())


def allowed_parents(user, action: Action, model: type[Model], field_name: str) -> QuerySet:
    """The objects a new `model` may hang from through `field_name`.

    A meeting may be added to a committee only if a meeting of that committee
    would be open to `action`: the anchor paths of the child that go through
    the field are read from the parent's side.
    """
    related = model._meta.get_field(field_name).related_model
    queryset = related._default_manager.all()
    g = grants_for(user)
    if g.superuser:
        return queryset
    prefix = f"{field_name}__"
    anchors: dict[str, tuple[str, ...]] = {}
    for kind, paths in anchors_of(model, Action(action)).items():
        paths = (paths,) if isinstance(paths, str) else tuple(paths)
        through = tuple(
            "pk" if p == field_name else p[len(prefix):]
            for p in paths if p == field_name or p.startswith(prefix)
        )
        if through:
            anchors[kind] = through
    q = _rule(Action(action), g, anchors) if g.authenticated else None
    return queryset.none() if q is None else queryset.filter(q).distinct()


class AnchoredPermissionPolicy(ModelPermissionPolicy):
    """Wagtail admin policy for models with `permission_anchors`.

    Global Django permissions give no access to anchored data: a facilitator
    sees and edits only the records of their territories, whatever groups
    say. Superusers see everything. Anchors themselves (territories,
    committees, workspaces) are created and deleted by administrators only:
    a facilitator edits their territory but does not make new ones.
    """

    def _superuser_only(self, action) -> bool:
        return action not in _WAGTAIL_ACTIONS or (
            action in ("add", "delete") and is_anchor_model(self.model)
        )

    def user_has_permission(self, user, action):
        if self._superuser_only(action):
            return grants_for(user).superuser
        return has_any_anchor(user, _WAGTAIL_ACTIONS[action], self.model)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        # Used by Wagtail for notifications only; superusers are a safe answer.
        return super().users_with_any_permission(actions).filter(is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        if self._superuser_only(action):
            return grants_for(user).superuser
        return has_permission(user, _WAGTAIL_ACTIONS[action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if grants_for(user).superuser:
            return queryset
        opened = [
            _WAGTAIL_ACTIONS[action] for action in actions if not self._superuser_only(action)
        ]
        if not opened:
            return queryset.none()
        result = filter_queryset(user, opened[0], queryset)
        for action in opened[1:]:
            result = result | filter_queryset(user, action, queryset)
        return queryset.filter(pk__in=result.values("pk"))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


def anonymous() -> AnonymousUser:
    return AnonymousUser()


def content_type_of(model: type[Model]) -> ContentType:
    return ContentType.objects.get_for_model(model)


# --- Pages and documents: Wagtail's view restrictions ------------------------
# A page's or a collection's privacy setting (login, groups, shared password) is
# the rule for publications and documents. These functions apply it to whole
# querysets, so that listings, feeds and search never show what the person could
# not open. A shared password is passed per browser session, never per account:
# pages and documents behind one stay out of every listing and search.


def _failed_restrictions(user, restriction_model) -> QuerySet:
    """The view restrictions (PageViewRestriction or CollectionViewRestriction)
    that `user` does not pass."""
    from django.db.models import Exists, OuterRef

    restrictions = restriction_model.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return restrictions.exclude(restriction_type=restriction_model.NONE)
    failed = Q(restriction_type=restriction_model.PASSWORD)
    if not user.is_superuser:
        in_a_group = Exists(restriction_model.groups.through.objects.filter(
            **{f"{restriction_model._meta.model_name}_id": OuterRef("pk")},
            group__user=user,
        ))
        failed |= Q(restriction_type=restriction_model.GROUPS) & ~Q(in_a_group)
    return restrictions.filter(failed)


def visible_pages(user, queryset: QuerySet) -> QuerySet:
    """`queryset` (pages) without those under a view restriction `user` does not pass.

    A correlated subquery: no query of its own, the same cost whatever the number
    of pages. Search backends cannot apply it: they use `search_visibility`.
    """
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    # A restriction on page P covers every page whose path starts with P's path.
    covering = _failed_restrictions(user, PageViewRestriction).filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(covering))


def visible_documents(user, queryset: QuerySet) -> QuerySet:
    """`queryset` (documents) without those of a collection under a view restriction
    `user` does not pass (restrictions cover the collection's descendants too)."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import CollectionViewRestriction

    covering = _failed_restrictions(user, CollectionViewRestriction).filter(
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
    )
    return queryset.exclude(Exists(covering))


def visibility_class(user) -> str:
    """A name shared by every person who passes the same page and collection view
    restrictions (visitors; administrators; members with the same groups), for caching
    what `visible_pages` and `visible_documents` let them see. One query for a member
    (their groups), kept on the user for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "visiteur"
    if user.is_superuser:
        return "administrateur"
    cached = getattr(user, "_visibility_class", None)
    if cached is None:
        groups = sorted(user.groups.values_list("pk", flat=True))
        cached = "membre:" + ",".join(map(str, groups))
        user._visibility_class = cached
    return cached


@dataclass(frozen=True)
class SearchVisibility:
    """The same rule as `visible_pages` and `visible_documents`, as plain lookups on
    fields every search backend filters on (Page.path, Document.collection), so that
    it is applied inside the search query, before counts and pagination."""

    # Paths of restricted pages without children: a tuple, or a subquery when there
    # are many (a database then needs no parameter per path; Elasticsearch's backend
    # reads the subquery into a terms filter).
    restricted_leaf_paths: tuple[str, ...] | QuerySet = ()
    restricted_path_prefixes: tuple[str, ...] = ()
    restricted_collection_ids: tuple[int, ...] = ()

    def pages(self, queryset: QuerySet) -> QuerySet:
        hidden = Q(path__in=self.restricted_leaf_paths) if self.has_leaves else Q()
        for prefix in self.restricted_path_prefixes:
            hidden |= Q(path__startswith=prefix)
        return queryset.exclude(hidden) if hidden else queryset

    def documents(self, queryset: QuerySet) -> QuerySet:
        if not self.restricted_collection_ids:
            return queryset
        return queryset.exclude(collection_id__in=self.restricted_collection_ids)

    @property
    def has_leaves(self) -> bool:
        return isinstance(self.restricted_leaf_paths, QuerySet) or bool(
            self.restricted_leaf_paths
        )

    def with_listed_leaves(self) -> SearchVisibility:
        """The leaves read once into a tuple, for engines outside the database."""
        if not isinstance(self.restricted_leaf_paths, QuerySet):
            return self
        return SearchVisibility(
            tuple(self.restricted_leaf_paths), self.restricted_path_prefixes,
            self.restricted_collection_ids,
        )


LISTED_LEAVES_MAX = 200


def search_visibility(user) -> SearchVisibility:
    """What `user` may not open among pages and documents, read in one query.

    Restricted pages without children are matched by path (one `IN`, however many
    restricted minutes there are); the others hide their whole subtree by prefix.
    """
    from django.db.models import CharField, Exists, F, OuterRef, Value
    from django.db.models.functions import Cast, Length, Substr
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    pages = _failed_restrictions(user, PageViewRestriction).order_by().values_list(
        Value("page", output_field=CharField()), "page__path", "page__numchild"
    )
    failed_collections = _failed_restrictions(user, CollectionViewRestriction).filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    collections = Collection.objects.filter(Exists(failed_collections)).order_by().values_list(
        Value("collection", output_field=CharField()), Cast("pk", CharField()), F("depth")
    )
    leaves, prefixes, collection_ids = set(), [], []
    for kind, key, number in pages.union(collections, all=True):
        if kind == "collection":
            collection_ids.append(int(key))
        elif number:
            prefixes.append(key)
        else:
            leaves.add(key)
    # A subtree inside another hidden subtree needs no clause of its own.
    kept: list[str] = []
    for prefix in sorted(prefixes):
        if not any(prefix.startswith(outer) for outer in kept):
            kept.append(prefix)
    leaves = {path for path in leaves if not any(path.startswith(p) for p in kept)}
    listed_leaves: tuple[str, ...] | QuerySet = tuple(sorted(leaves))
    if len(leaves) > LISTED_LEAVES_MAX:
        listed_leaves = _failed_restrictions(user, PageViewRestriction).filter(
            page__numchild=0
        ).values("page__path")
    return SearchVisibility(
        restricted_leaf_paths=listed_leaves,
        restricted_path_prefixes=tuple(kept),
        restricted_collection_ids=tuple(sorted(collection_ids)),
    )


def _lookup_values(q: Q, lookup: str) -> Iterable[int]:
    for child in q.children:
        if isinstance(child, Q):
            yield from _lookup_values(child, lookup)
        elif child[0] == lookup:
            yield from child[1]


def anchor_ids(user, action: Action, kind: Anchor | str) -> frozenset[int] | None:
    """Ids of the anchors of `kind` (territories, buyers…) through which `user` may
    `action` the objects hanging from them; None means all of them (administrators).

    For engines that filter outside the database (Elasticsearch): an object whose
    `permission_anchors` reach one of these ids is open, exactly as
    `filter_queryset` decides in SQL.
    """
    g = grants_for(user)
    if g.superuser:
        return None
    q = _rule(Action(action), g, {str(kind): "pk"}) if g.authenticated else None
    return frozenset() if q is None else frozenset(_lookup_values(q, "pk__in"))


def assignable_facilitators(user, market) -> QuerySet:
    """The accounts that may be put in charge of `market`: the facilitators of its
    territories (lead and co-territories) and the coordinators of their networks, and
    whoever is in charge now."""
    accounts = get_user_model().objects.filter(is_active=True)
    territory_ids = [market.lead_territory_id, *market.territories.values_list("pk", flat=True)]
    chosen = Q(groups__facilitated_territory__in=territory_ids) | Q(
        groups__coordinated_network__territories__in=territory_ids
    )
    if market.facilitator_id:
        chosen |= Q(pk=market.facilitator_id)
    return accounts.filter(pk__in=accounts.filter(chosen).values("pk"))
