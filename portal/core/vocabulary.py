"""The market vocabulary that publications (resources) and market follow-up (clauses)
both speak: legal bases of a clause, categories of a market, the DECP open-data typology."""

from django.db import models


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
