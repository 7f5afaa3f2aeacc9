"""Conventions that concern a person: those of the territories or organisations they follow."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from network.models import Organisation, Territory
from network.permissions.grants import Action, grants_for
from network.permissions.rules import filter_queryset


def followed_conventions(user, queryset: QuerySet) -> QuerySet:
    """The conventions of `queryset` covering a territory `user` may view or signed by an
    organisation they may view (every one for administrators), in the database."""
    if grants_for(user).superuser:
        return queryset
    territories = filter_queryset(user, Action.VIEW, Territory.objects.all())
    organisations = filter_queryset(user, Action.VIEW, Organisation.objects.all())
    concerned = queryset.model._default_manager.filter(
        Q(territories__in=territories) | Q(parties__organisation__in=organisations)
    )
    return queryset.filter(pk__in=concerned.values("pk"))
