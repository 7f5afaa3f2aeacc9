"""The facets of publications: the library's filters (/ressources/), and how each
applies to publications, which the search (/recherche/) uses for its publications too.

The counting is portal.core.facets'. The publication model is handed in by the
caller: the library's page lives in resources.models, which imports this module
through resources.library.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django import forms
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf

from portal.core.facets import Dimension, Facet, Filters, Listing, column, related
from portal.core.vocabulary import LegalBasis, MarketCategory
from resources.enums import PublicationKind

MAX_QUERY_LENGTH = 200


def network_label(prefix: str = ""):
    """How a facet names a network: its acronym, else its name (``prefix``: the path
    to the network)."""
    return Coalesce(
        NullIf(F(f"{prefix}acronym"), Value("")), F(f"{prefix}name"), output_field=CharField()
    )


@cache
def publication_dimensions(model) -> dict[str, Dimension]:
    """How each facet applies to ``model`` (resources.models.Publication)."""
    return {
        "type": column("kind", PublicationKind.values),
        "theme": related(model, "themes", "slug", "name"),
        "reseau": related(model, "networks", "slug", network_label),
        "territoire": related(model, "territories", "slug", "name"),
        "categorie": related(model, "market_categories", "code"),
        "fondement": column("legal_basis"),
        "annee": column("year"),
    }


@dataclass(frozen=True)
class LibraryFilters(Filters):
    """What the visitor asked the library for; every field is optional."""

    type: str = ""
    theme: str = ""
    reseau: str = ""
    territoire: str = ""
    categorie: str = ""
    fondement: str = ""
    annee: int | None = None


def _slug(max_length: int) -> forms.SlugField:
    return forms.SlugField(required=False, max_length=max_length)


def _choice(choices) -> forms.ChoiceField:
    return forms.ChoiceField(required=False, choices=choices)


# In the order of the filter panel.
LIBRARY = Listing(
    filters=LibraryFilters,
    facets=(
        Facet("type", "Type", _choice(PublicationKind.choices),
              choices=PublicationKind.choices),
        Facet("theme", "Thème", _slug(120), order="key",
              unknown="Le thème « {} » n'existe pas : ce filtre a été ignoré."),
        Facet("reseau", "Réseau", _slug(80), order="key",
              unknown="Le réseau « {} » n'existe pas : ce filtre a été ignoré."),
        Facet("territoire", "Territoire", _slug(80), order="key",
              unknown="Le territoire « {} » n'existe pas : ce filtre a été ignoré."),
        Facet("categorie", "Catégorie de marché", _choice(MarketCategory.choices),
              choices=MarketCategory.choices),
        Facet("fondement", "Fondement juridique", _choice(LegalBasis.choices),
              choices=LegalBasis.choices),
        Facet("annee", "Année",
              forms.IntegerField(required=False, min_value=1990, max_value=2100),
              order="key", descending=True),
    ),
    words=forms.CharField(label="Rechercher", required=False, max_length=MAX_QUERY_LENGTH),
    page=forms.IntegerField(label="Page", required=False, min_value=1),
)
