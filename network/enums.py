from django.db import models


class OrganisationKind(models.TextChoices):
    """What an organisation is: a buyer, a partner of the network, or a company (a
    contractor or an employer). COMPANY_KINDS and BUYER_KINDS below say which is which;
    every choice list of the portal offers only the kinds it is about."""

    STATE_PURCHASING = "achat_etat", "Service achats de l'État"
    LOCAL_AUTHORITY = "collectivite", "Collectivité territoriale"
    SOCIAL_LANDLORD = "bailleur_social", "Bailleur social"
    PUBLIC_BODY = "acheteur_public", "Autre acheteur public (établissement public, hôpital…)"
    PLIE = "plie", "PLIE"
    MDE = "mde", "Maison de l'emploi (MDE/MDEF)"
    REGIONAL_UNION = "union_regionale", "Union régionale"
    NATIONAL_NETWORK = "reseau_national", "Réseau national"
    SIAE_EI = "siae_ei", "SIAE — entreprise d'insertion (EI)"
    SIAE_AI = "siae_ai", "SIAE — association intermédiaire (AI)"
    SIAE_ACI = "siae_aci", "SIAE — atelier et chantier d'insertion (ACI)"
    SIAE_ETTI = "siae_etti", "SIAE — entreprise de travail temporaire d'insertion (ETTI)"
    SIAE_EITI = "siae_eiti", "SIAE — entreprise d'insertion par le travail indépendant (EITI)"
    GEIQ = "geiq", "GEIQ"
    EA = "ea", "Entreprise adaptée (EA)"
    ESAT = "esat", "ESAT (établissement et service d'accompagnement par le travail)"
    COMPANY = "entreprise", "Entreprise classique"
    PRESCRIBER = "prescripteur", "Prescripteur"


# Contractors and employers: what a lot's "titulaire", a placement's employer and a
# globalisation agreement's company may be.
COMPANY_KINDS = (
    OrganisationKind.COMPANY, OrganisationKind.SIAE_EI, OrganisationKind.SIAE_AI,
    OrganisationKind.SIAE_ACI, OrganisationKind.SIAE_ETTI, OrganisationKind.SIAE_EITI,
    OrganisationKind.GEIQ, OrganisationKind.EA, OrganisationKind.ESAT,
)
# Public buyers: what a market's "acheteur" and a buyer referent's organisation may be.
BUYER_KINDS = (
    OrganisationKind.STATE_PURCHASING, OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.SOCIAL_LANDLORD, OrganisationKind.PUBLIC_BODY,
)


def company_kind_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, label in OrganisationKind.choices if value in COMPANY_KINDS]


class ConventionStatus(models.TextChoices):
    PREPARATION = "en_preparation", "En préparation"
    IN_FORCE = "en_vigueur", "En vigueur"
    EXPIRED = "echue", "Échue"


class CommitteeKind(models.TextChoices):
    STEERING = "comite_pilotage", "Comité de pilotage"
    WORKING_GROUP = "groupe_travail", "Groupe de travail"
    FACILITATORS = "reseau_facilitateurs", "Réseau des facilitateurs"


class ActionStatus(models.TextChoices):
    OPEN = "a_faire", "À faire"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "fait", "Fait"
    CANCELLED = "abandonne", "Abandonné"


class Role(models.TextChoices):
    """Roles of DESIGN.md §5. Each is held through membership of a group."""

    MEMBER = "membre", "Membre"
    COMMITTEE_MEMBER = "membre_comite", "Membre de comité"
    TERRITORY_FACILITATOR = "facilitateur", "Facilitateur de territoire"
    REGIONAL_COORDINATOR = "coordinateur", "Coordinateur régional"
    BUYER_REFERENT = "referent_acheteur", "Référent acheteur"
    EDITOR = "editeur", "Éditeur"
    ADMINISTRATOR = "administrateur", "Administrateur"


class WorkspaceRole(models.TextChoices):
    READER = "lecteur", "Lecteur"
    CONTRIBUTOR = "contributeur", "Contributeur"
    MANAGER = "gestionnaire", "Gestionnaire"

    @property
    def rank(self) -> int:
        return [WorkspaceRole.READER, WorkspaceRole.CONTRIBUTOR, WorkspaceRole.MANAGER].index(self)


class WorkspaceKind(models.TextChoices):
    TERRITORY = "territoire", "Territoire"
    COMMITTEE = "comite", "Comité"


class Delivery(models.TextChoices):
    """When a person receives one kind of notification by e-mail (always shown on the portal)."""

    IMMEDIATE = "immediat", "Tout de suite"
    DAILY = "quotidien", "Dans le résumé quotidien"
    WEEKLY = "hebdomadaire", "Dans le résumé hebdomadaire"
    NEVER = "jamais", "Jamais (seulement sur le portail)"
