"""The rule table: which grants open which action, through which anchors.

`RULES` maps each action to its openings (an anchor kind and the grant slot whose
ids open it) and, for some actions, another action the object must be open to as
well. A model says how to reach its anchors (`permission_anchors`, and per action
`permission_anchors_for`; see the package docstring). Every answer of the policy is
computed from these two: the SQL filter (`filter_queryset`), the object check
(`has_permission`), the per-kind ids for engines outside the database
(`anchor_ids`) and the parents offered by admin forms.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from network.enums import WorkspaceRole
from network.permissions.grants import Action, Anchor, Grant, Grants, grants_for, holders_q

AnchorPaths = Mapping[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Opening:
    """Objects whose anchor of `kind` is among the ids `granted` returns are open.

    With `via`, the grant names something the anchor points to (a coordinator holds
    networks, the anchor is a territory): the anchor's `via` relation is compared.
    """

    kind: Anchor
    granted: Grant
    via: str = ""


@dataclass(frozen=True)
class Rule:
    openings: tuple[Opening, ...]
    # The object must be open to this action too (both conditions hold).
    also: Action | None = None


_followed = Grant("followed_territories")
_personal_data = Grant("personal_data_territories")
_buyers = Grant("buyer_organisations")
_forecasters = Grant("forecast_organisations")
_companies = Grant("company_organisations")
_committees = Grant("committees")
_coordinated = Grant("coordinated_networks")


def _workspaces(minimum: WorkspaceRole) -> Grant:
    return Grant("workspace_roles", minimum=minimum)


_READ = (
    Opening(Anchor.TERRITORY, _followed),
    Opening(Anchor.BUYER, _buyers),
    Opening(Anchor.COMMITTEE, _committees),
    Opening(Anchor.WORKSPACE, _workspaces(WorkspaceRole.READER)),
    # A company referent: only what models anchor on a company (their lots with a
    # clause, those clauses, the placements and hours of the people they employ).
    Opening(Anchor.COMPANY, _companies),
)
_WRITE = (
    Opening(Anchor.TERRITORY, _followed),
    Opening(Anchor.WORKSPACE, _workspaces(WorkspaceRole.CONTRIBUTOR)),
)
# Regional coordinators, for the territories of their network.
_COORDINATION = (Opening(Anchor.TERRITORY, _coordinated, via="network"),)

RULES: Mapping[Action, Rule] = MappingProxyType({
    Action.VIEW: Rule(_READ),
    Action.DOWNLOAD: Rule(_READ),
    Action.CHANGE: Rule(_WRITE),
    # Models narrow it: a market to its lead territory, an anchor to administrators.
    Action.DELETE: Rule(_WRITE),
    # Who leads a market: the facilitators of the territory and their coordinators,
    # never a buyer (models narrow it to the lead territory).
    Action.CHANGE_LEAD: Rule((Opening(Anchor.TERRITORY, _followed),)),
    # Hours, placements and outcomes: whoever may see the person's data, on
    # something they may see (models anchor it on the beneficiary's territory).
    Action.DECLARE: Rule((Opening(Anchor.TERRITORY, _personal_data),), also=Action.VIEW),
    # A month of hours: DECLARE's holders, and the referents of the company employing the
    # person (clauses.operations.declarations keeps theirs "declared" until validated).
    Action.DECLARE_HOURS: Rule(
        (Opening(Anchor.TERRITORY, _personal_data), Opening(Anchor.COMPANY, _companies)),
        also=Action.VIEW,
    ),
    # A company referent proposes a hire on their company's clauses (a facilitator then
    # opens the placement, or refuses).
    Action.PROPOSE_HIRE: Rule((Opening(Anchor.COMPANY, _companies),), also=Action.VIEW),
    # Validating (or rejecting) hours a company declared: the person's facilitators and
    # their coordinators, never a company.
    Action.VALIDATE_HOURS: Rule((Opening(Anchor.TERRITORY, _personal_data),), also=Action.VIEW),
    Action.CONTRIBUTE: Rule((Opening(Anchor.WORKSPACE, _workspaces(WorkspaceRole.CONTRIBUTOR)),)),
    Action.MANAGE_MEMBERS: Rule((Opening(Anchor.WORKSPACE, _workspaces(WorkspaceRole.MANAGER)),)),
    # Facilitators of the territory and their coordinators only: never buyers, even
    # for their own markets.
    Action.VIEW_PERSONAL_DATA: Rule((Opening(Anchor.TERRITORY, _personal_data),)),
    Action.SUBMIT_FORECAST: Rule((Opening(Anchor.BUYER, _forecasters),)),
    Action.ASSESS_FORECAST: Rule(_COORDINATION),
    Action.VIEW_AUDIT_LOG: Rule(_COORDINATION),
    # The draft DCE of a market is sent by its buyer's referents (those who submit its
    # forecasts) or by the facilitators; reviewed by the facilitators and their
    # coordinators; published without a conforming review on a coordinator's word only
    # (models narrow all three to the lead territory).
    Action.SUBMIT_DCE: Rule(
        (Opening(Anchor.TERRITORY, _followed), Opening(Anchor.BUYER, _forecasters)),
        also=Action.VIEW,
    ),
    Action.REVIEW_DCE: Rule((Opening(Anchor.TERRITORY, _followed),)),
    Action.OVERRIDE_PUBLICATION: Rule(_COORDINATION),
    # A company's follow-up (documents exchanged, meetings): recorded by whoever follows a
    # territory where it holds a lot, the territory half of seeing its page (never its
    # buyer's or its own referents); another's record is removed by the coordination only.
    Action.FOLLOW_UP_COMPANY: Rule((Opening(Anchor.TERRITORY, _followed),)),
    Action.MODERATE_FOLLOW_UP: Rule(_COORDINATION),
})

# The model of each anchor kind, for ids reached through `Opening.via`.
ANCHOR_MODELS = {
    Anchor.TERRITORY: "network.Territory",
    Anchor.BUYER: "network.Organisation",
    Anchor.COMMITTEE: "network.Committee",
    Anchor.WORKSPACE: "network.Workspace",
    Anchor.COMPANY: "network.Organisation",
}


# --- Anchors declared by the models ------------------------------------------


def anchors_of(model: type[Model]) -> AnchorPaths:
    """The model's anchors for viewing (and every action it does not list apart)."""
    anchors = getattr(model, "permission_anchors", None)
    if anchors is None:
        raise TypeError(f"{model.__name__} declares no permission_anchors")
    return anchors


def anchors_for(model: type[Model], action: Action | str) -> AnchorPaths:
    """The anchors through which `action` is decided on `model`: its own entry in
    `permission_anchors_for` if it has one (an empty one: administrators only),
    `permission_anchors` otherwise."""
    per_action = getattr(model, "permission_anchors_for", None) or {}
    if action in per_action:
        return per_action[action]
    return anchors_of(model)


def is_anchor_model(model: type[Model]) -> bool:
    """Territories, committees, workspaces… anchor themselves (path "pk")."""
    return any(path == "pk" for path in anchors_of(model).values())


def declares_openings(model: type[Model], action: Action | str) -> bool:
    """Whether anything but an administrator could ever `action` a `model` (whatever the
    person): False when none of the model's anchors for it is one the rule opens by."""
    anchors = anchors_for(model, action)
    return any(anchors.get(opening.kind) for opening in RULES[Action(action)].openings)


def paths(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _through(path: str, via: str) -> str:
    if not via:
        return path
    return via if path == "pk" else f"{path}__{via}"


@functools.cache
def _crosses_many(model: type[Model], path: str) -> bool:
    """Whether `path` goes through a many-to-many or reverse foreign key (rows repeat)."""
    opts = model._meta
    for name in path.split("__"):
        if name == "pk":
            return False
        field = opts.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        opts = field.related_model._meta
    return False


# --- Answers -----------------------------------------------------------------

AnchorsOf = Callable[[Action], AnchorPaths]


def _opened(action: Action, g: Grants, anchors: AnchorPaths) -> Q | None:
    parts: list[Q] = []
    for opening in RULES[action].openings:
        declared = anchors.get(opening.kind)
        if not declared:
            continue
        ids = sorted(opening.granted(g))
        if ids:
            parts += [Q(**{f"{_through(path, opening.via)}__in": ids}) for path in paths(declared)]
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def condition(action: Action, g: Grants, anchors_of_action: AnchorsOf) -> Q | None:
    """The filter opening `action` to grants `g`, on objects whose anchors for each
    action `anchors_of_action` gives; None when nothing is open (skip the query)."""
    action = Action(action)
    q = _opened(action, g, anchors_of_action(action))
    also = RULES[action].also
    if q is None or also is None:
        return q
    required = condition(also, g, anchors_of_action)
    return None if required is None else q & required


def _used_paths(action: Action, model: type[Model]) -> Iterable[str]:
    while action is not None:
        for declared in anchors_for(model, action).values():
            yield from paths(declared)
        action = RULES[action].also


def filter_queryset(user, action: Action, queryset: QuerySet) -> QuerySet:
    """The objects of `queryset` that `user` may `action`, filtered in the database."""
    g = grants_for(user)
    if g.superuser:
        return queryset
    if not g.authenticated:
        return queryset.none()
    action = Action(action)
    model = queryset.model
    q = condition(action, g, functools.partial(anchors_for, model))
    if q is None:
        return queryset.none()
    filtered = queryset.filter(q)
    # Paths through many-to-many relations may repeat rows.
    if any(_crosses_many(model, path) for path in _used_paths(action, model)):
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
    return condition(Action(action), g, functools.partial(anchors_for, model)) is not None


def anchor_ids(user, action: Action, kind: Anchor | str) -> frozenset[int] | None:
    """Ids of the anchors of `kind` (territories, buyers…) through which `user` may
    `action` the objects hanging from them; None means all of them (administrators).

    Read from the rule table and the grants, as `filter_queryset` is: for engines that
    filter outside the database (Elasticsearch), an object whose anchors of a kind
    reach one of these ids is open. An action that also needs another one cannot be
    told as ids per kind (ValueError).
    """
    g = grants_for(user)
    if g.superuser:
        return None
    action, kind = Action(action), Anchor(kind)
    rule = RULES[action]
    if rule.also is not None:
        raise ValueError(f"{action} also needs {rule.also}: use filter_queryset")
    if not g.authenticated:
        return frozenset()
    ids: set[int] = set()
    for opening in rule.openings:
        granted = opening.granted(g) if opening.kind == kind else frozenset()
        if granted and opening.via:
            anchors = apps.get_model(ANCHOR_MODELS[kind])._default_manager
            ids.update(anchors.filter(**{f"{opening.via}__in": sorted(granted)})
                       .values_list("pk", flat=True))
        else:
            ids |= granted
    return frozenset(ids)



def _holding(action: Action, obj: Model) -> Q | None:
    """The filter on accounts opening `action` on `obj`: for each opening of the rule, the
    accounts holding its grant on one of the object's anchors (read in one query per
    anchor path); None when no anchor of the object opens it."""
    model = type(obj)
    anchors = anchors_for(model, action)
    rows = model._default_manager.filter(pk=obj.pk)
    parts: list[Q] = []
    for opening in RULES[action].openings:
        declared = anchors.get(opening.kind)
        if not declared:
            continue
        ids = {
            pk for path in paths(declared)
            for pk in rows.values_list(_through(path, opening.via), flat=True) if pk is not None
        }
        if ids:
            parts.append(holders_q(opening.granted, ids))
    if not parts:
        return None
    q = functools.reduce(lambda a, b: a | b, parts)
    also = RULES[action].also
    if also is None:
        return q
    required = _holding(also, obj)
    return None if required is None else q & required


def holders(action: Action, obj: Model) -> QuerySet:
    """The active accounts whose grants open `action` on `obj`: the rule table read the
    other way round (who may, where `has_permission` asks whether one person may).

    Administrators count only through the grants they hold like anyone else: this
    answers "whose job is it", for notifications, not "who could look".
    """
    accounts = get_user_model()._default_manager
    if obj is None or obj.pk is None:
        return accounts.none()
    q = _holding(Action(action), obj)
    if q is None:
        return accounts.none()
    return accounts.filter(q, is_active=True)
