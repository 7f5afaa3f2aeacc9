from django.db import models


class ScopeKind(models.TextChoices):
    """What a bilan covers. The value is the word used in URLs and exports."""

    NATIONAL = "national", "Ensemble des territoires"
    NETWORK = "reseau", "Réseau"
    CONVENTION = "convention", "Convention"
    TERRITORY = "territoire", "Territoire"
    BUYER = "acheteur", "Acheteur"
    MARKET = "marche", "Marché"


class ConventionBilanKind(models.TextChoices):
    """The two bilans a convention's steering committee asks for (CUB/URPA accord, art. 3)."""

    MID_TERM = "mi-parcours", "Bilan à mi-parcours"
    FINAL = "final", "Bilan définitif"


class AgeBand(models.TextChoices):
    """Age at the start of the placement, as the State's evaluation asks for it."""

    UNDER_26 = "moins_26", "Moins de 26 ans"
    FROM_26_TO_49 = "26_49", "De 26 à 49 ans"
    FROM_50 = "50_plus", "50 ans et plus"
    UNKNOWN = "non_renseigne", "Non renseigné"
