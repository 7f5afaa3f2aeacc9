"""What the person asked /recherche/ for: the words, the filters, the page."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from portal.core.facets import Facet, Filters, Listing, WordsField
from portal.core.vocabulary import MarketCategory
from search.enums import ResultType

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchFilters(Filters):
    type: str = ""
    reseau: str = ""
    annee: int | None = None
    categorie: str = ""


# In the order of the filter panel. Only publications and markets carry a network, a
# year and a market category (search.sources).
SEARCH = Listing(
    filters=SearchFilters,
    facets=(
        Facet("type", "Type", forms.ChoiceField(required=False, choices=ResultType.choices),
              choices=ResultType.choices, every_choice=True),
        Facet("reseau", "Réseau", forms.SlugField(required=False, max_length=80),
              order="label"),
        Facet("annee", "Année",
              forms.IntegerField(required=False, min_value=1990, max_value=2100),
              order="key", descending=True),
        Facet("categorie", "Catégorie de marché",
              forms.ChoiceField(required=False, choices=MarketCategory.choices),
              choices=MarketCategory.choices, order="label"),
    ),
    words=WordsField(label="Rechercher", required=False, max_length=MAX_QUERY_LENGTH),
    page=forms.IntegerField(label="Page", required=False, min_value=1, max_value=10_000),
    invalid_words=(
        f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères : raccourcissez-la."
    ),
)


def plan_page(counts: list[tuple[str, int]], page: int, size: int = PAGE_SIZE):
    """The slices of each source (in list order) that make up page `page`:
    ``[(source_key, start, stop), …]``, positions counted from 0 in each source."""
    first, last = (page - 1) * size, page * size
    plan, offset = [], 0
    for key, count in counts:
        start, stop = max(first - offset, 0), min(last - offset, count)
        if start < stop:
            plan.append((key, start, stop))
        offset += count
    return plan
