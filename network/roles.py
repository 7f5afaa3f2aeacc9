"""Giving and taking away the roles of DESIGN.md §5.

A role is a membership of the group of its anchor (see network/groups.py):
these functions only add or remove the user from that group. The Wagtail
admin's "Comptes et rôles" form, the demo seeds and the tests all go through
here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from network import groups
from network.models import Committee, Network, Organisation, Profile, Territory
from network.permissions import EDITORS_GROUP, MODERATORS_GROUP, forget_grants


def profile_of(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def set_organisation(user, organisation: Organisation | None) -> Profile:
    profile = profile_of(user)
    if profile.organisation_id != (organisation.pk if organisation else None):
        profile.organisation = organisation
        profile.save(update_fields=["organisation"])
    return profile


def make_facilitator(user, territory: Territory) -> None:
    if territory.facilitators_group_id is None:
        groups.provision_territory(territory)
    user.groups.add(territory.facilitators_group)
    forget_grants(user)


def make_coordinator(user, network: Network) -> None:
    if network.coordinators_group_id is None:
        groups.provision_network(network)
    user.groups.add(network.coordinators_group)
    forget_grants(user)


def make_buyer_referent(user, organisation: Organisation) -> None:
    # Buyer groups are made on demand: most organisations are not buyers.
    user.groups.add(groups.provision_buyer(organisation))
    forget_grants(user)


def make_company_referent(user, organisation: Organisation) -> None:
    # Like buyers, company groups are made when a company's first referent is invited.
    user.groups.add(groups.provision_company(organisation))
    forget_grants(user)


def remove_company_referent(user, organisation: Organisation) -> None:
    if organisation.company_referents_group_id:
        user.groups.remove(organisation.company_referents_group_id)
    forget_grants(user)


def add_committee_member(user, committee: Committee) -> None:
    if committee.members_group_id is None:
        groups.provision_committee(committee)
    user.groups.add(committee.members_group)
    forget_grants(user)


def remove_committee_member(user, committee: Committee) -> None:
    if committee.members_group_id:
        user.groups.remove(committee.members_group_id)
    forget_grants(user)


def make_editor(user) -> None:
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    forget_grants(user)


def make_moderator(user) -> None:
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    forget_grants(user)


def current_roles(user) -> dict[str, list]:
    """The anchors of each role the user holds, as the admin form shows them."""
    group_ids = list(user.groups.values_list("pk", flat=True)) if user.pk else []
    return {
        "territories": list(Territory.objects.filter(facilitators_group__in=group_ids)),
        "networks": list(Network.objects.filter(coordinators_group__in=group_ids)),
        "buyers": list(Organisation.objects.filter(buyer_referents_group__in=group_ids)),
        "companies": list(Organisation.objects.filter(company_referents_group__in=group_ids)),
        "committees": list(Committee.objects.filter(members_group__in=group_ids)),
    }


@transaction.atomic
def set_roles(
    user,
    *,
    territories: Iterable[Territory],
    networks: Iterable[Network],
    buyers: Iterable[Organisation],
    committees: Iterable[Committee],
    companies: Iterable[Organisation] | None = None,
) -> None:
    """Make the user hold exactly these anchored roles, leaving other groups alone.

    `companies` None leaves the company-referent roles as they are."""

    def leave(group_field):
        return lambda user, anchor: user.groups.remove(getattr(anchor, group_field))

    wanted = {
        "territories": (territories, make_facilitator, leave("facilitators_group_id")),
        "networks": (networks, make_coordinator, leave("coordinators_group_id")),
        "buyers": (buyers, make_buyer_referent, leave("buyer_referents_group_id")),
        "committees": (committees, add_committee_member, remove_committee_member),
        # The same functions as an accepted invitation (clauses.operations.company_referents).
        "companies": (companies, make_company_referent, remove_company_referent),
    }
    held = current_roles(user)
    for key, (anchors, grant, revoke) in wanted.items():
        if anchors is None:
            continue
        anchors = list(anchors)
        keep = {a.pk for a in anchors}
        for anchor in held[key]:
            if anchor.pk not in keep:
                revoke(user, anchor)
        have = {a.pk for a in held[key]}
        for anchor in anchors:
            if anchor.pk not in have:
                grant(user, anchor)
    forget_grants(user)
