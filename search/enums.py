from django.db import models

from resources.enums import PublicationKind


class ResultType(models.TextChoices):
    """What a search result is; the value is the ``type`` filter of /recherche/.

    The publication types keep the values of the library's ``type`` filter.
    """

    NETWORK = "reseau", "Réseau"
    ORGANISATION = "organisation", "Organisation"
    TERRITORY = "territoire", "Territoire"
    CONVENTION = "convention", "Convention"
    COMMITTEE = "comite", "Comité"
    MARKET = "marche", "Marché"
    GUIDE = PublicationKind.GUIDE.value, PublicationKind.GUIDE.label
    CLAUSE_TEMPLATE = PublicationKind.CLAUSE_TEMPLATE.value, PublicationKind.CLAUSE_TEMPLATE.label
    TOOL = PublicationKind.TOOL.value, PublicationKind.TOOL.label
    EXPERIENCE = PublicationKind.EXPERIENCE.value, PublicationKind.EXPERIENCE.label
    MINUTES = PublicationKind.MINUTES.value, PublicationKind.MINUTES.label
    PAGE = "page", "Page d'information"
    DOCUMENT = "document", "Document"
