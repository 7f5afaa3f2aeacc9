"""Refusals: whether a person is told "not found" (404) or "forbidden" (403).

Decided here for the members' screens, the workspaces, the Wagtail admin and the API:

- 404 when the person may not view the object, whether or not it exists, so that
  its existence stays hidden (a market of another territory, a beneficiary);
- 403 when they may view it but not do the action (a buyer referent reads a
  market but does not change it);
- 403 for objects whose existence is public, even to who may not view them: a
  model says so with ``permission_existence_public = True`` (workspaces: the
  directory leads to each territory's and committee's);
- 404 for an action that only administrators ever do on that kind of object (its
  model declares no anchor the action opens by, e.g. deleting a territory): the
  screen does not exist for anyone else;
- 403 for what needs a role the person holds on no object at all (`require_any`):
  there is no object whose existence to hide.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.permissions.grants import Action
from network.permissions.rules import (
    declares_openings,
    filter_queryset,
    has_any_anchor,
    has_permission,
)

MESSAGE = "Vous n'avez pas le droit de faire cette action."


def existence_public(model: type[Model]) -> bool:
    return bool(getattr(model, "permission_existence_public", False))


def _answer(model: type[Model], action: Action | None, seen: bool,
            message: str | None) -> Exception:
    if action not in (None, Action.VIEW) and not declares_openings(model, action):
        return Http404()
    if seen or existence_public(model):
        return PermissionDenied(message or MESSAGE)
    return Http404()


def refusal(user, obj: Model, action: Action | None = None, message: str | None = None,
            *, within: Model | None = None) -> Exception:
    """What to raise when `user` may not `action` `obj`.

    `action` None stands for an operation that is not in the rule table (deleting
    someone else's message in a workspace). `within`: the object the person asked
    for, already found open to them, when `obj` is reached through it (a placement's
    beneficiary): the person knows it exists, so the answer is 403.
    """
    model = type(obj)
    seen = within is not None or (
        action != Action.VIEW
        and not existence_public(model)
        and has_permission(user, Action.VIEW, obj)
    )
    return _answer(model, action, seen, message)


def require(user, action: Action, obj: Model, message: str | None = None,
            *, within: Model | None = None) -> None:
    """Nothing if `user` may `action` `obj`; Http404 or PermissionDenied otherwise.

    One query when allowed; a second one, to choose the answer, when refused.
    """
    if not has_permission(user, action, obj):
        raise refusal(user, obj, Action(action), message, within=within)


def get_for(user, action: Action, queryset: QuerySet, *, message: str | None = None,
            **lookup) -> Model:
    """The object of `queryset` matching `lookup` if `user` may `action` it.

    Http404 if it does not exist or they may not view it, PermissionDenied if they
    may view it but not `action` it (see the module docstring). One query when
    allowed; a second one, to choose the answer, when refused.
    """
    action = Action(action)
    model = queryset.model
    if existence_public(model):
        obj = get_object_or_404(queryset, **lookup)
        require(user, action, obj, message)
        return obj
    opened = filter_queryset(user, Action.VIEW, queryset)
    if action != Action.VIEW:
        opened = filter_queryset(user, action, opened)
    try:
        return opened.get(**lookup)
    except model.DoesNotExist:
        pass
    seen = action != Action.VIEW and (
        filter_queryset(user, Action.VIEW, queryset).filter(**lookup).exists()
    )
    raise _answer(model, action, seen, message)


def require_any(user, action: Action, model: type[Model], message: str | None = None) -> None:
    """PermissionDenied unless `user` could `action` at least one `model` (a listing, a
    form to create one, an import)."""
    if not has_any_anchor(user, action, model):
        raise PermissionDenied(message or MESSAGE)
