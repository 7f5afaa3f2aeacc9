"""Facets: their counts are those of the results they lead to, and they narrow."""

import pytest

from tests.clauses.factories import MarketFactory
from tests.network.factories import (
    NetworkFactory,
    OrganisationFactory,
    TerritoryFactory,
    facilitator_of,
)
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    GuidePageFactory,
    document,
)
from tests.search.factories import result_titles, total

pytestmark = pytest.mark.django_db

WORD = "prunelle"


@pytest.fixture
def catalogue(library):
    ave = NetworkFactory(name="Alliance Villes Emploi", acronym="AVE", slug="ave")
    urpa = NetworkFactory(name="Union régionale des PLIE", acronym="URPA", slug="urpa")
    territory = TerritoryFactory(name="PLIE des Graves", slug="graves", network=urpa)
    GuidePageFactory(parent=library, title=f"Guide {WORD} 2010", year=2010, networks=[ave],
                     market_categories=["travaux"])
    GuidePageFactory(parent=library, title=f"Guide {WORD} 2012", year=2012, networks=[urpa],
                     market_categories=["services"])
    ClauseTemplatePageFactory(parent=library, title=f"Clause {WORD}", year=2012,
                              networks=[ave, urpa], market_categories=["travaux", "services"])
    document(title=f"Document {WORD}")
    OrganisationFactory(name=f"Association {WORD}")
    MarketFactory(title=f"Marché {WORD}", lead_territory=territory, programme_year=2012,
                  category="services")
    return territory


def facets(response) -> dict[str, dict[str, int]]:
    return {f.param: {o.value: o.count for o in f.options} for f in response.context["facets"]}


def test_facets_count_every_type_and_classification(client, catalogue):
    response = client.get("/recherche/", {"q": WORD})

    assert total(response) == 5
    assert facets(response) == {
        "type": {"guide": 2, "modele-clause": 1, "document": 1, "organisation": 1},
        "reseau": {"ave": 2, "urpa": 2},
        "annee": {"2010": 1, "2012": 2},
        "categorie": {"travaux": 2, "services": 2},
    }


def test_a_facet_narrows_the_results_and_the_other_facets(client, catalogue):
    response = client.get("/recherche/", {"q": WORD, "reseau": "urpa"})

    assert set(result_titles(response)) == {f"Guide {WORD} 2012", f"Clause {WORD}"}
    counted = facets(response)
    assert counted["type"] == {"guide": 1, "modele-clause": 1}
    assert counted["annee"] == {"2012": 2}
    # Choosing another network stays possible: the network facet ignores its own choice.
    assert counted["reseau"] == {"ave": 2, "urpa": 2}


def test_facets_combine(client, catalogue):
    response = client.get("/recherche/", {"q": WORD, "categorie": "travaux", "annee": "2012"})

    assert result_titles(response) == [f"Clause {WORD}"]


def test_markets_join_the_facets_of_those_who_may_see_them(client, catalogue):
    client.force_login(facilitator_of(catalogue))
    response = client.get("/recherche/", {"q": WORD, "type": "marche"})

    assert total(response) == 1
    counted = facets(response)
    assert counted["type"]["marche"] == 1
    assert counted["reseau"] == {"urpa": 1}
    assert counted["categorie"] == {"services": 1}


def test_a_facet_link_removes_itself_and_keeps_the_words(client, catalogue):
    response = client.get("/recherche/", {"q": WORD, "type": "guide"})
    option = next(
        o for f in response.context["facets"] if f.param == "type" for o in f.options
        if o.selected
    )

    assert option.url == f"?q={WORD}"


def test_bad_filter_values_are_ignored_with_a_french_message(client, catalogue):
    response = client.get("/recherche/", {"q": WORD, "annee": "deux-mille", "type": "inconnu"})

    assert total(response) == 5
    messages = response.context["filter_messages"]
    assert "Le filtre « Année » est invalide : il a été ignoré." in messages
    assert "Le filtre « Type » est invalide : il a été ignoré." in messages
