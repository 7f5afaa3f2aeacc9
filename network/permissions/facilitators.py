"""Who may be put in charge of a market's clause (its facilitator)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from network.models import Territory
from network.permissions.grants import Action
from network.permissions.rules import filter_queryset


def assignable_facilitators(user, market, accounts: QuerySet | None = None) -> QuerySet:
    """The accounts (of `accounts`, every account by default) that `user` may choose as
    `market`'s facilitator: the facilitators of a territory `user` may change, the
    coordinators of those territories' networks, and whoever is in charge already."""
    if accounts is None:
        accounts = get_user_model()._default_manager.all()
    territories = filter_queryset(user, Action.CHANGE, Territory.objects.all())
    return accounts.filter(pk__in=accounts.filter(
        Q(groups__facilitated_territory__in=territories)
        | Q(groups__coordinated_network__territories__in=territories)
        | Q(pk=market.facilitator_id)
    ).values("pk"))
