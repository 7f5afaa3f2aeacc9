"""What the person asked /recherche/ for: the words, the filters, the page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms

from portal.core.vocabulary import MarketCategory
from search.enums import ResultType

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200

FILTER_LABELS = {
    "type": "Type",
    "reseau": "Réseau",
    "annee": "Année",
    "categorie": "Catégorie de marché",
}


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=MAX_QUERY_LENGTH)
    type = forms.ChoiceField(label="Type", required=False, choices=ResultType.choices)
    reseau = forms.SlugField(label="Réseau", required=False, max_length=80)
    annee = forms.IntegerField(label="Année", required=False, min_value=1990, max_value=2100)
    categorie = forms.ChoiceField(
        label="Catégorie de marché", required=False, choices=MarketCategory.choices
    )
    page = forms.IntegerField(label="Page", required=False, min_value=1, max_value=10_000)


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    type: str = ""
    reseau: str = ""
    annee: int | None = None
    categorie: str = ""
    page: int = 1

    def active(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in ("q", *FILTER_LABELS)}
        return {name: str(value) for name, value in values.items() if value not in ("", None)}

    def url(self, **changes) -> str:
        """The query string of these filters with `changes` applied, on page 1 unless
        a page is given."""
        params = {**self.active(), **{k: str(v) for k, v in changes.items()}}
        params = {k: v for k, v in params.items() if v not in ("", "None")}
        return "?" + urlencode(params)


def parse(params) -> tuple[SearchFilters, list[str]]:
    """The filters read from a query dict; an invalid value is dropped, with a French
    message, and the rest answered as if it were absent."""
    form = SearchForm(params)
    form.is_valid()
    messages, values = [], {}
    for name, bound_field in form.fields.items():
        if name in form.errors:
            if name == "q":
                messages.append(
                    f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères : "
                    "raccourcissez-la."
                )
            elif name != "page":
                messages.append(
                    f"Le filtre « {bound_field.label} » est invalide : il a été ignoré."
                )
            continue
        value = form.cleaned_data.get(name)
        if value not in ("", None):
            values[name] = " ".join(value.split()) if isinstance(value, str) else value
    return SearchFilters(**values), messages


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
