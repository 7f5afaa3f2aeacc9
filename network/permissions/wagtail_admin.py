"""The Wagtail admin's adapter: the policy as Wagtail's permission policy.

Registered for every anchored model (network/policies.py, clauses/viewsets.py).
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from network.permissions.grants import Action, grants_for
from network.permissions.refusals import require
from network.permissions.rules import (
    anchors_for,
    condition,
    filter_queryset,
    has_any_anchor,
    has_permission,
    is_anchor_model,
    paths,
)

# A model-wide Django permission that only administrators hold (they hold every
# one): fields whose panel asks for it (those moving a record between anchors) are
# shown to them only; a facilitator edits the rest of their territory.
ADMIN_ONLY = "network.add_territory"

_WAGTAIL_ACTIONS = {
    "view": Action.VIEW,
    "change": Action.CHANGE,
    "delete": Action.DELETE,
    "add": Action.CHANGE,
}


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

    def seen_from_parent(of_action: Action) -> dict[str, tuple[str, ...]]:
        anchors: dict[str, tuple[str, ...]] = {}
        for kind, declared in anchors_for(model, of_action).items():
            through = tuple(
                "pk" if p == field_name else p[len(prefix):]
                for p in paths(declared) if p == field_name or p.startswith(prefix)
            )
            if through:
                anchors[kind] = through
        return anchors

    q = condition(Action(action), g, seen_from_parent) if g.authenticated else None
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
        # Deleting is the rule table's answer (anchors declare it for administrators).
        return action not in _WAGTAIL_ACTIONS or (
            action == "add" and is_anchor_model(self.model)
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

    def require_for_instance(self, user, action, instance) -> None:
        """The admin screens' instance check, refused with the 404 or 403 every other
        screen answers (refusals.py). `action` is one of "view", "change", "delete"."""
        require(user, _WAGTAIL_ACTIONS[action], instance)

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
