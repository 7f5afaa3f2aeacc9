"""The faceting engine of portal.core.facets, on its own: filters read from a URL, each
facet counted under the other filters in one query, options listed and linked."""

from dataclasses import dataclass

import pytest
from django import forms
from django.db.models import Value
from django.db.models.functions import Concat

from network.models import Territory
from portal.core.facets import (
    Counts,
    Dimension,
    Facet,
    Filters,
    Listing,
    WordsField,
    active_filters,
    column,
    constant,
    count,
    narrow,
    related,
)
from portal.core.queries import GroupConcat, split_joined, union_all
from resources.models import Publication
from tests.network.factories import NetworkFactory, TerritoryFactory
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    GuidePageFactory,
    ResourceIndexPageFactory,
    ThemeFactory,
)

KINDS = (("guide", "Guide pratique"), ("modele-clause", "Modèle de clause"), ("outil", "Outil"))


@dataclass(frozen=True)
class ShelfFilters(Filters):
    type: str = ""
    theme: str = ""
    reseau: str = ""
    annee: int | None = None


SHELF = Listing(
    filters=ShelfFilters,
    facets=(
        Facet("type", "Type", forms.ChoiceField(required=False, choices=KINDS), choices=KINDS),
        Facet("theme", "Thème", forms.SlugField(required=False), order="key",
              unknown="Le thème « {} » n'existe pas."),
        Facet("reseau", "Réseau", forms.SlugField(required=False), order="label"),
        Facet("annee", "Année", forms.IntegerField(required=False, min_value=1990),
              order="key", descending=True),
    ),
    words=WordsField(label="Rechercher", required=False, max_length=20),
    invalid_words="Trop de mots.",
)


def publication_dimensions():
    return {
        "type": column("kind", [value for value, _ in KINDS]),
        "theme": related(Publication, "themes", "slug", "name"),
        "reseau": related(Publication, "networks", "slug", "acronym"),
        "annee": column("year"),
    }


TERRITORY_DIMENSIONS = {
    "type": constant("territoire"),
    "reseau": Dimension(key="network__slug", label="network__acronym"),
}


@pytest.fixture
def shelf(home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    hours = ThemeFactory(name="Heures", slug="heures")
    siae = ThemeFactory(name="SIAE", slug="siae")
    ThemeFactory(name="Vide", slug="vide")
    ave = NetworkFactory(acronym="AVE", slug="ave")
    urpa = NetworkFactory(acronym="URPA", slug="urpa")
    GuidePageFactory(parent=library, year=2010, themes=[hours], networks=[ave])
    GuidePageFactory(parent=library, year=2011, themes=[hours, siae], networks=[urpa])
    ClauseTemplatePageFactory(parent=library, year=2011, themes=[siae], networks=[ave])
    TerritoryFactory(network=urpa)
    TerritoryFactory(network=None)
    return library


def counted(filters, **kwargs):
    return count([(Publication.objects.all(), publication_dimensions())], filters.chosen(),
                 **kwargs)


def options(counts, param):
    return {key: n for key, (_, n) in counts.options(param).items()}


# -- filters -----------------------------------------------------------------------

def test_filters_write_urls_in_panel_order_on_the_first_page():
    filters = ShelfFilters(q="clause", annee=2011, type="guide", page=3)

    assert filters.active() == {"q": "clause", "type": "guide", "annee": "2011"}
    assert filters.url() == "?q=clause&type=guide&annee=2011"
    assert filters.url(type="", page=2) == "?q=clause&annee=2011&page=2"
    assert filters.without("annee", "type") == ShelfFilters(q="clause", page=3)
    assert ShelfFilters().url() == "?"


def test_invalid_values_are_dropped_with_a_french_message():
    filters, messages = SHELF.parse({
        "q": "  deux   mots ", "type": "inconnu", "annee": "1900", "page": "zero",
        "reseau": "ave",
    })

    assert filters == ShelfFilters(q="deux mots", reseau="ave")
    assert messages == [
        "Le filtre « Type » est invalide : il a été ignoré.",
        "Le filtre « Année » est invalide : il a été ignoré.",
    ]
    assert SHELF.parse({"q": "x" * 21})[1] == ["Trop de mots."]


# -- counts ------------------------------------------------------------------------

def test_each_facet_is_counted_under_the_other_filters_in_one_query(
    shelf, django_assert_num_queries
):
    with django_assert_num_queries(1):
        counts = counted(ShelfFilters(type="guide", theme="siae"))

    assert options(counts, "type") == {"guide": 1, "modele-clause": 1}  # theme only
    assert options(counts, "theme") == {"heures": 2, "siae": 1}  # type only
    assert options(counts, "reseau") == {"urpa": 1}  # both
    assert options(counts, "annee") == {"2011": 1}
    assert counts.total("type", "guide") == 1


def test_the_same_option_in_several_querysets_adds_up(shelf):
    counts = count([
        (Publication.objects.all(), publication_dimensions()),
        (Territory.objects.all(), TERRITORY_DIMENSIONS),
    ], {})

    assert options(counts, "type") == {"guide": 2, "modele-clause": 1, "territoire": 2}
    assert options(counts, "reseau") == {"ave": 2, "urpa": 2}  # no network: no option
    assert counts.options("reseau")["urpa"] == ("URPA", 2)


def test_a_queryset_without_a_chosen_facet_has_no_result_under_it(shelf):
    chosen = {"annee": 2011}
    counts = count([
        (Publication.objects.all(), publication_dimensions()),
        (Territory.objects.all(), TERRITORY_DIMENSIONS),
    ], chosen)

    assert options(counts, "type") == {"guide": 1, "modele-clause": 1}
    assert not narrow(Territory.objects.all(), TERRITORY_DIMENSIONS, chosen).exists()
    assert narrow(Territory.objects.all(), TERRITORY_DIMENSIONS, chosen, skip="annee").count() == 2
    assert not narrow(Publication.objects.all(), publication_dimensions(),
                      {"type": "absent"}).exists()


def test_a_chosen_option_is_found_without_results_and_an_unknown_one_dropped(shelf):
    def count_shelf(filters):
        return counted(filters, known=SHELF.checked)

    filters, counts, messages = SHELF.resolve(ShelfFilters(theme="vide"), count_shelf)
    assert filters.theme == "vide" and messages == []
    assert counts.options("theme")["vide"] == ("Vide", 0)

    filters, counts, messages = SHELF.resolve(ShelfFilters(theme="nulle", annee=2010),
                                              count_shelf)
    assert filters == ShelfFilters(annee=2010)
    assert messages == ["Le thème « nulle » n'existe pas."]
    assert options(counts, "type") == {"guide": 1}


# -- what a page shows -------------------------------------------------------------

def test_options_are_ordered_labelled_and_linked():
    counts = Counts([
        ("type", "outil", "", 1), ("type", "guide", "", 2),
        ("reseau", "urpa", "URPA", 1), ("reseau", "ave", "AVE", 3), ("reseau", "x", "", 0),
        ("annee", "2010", "", 1), ("annee", "2012", "", 4),
        ("theme", "siae", "SIAE", 2), ("theme", "heures", "Heures", 1),
    ])
    filters = ShelfFilters(q="mot", reseau="ave")

    shown = {facet.param: facet for facet in SHELF.show(filters, counts)}

    assert [(o.value, o.label) for o in shown["type"].options] == [
        ("guide", "Guide pratique"), ("outil", "Outil"),
    ]
    assert [o.label for o in shown["reseau"].options] == ["AVE", "URPA"]  # "x": no result
    assert [o.value for o in shown["annee"].options] == ["2012", "2010"]
    assert [o.value for o in shown["theme"].options] == ["heures", "siae"]
    ave = shown["reseau"].options[0]
    assert ave.selected and ave.url == "?q=mot"
    assert shown["theme"].options[0].url == "?q=mot&reseau=ave&theme=heures"  # added last
    assert active_filters(shown.values(), filters, words_label="Recherche") == [
        {"label": "Réseau", "value": "AVE", "url": "?q=mot"},
        {"label": "Recherche", "value": "mot", "url": "?reseau=ave"},
    ]


def test_a_chosen_option_without_results_is_listed_first_unless_every_choice_is():
    counts = Counts([("type", "guide", "", 2), ("annee", "2012", "", 1)])
    filters = ShelfFilters(type="outil", annee=1999)

    shown = {facet.param: facet for facet in SHELF.show(filters, counts)}
    assert [(o.value, o.count, o.selected) for o in shown["annee"].options] == [
        ("1999", 0, True), ("2012", 1, False),
    ]
    assert [o.label for o in shown["type"].options] == ["Outil", "Guide pratique"]

    every = Listing(ShelfFilters, (Facet("type", "Type", forms.CharField(), choices=KINDS,
                                         every_choice=True),), words=forms.CharField())
    [facet] = every.show(filters, counts)
    assert [o.value for o in facet.options] == ["guide", "outil"]


# -- query pieces --------------------------------------------------------------------

def test_union_all_and_group_concat(shelf):
    themes = Publication.objects.filter(themes__isnull=False).order_by().values(
        "kind").annotate(names=GroupConcat("themes__slug")).values("kind", "names")
    territories = Territory.objects.order_by().values(
        kind=Value("territoire"), names=Concat("slug", Value(""))
    )

    rows = union_all([themes, territories])

    joined = {row["kind"]: sorted(split_joined(row["names"])) for row in rows
              if row["kind"] != "territoire"}
    assert joined == {"guide": ["heures", "heures", "siae"], "modele-clause": ["siae"]}
    assert len([row for row in rows if row["kind"] == "territoire"]) == 2
    assert union_all([themes]) == list(themes)
    assert union_all([]) == []
