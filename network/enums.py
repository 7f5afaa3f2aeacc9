from django.db import models


class OrganisationKind(models.TextChoices):
    STATE_PURCHASING = "achat_etat", "Service achats de l'État"
    LOCAL_AUTHORITY = "collectivite", "Collectivité territoriale"
    SOCIAL_LANDLORD = "bailleur_social", "Bailleur social"
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
    EA_ESAT = "ea_esat", "Entreprise adaptée / ESAT"
    COMPANY = "entreprise", "Entreprise"
    PRESCRIBER = "prescripteur", "Prescripteur"


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


class LegalBasis(models.TextChoices):
    """Legal basis of a social clause (Code de la commande publique).

    Texts written before 2019 cite the old Code des marchés publics: ``old_article``
    gives that article so historical clauses and write-ups stay readable.
    """

    EXECUTION_CONDITION = (
        "condition_execution",
        "Condition d'exécution — art. L2112-2 CCP (ancien art. 14 CMP)",
    )
    RESERVED_SIAE = (
        "reserve_siae",
        "Marché réservé aux SIAE — art. L2113-13 CCP (ancien art. 15 CMP)",
    )
    RESERVED_EA_ESAT = (
        "reserve_ea_esat",
        "Marché réservé aux EA et ESAT — art. L2113-12 CCP (ancien art. 15 CMP)",
    )
    AWARD_CRITERION = (
        "critere_attribution",
        "Critère d'attribution — art. R2152-7 CCP (ancien art. 53 CMP)",
    )
    INSERTION_QUALIFICATION = (
        "insertion_qualification",
        "Marché d'insertion et de qualification (ancien art. 30 CMP)",
    )

    @property
    def ccp_article(self) -> str:
        """Article of the Code de la commande publique, empty when the DESIGN gives none."""
        return {
            "condition_execution": "L2112-2",
            "reserve_siae": "L2113-13",
            "reserve_ea_esat": "L2113-12",
            "critere_attribution": "R2152-7",
            "insertion_qualification": "",
        }[self.value]

    @property
    def old_article(self) -> str:
        """Article of the former Code des marchés publics, for historical texts."""
        return {
            "condition_execution": "art. 14",
            "reserve_siae": "art. 15",
            "reserve_ea_esat": "art. 15",
            "critere_attribution": "art. 53",
            "insertion_qualification": "art. 30",
        }[self.value]


class DecpConsideration(models.TextChoices):
    """DECP open-data typology (``considerationsSociales``): values are the open-data strings."""

    SOCIAL_CLAUSE = "Clause sociale", "Clause sociale"
    SOCIAL_CRITERION = "Critère social", "Critère social"
    RESERVED_MARKET = "Marché réservé", "Marché réservé"
    NONE = "Pas de considération sociale", "Pas de considération sociale"


class MarketCategory(models.TextChoices):
    WORKS = "travaux", "Travaux"
    SERVICES = "services", "Services"
    SUPPLIES = "fournitures", "Fournitures"
