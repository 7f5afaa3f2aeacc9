"""Choices of the library. The legal bases and market categories are shared with the
market follow-up and live in network.enums."""

from django.db import models


class PublicationKind(models.TextChoices):
    """The page types of the library; the value is also the ``type`` filter of /ressources/."""

    GUIDE = "guide", "Guide pratique"
    CLAUSE_TEMPLATE = "modele-clause", "Modèle de clause"
    TOOL = "outil", "Outil"
    EXPERIENCE = "retour-experience", "Retour d'expérience"
    MINUTES = "compte-rendu", "Compte rendu"
