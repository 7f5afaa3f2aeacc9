"""Queries of the public directory (/reseau/).

Each page reads a fixed number of queries whatever the number of rows:
lists use select_related and counts are subqueries. /reseau/ reads four,
so that it stays within its budget of ten with the session, the account
and Wagtail's user bar of a signed-in facilitator.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from network.departements import departement_label
from network.models import (
    Committee,
    Contact,
    Convention,
    ConventionCommitment,
    ConventionDocument,
    Meeting,
    Network,
    Organisation,
    Territory,
)
from network.permissions import can_see_contacts, is_committee_member, visible_pages

UNKNOWN_DEPARTEMENT = "Département non renseigné"


def _count(queryset, field: str) -> Coalesce:
    """A correlated COUNT, so that two counts never multiply each other's rows."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def territories_by_departement(territories) -> list[tuple[str, list[Territory]]]:
    """Territories under each of their départements (a territory may span several)."""
    grouped: dict[str, list[Territory]] = defaultdict(list)
    for territory in territories:
        for code in territory.departements or [""]:
            grouped[code].append(territory)
    ordered = sorted(grouped.items(), key=lambda item: (item[0] == "", item[0]))
    return [
        (departement_label(code) if code else UNKNOWN_DEPARTEMENT, items)
        for code, items in ordered
    ]


def directory_index() -> dict:
    networks = Network.objects.annotate(
        organisation_count=_count(Organisation.networks.through.objects, "network"),
        territory_count=_count(Territory.objects, "network"),
    )
    territories = Territory.objects.select_related("organisation", "network")
    return {
        "networks": list(networks),
        "departements": territories_by_departement(territories),
        # Parties are on each convention's page: the list keeps to one query.
        "conventions": list(Convention.objects.all()),
        "committees": list(Committee.objects.select_related("convention", "network")),
    }


def network_detail(network: Network) -> dict:
    return {
        "network": network,
        "organisations": list(network.organisations.all()),
        "territories": list(network.territories.select_related("organisation")),
        "conventions": list(network.conventions.all()),
        "committees": list(network.committees.all()),
    }


def organisation_detail(organisation: Organisation, user) -> dict:
    return {
        "organisation": organisation,
        "networks": list(organisation.networks.all()),
        "territories": list(organisation.territories.select_related("network")),
        "parties": list(organisation.convention_parties.select_related("convention")),
        "contacts": list(organisation.contacts.all()) if can_see_contacts(user) else None,
    }


def territory_detail(territory: Territory, user) -> dict:
    contacts = None
    if can_see_contacts(user) and territory.organisation_id:
        contacts = list(Contact.objects.filter(organisation=territory.organisation_id))
    return {
        "territory": territory,
        "conventions": list(territory.conventions.all()),
        "contacts": contacts,
    }


def commitments_by_party(commitments) -> list[tuple[Organisation, list[ConventionCommitment]]]:
    """Each party's commitments, in the order of the convention's articles."""
    return [
        (organisation, list(items))
        for organisation, items in groupby(commitments, key=lambda c: c.organisation)
    ]


def convention_detail(convention: Convention) -> dict:
    commitments = convention.commitments.select_related("organisation").order_by("sort_order")
    return {
        "convention": convention,
        "parties": list(convention.parties.select_related("organisation")),
        "commitments": commitments_by_party(commitments),
        "documents": list(
            ConventionDocument.objects.filter(convention=convention).select_related("document")
        ),
        "committees": list(convention.committees.all()),
        "territories": list(convention.territories.all()),
    }


def published_minutes(user):
    """The minutes pages (a model of the library, reached through the meeting's reverse
    relation) that are live and that `user` may open."""
    minutes_model = Meeting._meta.get_field("minutes").related_model
    return visible_pages(user, minutes_model.objects.live()).order_by("-first_published_at")


def committee_detail(committee: Committee, user) -> dict:
    member_view = is_committee_member(user, committee)
    signed_in = can_see_contacts(user)
    meetings = Meeting.objects.filter(committee=committee).order_by("starts_at")
    if not signed_in:
        meetings = meetings.filter(is_public=True)
    if member_view:
        meetings = meetings.prefetch_related("action_items__owner")
    meetings = meetings.prefetch_related(Prefetch(
        "minutes", queryset=published_minutes(user), to_attr="published_minutes"
    ))
    members = None
    if signed_in and committee.members_group_id:
        members = list(
            get_user_model()
            .objects.filter(groups=committee.members_group_id, is_active=True)
            .select_related("profile__organisation")
            .order_by("last_name", "first_name", "username")
        )
    return {
        "committee": committee,
        "meetings": list(meetings),
        "members": members,
        "member_view": member_view,
        "signed_in": signed_in,
    }
