"""Bilans (consolidated figures): who reads which scope.

A territory's bilan is open to whom may VIEW the territory, a buyer's to whom may
VIEW the organisation, a market's to whom may VIEW the market (all through the rule
table). The consolidated ones follow.
"""

from __future__ import annotations

import dataclasses
import hashlib

from django.db.models import QuerySet

from network.models import Convention, Network
from network.permissions.grants import Action, grants_for
from network.permissions.rules import has_permission


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


def bilan_reader_fingerprint(user) -> str:
    """A digest of everything of `user` that decides which bilans they read (their
    grants, read on this request): two readers with the same one read the same scopes,
    and a role given or taken away changes it at once."""
    g = grants_for(user)
    parts = []
    for f in dataclasses.fields(g):
        value = getattr(g, f.name)
        if isinstance(value, dict):
            value = sorted((pk, str(role)) for pk, role in value.items())
        elif isinstance(value, frozenset):
            value = sorted(value)
        parts.append(f"{f.name}={value!r}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def may_read_bilan(user, obj) -> bool:
    """Whether `user` reads the bilan of `obj`: None for the national one, a network, a
    convention, or a territory, buyer or market (whoever may view it)."""
    if obj is None:
        return may_read_national_bilan(user)
    if isinstance(obj, Network):
        return bilan_networks(user, Network.objects.filter(pk=obj.pk)).exists()
    if isinstance(obj, Convention):
        return bilan_conventions(user, Convention.objects.filter(pk=obj.pk)).exists()
    return has_permission(user, Action.VIEW, obj)
