"""Factories of the network app, for every app's tests.

Territories and committees come with their workspace (made by the
provisioning signals), so `WorkspaceFactory` returns that workspace rather
than a second one. The role helpers at the end give an account a role the
way the admin does: by joining the anchor's group.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model

from network import roles
from network.enums import ActionStatus, CommitteeKind, OrganisationKind, WorkspaceRole
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
    WorkspacePost,
)
from network.workspaces import set_workspace_role

PASSWORD = "motdepasse-de-test"


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"compte{n}")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Dupont"
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.fr")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def organisation(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            roles.set_organisation(obj, extracted)


class NetworkFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Réseau {n}")
    acronym = factory.Sequence(lambda n: f"R{n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")

    class Meta:
        model = Network


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.PLIE
    city = "Dijon"

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    @factory.post_generation
    def networks(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.networks.set(extracted)


class BuyerFactory(OrganisationFactory):
    kind = OrganisationKind.STATE_PURCHASING


class ContactFactory(DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    job_title = "Facilitatrice des clauses sociales"
    email = factory.Sequence(lambda n: f"contact{n}@exemple.fr")
    phone = "03 80 00 00 00"

    class Meta:
        model = Contact


class TerritoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    departements = factory.LazyFunction(lambda: ["21"])
    organisation = None
    network = None

    class Meta:
        model = Territory


class ConventionFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Convention de partenariat {n}")
    slug = factory.Sequence(lambda n: f"convention-{n}")
    summary = "Mise en œuvre des clauses sociales d'insertion."
    signed_on = datetime.date(2011, 6, 1)
    starts_on = None
    ends_on = datetime.date(2014, 12, 31)

    class Meta:
        model = Convention


class ConventionPartyFactory(DjangoModelFactory):
    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    signatory_name = factory.Sequence(lambda n: f"Signataire {n}")
    signatory_title = "Président"

    class Meta:
        model = ConventionParty


class ConventionCommitmentFactory(DjangoModelFactory):
    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    article = "Article 3"
    text = factory.Sequence(lambda n: f"Engagement {n}")

    class Meta:
        model = ConventionCommitment


class CommitteeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Comité {n}")
    slug = factory.Sequence(lambda n: f"comite-{n}")
    kind = CommitteeKind.STEERING
    description = "Suivi de l'accord-cadre."

    class Meta:
        model = Committee


class MeetingFactory(DjangoModelFactory):
    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    place = "Bordeaux"
    agenda = "Bilan des actions menées."
    attendees = "Élu communautaire\nTechnicien de la CUB"
    is_public = True

    class Meta:
        model = Meeting


class WorkspaceFactory(DjangoModelFactory):
    """The workspace of a territory, or of `committee=` when given.

    The anchor's signal has already made the workspace: this returns it,
    with the name, slug or description asked for.
    """

    territory = factory.Maybe(
        "committee", yes_declaration=None, no_declaration=factory.SubFactory(TerritoryFactory)
    )
    committee = None

    class Meta:
        model = Workspace

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        field = "committee" if kwargs.get("committee") is not None else "territory"
        workspace = model_class.objects.get(**{field: kwargs[field]})
        changes = {k: v for k, v in kwargs.items() if k in ("name", "slug", "description")}
        if changes:
            for key, value in changes.items():
                setattr(workspace, key, value)
            workspace.save()
        return workspace


class WorkspacePostFactory(DjangoModelFactory):
    workspace = factory.SubFactory(WorkspaceFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Message {n} de l'espace.")

    class Meta:
        model = WorkspacePost


class ActionItemFactory(DjangoModelFactory):
    description = factory.Sequence(lambda n: f"Action {n}")
    workspace = factory.SubFactory(WorkspaceFactory)
    meeting = None
    owner = None
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    status = ActionStatus.OPEN

    class Meta:
        model = ActionItem


def workspace_document(workspace, title="Compte rendu", filename="compte-rendu.pdf",
                       content=b"%PDF-1.4\n%%EOF\n", uploaded_by=None):
    """A document shared in the workspace: in its private collection."""
    document = get_document_model()(
        title=title, collection=workspace.collection, uploaded_by_user=uploaded_by
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


# --- Roles --------------------------------------------------------------------


def member(organisation=None, **user_kwargs):
    """A signed-in account of a partner organisation (role "membre")."""
    user = UserFactory(**user_kwargs)
    roles.set_organisation(user, organisation or OrganisationFactory())
    return user


def facilitator_of(territory=None, user=None, **user_kwargs):
    territory = territory or TerritoryFactory()
    user = user or UserFactory(**user_kwargs)
    roles.make_facilitator(user, territory)
    return user


def coordinator_of(network=None, user=None, **user_kwargs):
    network = network or NetworkFactory()
    user = user or UserFactory(**user_kwargs)
    roles.make_coordinator(user, network)
    return user


def buyer_referent_of(organisation=None, user=None, **user_kwargs):
    organisation = organisation or BuyerFactory()
    user = user or UserFactory(**user_kwargs)
    roles.make_buyer_referent(user, organisation)
    roles.set_organisation(user, organisation)
    return user


def company_referent_of(organisation, user=None, **user_kwargs):
    user = user or UserFactory(**user_kwargs)
    roles.make_company_referent(user, organisation)
    roles.set_organisation(user, organisation)
    return user


def committee_member_of(committee=None, user=None, **user_kwargs):
    committee = committee or CommitteeFactory()
    user = user or UserFactory(**user_kwargs)
    roles.add_committee_member(user, committee)
    return user


def workspace_member_of(workspace, role=WorkspaceRole.READER, user=None, **user_kwargs):
    user = user or UserFactory(**user_kwargs)
    set_workspace_role(workspace, user, role)
    return user


def editor(user=None, **user_kwargs):
    user = user or UserFactory(**user_kwargs)
    roles.make_editor(user)
    return user


def administrator(**user_kwargs):
    user_kwargs.setdefault("is_superuser", True)
    user_kwargs.setdefault("is_staff", True)
    return UserFactory(**user_kwargs)
