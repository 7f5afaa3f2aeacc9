"""Who a piece of news is for: the holders of a role on some anchors, among those the
rule table lets see the object (`holders`). Notifications compute their recipients here,
never from hand-kept lists."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from network.models import Territory
from network.permissions.grants import Action
from network.permissions.rules import holders


def _ids(objects: Iterable) -> list[int]:
    return sorted({getattr(o, "pk", o) for o in objects if o is not None})


def facilitators_of(territories: Iterable) -> QuerySet:
    """Active members of the facilitators' groups of these territories (or ids)."""
    return get_user_model()._default_manager.filter(
        is_active=True,
        pk__in=get_user_model()._default_manager.filter(
            groups__facilitated_territory__in=_ids(territories)
        ).values("pk"),
    )


def coordinators_of(territories: Iterable) -> QuerySet:
    """Active regional coordinators of the networks these territories (or ids) belong to."""
    networks = Territory.objects.filter(pk__in=_ids(territories), network__isnull=False)
    return get_user_model()._default_manager.filter(
        is_active=True,
        pk__in=get_user_model()._default_manager.filter(
            groups__coordinated_network__in=networks.values("network")
        ).values("pk"),
    )


def among_viewers(accounts: QuerySet, obj: Model, action: Action = Action.VIEW) -> QuerySet:
    """`accounts` reduced to those the rule table lets `action` (view) `obj`: whatever
    role picked them, nobody hears of an object they could not open."""
    return accounts.filter(pk__in=holders(action, obj).values("pk"))
