"""The library at /ressources/: filters read from the URL, facet counts and one page of
results, in a fixed number of queries whatever the number of publications.

Every facet is counted on the publications that match all the *other* active filters,
so that each option shows how many results choosing it would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import (
    Aggregate,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
)

from portal.core import cache as content_cache
from portal.core.vocabulary import LegalBasis, MarketCategory
from resources.enums import PublicationKind
from resources.models import Publication
from resources.visibility import visibility_class, visible_pages

PAGE_SIZE = 20
NEWEST_FIRST = F("first_published_at").desc(nulls_last=True)
MAX_QUERY_LENGTH = 200

# URL parameter -> heading. The order is the order of the filter panel.
FACET_LABELS = {
    "type": "Type",
    "theme": "Thème",
    "reseau": "Réseau",
    "territoire": "Territoire",
    "categorie": "Catégorie de marché",
    "fondement": "Fondement juridique",
    "annee": "Année",
}
TAXONOMY_FACETS = ("theme", "reseau", "territoire")
MISSING_TAXONOMY_MESSAGES = {
    "theme": "Le thème « {} » n'existe pas : ce filtre a été ignoré.",
    "reseau": "Le réseau « {} » n'existe pas : ce filtre a été ignoré.",
    "territoire": "Le territoire « {} » n'existe pas : ce filtre a été ignoré.",
}


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=MAX_QUERY_LENGTH)
    type = forms.ChoiceField(label="Type", required=False, choices=PublicationKind.choices)
    theme = forms.SlugField(label="Thème", required=False, max_length=120)
    reseau = forms.SlugField(label="Réseau", required=False, max_length=80)
    territoire = forms.SlugField(label="Territoire", required=False, max_length=80)
    categorie = forms.ChoiceField(
        label="Catégorie de marché", required=False, choices=MarketCategory.choices
    )
    fondement = forms.ChoiceField(
        label="Fondement juridique", required=False, choices=LegalBasis.choices
    )
    annee = forms.IntegerField(label="Année", required=False, min_value=1990, max_value=2100)
    page = forms.IntegerField(label="Page", required=False, min_value=1)


@dataclass(frozen=True)
class LibraryFilters:
    """What the visitor asked for; every field is optional."""

    q: str = ""
    type: str = ""
    theme: str = ""
    reseau: str = ""
    territoire: str = ""
    categorie: str = ""
    fondement: str = ""
    annee: int | None = None
    page: int = 1

    def active(self) -> dict[str, str]:
        """The active filters, as URL parameters (the page number excluded)."""
        values = {name: getattr(self, name) for name in ("q", *FACET_LABELS)}
        return {name: str(value) for name, value in values.items() if value not in ("", None)}

    def url(self, **changes) -> str:
        """The query string of these filters with ``changes`` applied, on page 1."""
        params = {**self.active(), **changes}
        params = {k: v for k, v in params.items() if v not in ("", None)}
        return "?" + urlencode(params) if params else "?"


def parse_filters(params) -> tuple[LibraryFilters, list[str]]:
    """Read the filters from a query dict. An invalid value is dropped with a French
    message: the rest of the request is answered as if it were absent."""
    form = LibraryFilterForm(params)
    form.is_valid()
    messages = []
    values = {}
    for name, bound_field in form.fields.items():
        if name in form.errors:
            if name != "page":
                messages.append(
                    f"Le filtre « {bound_field.label} » est invalide : il a été ignoré."
                )
            continue
        value = form.cleaned_data.get(name)
        if value not in ("", None):
            values[name] = value.strip() if isinstance(value, str) else value
    return LibraryFilters(**values), messages


# -- conditions ---------------------------------------------------------------------

def _through_exists(relation: str, target: str, value) -> Exists:
    through = Publication._meta.get_field(relation).remote_field.through
    return Exists(through.objects.filter(publication_id=OuterRef("pk"), **{target: value}))


def _text_match(q: str) -> Q:
    """Publications matching the text query, through the configured search backend."""
    results = Publication.objects.live().search(q, operator="and", order_by_relevance=False)
    if hasattr(results, "get_queryset"):
        # Database backends: the match stays a subquery, no query of its own.
        return Q(pk__in=results.get_queryset().values("pk"))
    return Q(pk__in=[page.pk for page in results])  # Elasticsearch: one round trip


def _conditions(filters: LibraryFilters) -> dict[str, Q]:
    """One condition per active filter, keyed by its URL parameter."""
    conditions = {}
    if filters.q:
        conditions["q"] = _text_match(filters.q)
    if filters.type:
        conditions["type"] = Q(kind=filters.type)
    if filters.theme:
        conditions["theme"] = Q(_through_exists("themes", "theme__slug", filters.theme))
    if filters.reseau:
        conditions["reseau"] = Q(_through_exists("networks", "network__slug", filters.reseau))
    if filters.territoire:
        conditions["territoire"] = Q(
            _through_exists("territories", "territory__slug", filters.territoire)
        )
    if filters.categorie:
        conditions["categorie"] = Q(
            _through_exists("market_categories", "marketcategoryoption_id", filters.categorie)
        )
    if filters.fondement:
        conditions["fondement"] = Q(legal_basis=filters.fondement)
    if filters.annee:
        conditions["annee"] = Q(year=filters.annee)
    return conditions


def _all_but(conditions: dict[str, Q], excluded: str | None = None) -> Q:
    combined = Q()
    for name, condition in conditions.items():
        if name != excluded:
            combined &= condition
    return combined


# -- facet counts -------------------------------------------------------------------

@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption] = field(default_factory=list)


def _facet_rows(publications, conditions: dict[str, Q], filters: LibraryFilters,
                cache_key: str | None = None) -> list[dict]:
    """Every facet's options with their counts, in one query (resources.facets), kept
    in the shared cache under ``cache_key`` until the next content change."""
    from resources.facets import facet_rows

    def count():
        return facet_rows(
            lambda facet: publications.filter(_all_but(conditions, facet)),
            conditions,
            {param: getattr(filters, param) for param in (*TAXONOMY_FACETS, "categorie")},
        )

    if cache_key is None:
        return count()
    return content_cache.get_or_set(cache_key, count)


def _facets_cache_key(index_page, user, filters: LibraryFilters) -> str:
    """Counts depend on the filters (the page number aside) and on which restricted
    publications the reader may see: every visitor shares them, members share them
    with whoever has the same groups."""
    chosen = sorted(replace(filters, page=1).active().items())
    return content_cache.key(
        "library-facets", index_page.pk, visibility_class(user), urlencode(chosen)
    )


def _total(filters: LibraryFilters, rows: list[dict]) -> int:
    """Every publication has exactly one type, and the type facet is counted with all the
    other filters: the total is the chosen type's count, or the sum of them all."""
    types = {row["option_key"]: row["option_count"] for row in rows if row["facet_param"] == "type"}
    return types.get(filters.type, 0) if filters.type else sum(types.values())


ENUM_LABELS = {
    "type": dict(PublicationKind.choices),
    "categorie": dict(MarketCategory.choices),
    "fondement": dict(LegalBasis.choices),
}
ENUM_ORDER = {param: list(labels) for param, labels in ENUM_LABELS.items()}


def _facets(filters: LibraryFilters, rows: list[dict]) -> list[Facet]:
    facets = {param: Facet(param, label) for param, label in FACET_LABELS.items()}
    for row in rows:
        param = row["facet_param"]
        if param not in facets:
            continue
        label = ENUM_LABELS.get(param, {}).get(row["option_key"], row["option_label"])
        facets[param].options.append(FacetOption(row["option_key"], label, row["option_count"]))
    for param, order in ENUM_ORDER.items():
        facets[param].options.sort(key=lambda option, order=order: order.index(option.value))
    facets["annee"].options.sort(key=lambda option: option.value, reverse=True)
    for facet in facets.values():
        selected = str(getattr(filters, facet.param) or "")
        if selected and selected not in {option.value for option in facet.options}:
            label = ENUM_LABELS.get(facet.param, {}).get(selected, selected)
            facet.options.insert(0, FacetOption(selected, label, 0))
        for option in facet.options:
            option.selected = option.value == selected
            option.url = filters.url(**{facet.param: "" if option.selected else option.value})
        # Options that would give nothing are noise, unless chosen.
        facet.options = [o for o in facet.options if o.count or o.selected]
    return list(facets.values())


# -- the page -----------------------------------------------------------------------

THEME_SEPARATOR = "\x1f"  # ASCII unit separator: never typed in a theme's name


class GroupConcat(Aggregate):
    """Values of a group joined into one string (SQLite and PostgreSQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, '" + THEME_SEPARATOR + "')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def with_theme_names(publications):
    """Annotate each publication with its themes' names, so that a list of cards needs
    no query per card nor a prefetch query (see ``Publication.theme_names``)."""
    through = Publication._meta.get_field("themes").remote_field.through
    names = (
        through.objects.filter(publication_id=OuterRef("pk"))
        .order_by().values("publication_id")
        .annotate(names=GroupConcat("theme__name")).values("names")
    )
    return publications.annotate(theme_names_joined=Subquery(names, output_field=CharField()))


def library_publications(index_page, user):
    """Live publications of the library that ``user`` may see."""
    return visible_pages(user, Publication.objects.live().child_of(index_page))


def library_context(index_page, request) -> dict:
    filters, messages = parse_filters(request.GET)
    publications = library_publications(index_page, request.user)

    conditions = _conditions(filters)
    facets_cache_key = _facets_cache_key(index_page, request.user, filters)
    rows = _facet_rows(publications, conditions, filters, facets_cache_key)
    known = {(row["facet_param"], row["option_key"]) for row in rows}
    missing = [
        param for param in TAXONOMY_FACETS
        if getattr(filters, param) and (param, getattr(filters, param)) not in known
    ]
    if missing:
        # An unknown slug would empty every list: drop it and count again.
        for param in missing:
            messages.append(MISSING_TAXONOMY_MESSAGES[param].format(getattr(filters, param)))
        filters = replace(filters, **dict.fromkeys(missing, ""))
        conditions = _conditions(filters)
        facets_cache_key = _facets_cache_key(index_page, request.user, filters)
        rows = _facet_rows(publications, conditions, filters, facets_cache_key)
    total = _total(filters, rows)

    results = (
        publications.filter(_all_but(conditions))
        .order_by(NEWEST_FIRST, "-pk")
    )
    results = with_theme_names(results)
    paginator = Paginator(results, PAGE_SIZE)
    paginator.count = total  # already counted with the facets
    try:
        page_obj = paginator.page(filters.page)
    except EmptyPage:
        messages.append("Cette page de résultats n'existe pas : voici la première.")
        page_obj = paginator.page(1)

    facets = _facets(filters, rows)
    return {
        "filters": filters,
        "filter_messages": messages,
        "facets": facets,
        "facets_cache_key": facets_cache_key,
        "facets_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "active_filters": [
            {"label": facet.label, "value": option.label, "url": option.url}
            for facet in facets for option in facet.options if option.selected
        ] + ([{"label": "Recherche", "value": filters.q, "url": filters.url(q="")}]
             if filters.q else []),
        "publications": page_obj.object_list,
        "page_obj": page_obj,
        "total": total,
        "page_urls": {
            "previous": filters.url(page=page_obj.previous_page_number())
            if page_obj.has_previous() else "",
            "next": filters.url(page=page_obj.next_page_number())
            if page_obj.has_next() else "",
        },
    }
