"""Demo data of the network app (seed_demo). Idempotent.

The real entities of the seeds (network/demo_data.py) are always loaded.
Demo accounts, one per role, and a little workspace activity are added
outside production only: they share a known password (DEMO_PASSWORD).

What exists is never overwritten: an editor's changes survive a second run.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from network import demo_data as data
from network import roles, workspaces
from network.enums import ActionStatus, CommitteeKind, WorkspaceKind, WorkspaceRole
from network.models import (
    ActionItem,
    Committee,
    Contact,
    Convention,
    ConventionCommitment,
    ConventionParty,
    Meeting,
    Network,
    Organisation,
    Territory,
    Workspace,
)
from network.notifications import reminders
from network.workspaces import set_workspace_role


def demo_accounts_allowed() -> bool:
    """Never in production: the demo password is public (README)."""
    module = getattr(settings, "SETTINGS_MODULE", "") or ""
    if module.endswith(".production"):
        return False
    return bool(getattr(settings, "DEMO_ACCOUNTS_ENABLED", True))


@transaction.atomic
def seed() -> None:
    networks = seed_networks()
    organisations = seed_organisations(networks)
    territories = seed_territories(organisations, networks)
    conventions = seed_conventions(organisations, networks, territories)
    seed_committees(conventions, networks)
    if demo_accounts_allowed():
        seed_demo_accounts()


def seed_networks() -> dict[str, Network]:
    networks = {}
    for item in data.NETWORKS:
        networks[item["slug"]], _ = Network.objects.get_or_create(
            slug=item["slug"],
            defaults={k: v for k, v in item.items() if k != "slug"},
        )
    return networks


def seed_organisations(networks) -> dict[str, Organisation]:
    organisations = {}
    for slug, name, acronym, kind, network_slugs, address, postal_code, city in data.ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "acronym": acronym, "kind": kind, "address": address,
                      "postal_code": postal_code, "city": city},
        )
        if created:
            organisation.networks.set([networks[s] for s in network_slugs])
        organisations[slug] = organisation
    for slug, name, job_title in data.CONTACTS:
        Contact.objects.get_or_create(
            organisation=organisations[slug], name=name, defaults={"job_title": job_title}
        )
    return organisations


def seed_territories(organisations, networks) -> dict[str, Territory]:
    territories = {}
    for slug, name, departements, communes, org, network, description in data.TERRITORIES:
        territories[slug], _ = Territory.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name, "departements": departements, "communes": communes,
                "organisation": organisations.get(org), "network": networks[network],
                "description": description,
            },
        )
    return territories


def seed_conventions(organisations, networks, territories) -> dict[str, Convention]:
    conventions = {}
    for item in data.CONVENTIONS:
        convention, created = Convention.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"], "summary": item["summary"],
                "signed_on": item["signed_on"], "signed_at": item["signed_at"],
                "starts_on": item["starts_on"], "ends_on": item["ends_on"],
                "network": networks[item["network"]],
            },
        )
        if created:
            convention.territories.set([territories[s] for s in item["territories"]])
            ConventionParty.objects.bulk_create(
                ConventionParty(
                    convention=convention, organisation=organisations[org], sort_order=i,
                    signatory_name=name, signatory_title=title,
                )
                for i, (org, name, title) in enumerate(item["parties"])
            )
            ConventionCommitment.objects.bulk_create(
                ConventionCommitment(
                    convention=convention, organisation=organisations[org], sort_order=i,
                    article=article, text=text,
                )
                for i, (org, article, text) in enumerate(item["commitments"])
            )
        conventions[item["slug"]] = convention
    return conventions


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment, timezone.get_default_timezone())


def seed_committees(conventions, networks) -> dict[str, Committee]:
    committees = {}
    for item in data.COMMITTEES:
        committees[item["slug"]], _ = Committee.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"], "kind": item["kind"], "description": item["description"],
                "convention": conventions.get(item["convention"]),
                "network": networks.get(item["network"]),
            },
        )
    for slug, title, starts_at, place, agenda in data.MEETINGS:
        Meeting.objects.get_or_create(
            committee=committees[slug], title=title,
            defaults={"starts_at": _aware(starts_at), "place": place, "agenda": agenda,
                      "attendees": data.COPIL_ATTENDEES, "is_public": True},
        )
    return committees


# --- Outside production only ---------------------------------------------------


def seed_demo_accounts() -> None:
    User = get_user_model()
    accounts = {}
    for username, first_name, last_name, role, anchor, organisation in data.DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name,
                      "email": f"{username}@demo.invalid",
                      "is_superuser": role == "administrator",
                      "is_staff": role == "administrator"},
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            _grant(user, role, anchor)
            if organisation:
                roles.set_organisation(user, Organisation.objects.get(slug=organisation))
        accounts[username] = user
    _seed_workspace_activity(accounts)


def _grant(user, role: str, anchor: str | None) -> None:
    if role == "editor":
        roles.make_editor(user)
    elif role == "coordinator":
        roles.make_coordinator(user, Network.objects.get(slug=anchor))
    elif role == "facilitator":
        roles.make_facilitator(user, Territory.objects.get(slug=anchor))
    elif role == "buyer_referent":
        roles.make_buyer_referent(user, Organisation.objects.get(slug=anchor))
    elif role == "committee_member":
        roles.add_committee_member(user, Committee.objects.get(slug=anchor))
    # A company referent's company is made by clauses.demo, which invites them.
    if role in ("coordinator", "facilitator"):
        # The regional facilitators' network gathers them (annex of the convention).
        facilitators = Committee.objects.filter(kind=CommitteeKind.FACILITATORS,
                                                slug="reseau-facilitateurs-bourgogne").first()
        if facilitators is not None:
            roles.add_committee_member(user, facilitators)


def _seed_workspace_activity(accounts) -> None:
    """A few posts, actions and meetings, so that /espace/ and each demo account's
    notifications are not empty: posts and workspace actions through the workspace
    operations (network/workspaces.py), which tell the members; then the reminders due
    today (a meeting within 7 days).

    Made once: their dates are relative to the day of the first run.
    """
    today = timezone.localdate()
    dijon = Workspace.objects.filter(kind=WorkspaceKind.TERRITORY,
                                     territory__slug="bassin-dijonnais").first()
    if dijon is not None and not dijon.posts.exists():
        workspaces.add_post(
            dijon, accounts["coordination.bourgogne"],
            "Les prévisions de marchés de l'année sont arrivées de la mission régionale "
            "des achats : repérons ensemble les marchés qui peuvent porter une clause.",
        )
        workspaces.add_action_item(
            dijon, accounts["coordination.bourgogne"], owner=accounts["facilitateur.dijon"],
            description="Rendre au CMRA l'avis de faisabilité des clauses sur les prévisions "
            "de marchés de l'année.",
            due_on=today + datetime.timedelta(days=15), status=ActionStatus.OPEN,
        )
    facilitators = Committee.objects.filter(slug="reseau-facilitateurs-bourgogne").first()
    if facilitators is not None:
        meeting, created = Meeting.objects.get_or_create(
            committee=facilitators, title="Réunion du réseau régional des facilitateurs "
            "(démonstration)",
            defaults={
                # Within 7 days: its members find the reminder among their notifications.
                "starts_at": _aware(datetime.datetime.combine(
                    today + datetime.timedelta(days=6), datetime.time(9, 30))),
                "place": "Maison de l'emploi et de la formation du Bassin dijonnais, Dijon",
                "agenda": "Marchés lancés et attribués.\nSuivi des heures d'insertion.\n"
                "Préparation du bilan annuel pour l'État.",
                "attendees": "Facilitateurs des territoires de Bourgogne\nCoordination régionale",
            },
        )
        if created:
            ActionItem.objects.create(
                meeting=meeting, owner=accounts["facilitateur.nevers"],
                description="Transmettre au facilitateur régional l'avancée des objectifs "
                "d'insertion du territoire.",
                due_on=today + datetime.timedelta(days=30), status=ActionStatus.OPEN,
            )
    copil = Committee.objects.filter(slug="copil-cub-urpa").first()
    copil_space = getattr(copil, "workspace", None) if copil else None
    if copil_space is not None and not copil_space.action_items.exists():
        _copil_activity(copil_space, accounts, today)
    # A meeting within 7 days: told to the committee's members now.
    reminders.produce(today)


def _copil_activity(space, accounts, today) -> None:
    """The portal's administrator manages the CUB / URPA committee's workspace and
    URPA's editor contributes to it: they hear of what its members post there."""
    set_workspace_role(space, accounts["admin"], WorkspaceRole.MANAGER)
    set_workspace_role(space, accounts["editeur"], WorkspaceRole.CONTRIBUTOR)
    workspaces.add_action_item(
        space, accounts["admin"], owner=accounts["membre.urpa"],
        description="Rassembler les bilans des six PLIE pour le bilan définitif de "
        "l'accord-cadre.",
        due_on=today + datetime.timedelta(days=10), status=ActionStatus.IN_PROGRESS,
    )
    workspaces.add_action_item(
        space, accounts["membre.urpa"], owner=accounts["editeur"],
        description="Publier dans la bibliothèque le retour d'expérience des clauses "
        "sociales de la CUB.",
        due_on=today + datetime.timedelta(days=20), status=ActionStatus.OPEN,
    )
    workspaces.add_post(
        space, accounts["membre.urpa"],
        "Pour le bilan à mi-parcours, apportez les chiffres des heures réalisées par PLIE "
        "depuis la signature.",
    )
