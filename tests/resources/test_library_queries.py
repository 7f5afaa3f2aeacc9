"""The library answers in a fixed number of queries whatever the number of publications
(budget: 12)."""

import pytest

from portal.core.vocabulary import LegalBasis
from tests.network.factories import NetworkFactory, TerritoryFactory, committee_member_of
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    GuidePageFactory,
    MinutesPageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12
FILTERS = [
    {},
    {"type": "modele-clause"},
    {"theme": "calcul-des-heures", "reseau": "ave"},
    {"territoire": "plie-graves", "categorie": "travaux", "fondement": "condition_execution"},
    {"annee": "2024", "q": "heures", "page": "2"},
    {"type": "guide", "theme": "calcul-des-heures", "reseau": "ave",
     "territoire": "plie-graves", "categorie": "travaux", "fondement": "condition_execution",
     "annee": "2024", "q": "heures"},
]


def fill_library(library, count: int):
    theme = ThemeFactory(name="Calcul des heures", slug="calcul-des-heures")
    network = NetworkFactory(acronym="AVE", slug="ave")
    territory = TerritoryFactory(slug="plie-graves")
    minutes = MinutesPageFactory(parent=library, title="Compte rendu réservé")
    for number in range(count - 1):
        if number % 2:
            ClauseTemplatePageFactory(parent=library, title=f"Clause des heures {number}")
        else:
            GuidePageFactory(
                parent=library, title=f"Guide des heures {number}", themes=[theme],
                networks=[network], territories=[territory], market_categories=["travaux"],
                legal_basis=LegalBasis.EXECUTION_CONDITION,
            )
    return minutes.committee


@pytest.mark.parametrize("count", [5, 200])
def test_library_stays_within_its_query_budget(
    client, library, django_assert_max_num_queries, count
):
    committee = fill_library(library, count)
    member = committee_member_of(committee)

    for params in FILTERS:
        client.logout()
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = client.get("/ressources/", params)
        assert response.status_code == 200

        client.force_login(member)
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = client.get("/ressources/", params)
        assert response.status_code == 200

    response = client.get("/ressources/")
    assert response.context["total"] == count  # the member sees the restricted minutes
    assert len(response.context["publications"]) == min(count, 20)
