"""/recherche/ reads a fixed number of queries, whatever the number of objects."""

import pytest
from wagtail.models import PageViewRestriction

from tests.clauses.factories import MarketFactory
from tests.network.factories import (
    CommitteeFactory,
    OrganisationFactory,
    TerritoryFactory,
    facilitator_of,
)
from tests.resources.factories import GuidePageFactory, MinutesPageFactory, document
from tests.search.factories import restrict

pytestmark = pytest.mark.django_db

BUDGET = 12
WORD = "sureau"


def populate(library, territory, size):
    committee = CommitteeFactory()
    for n in range(size):
        GuidePageFactory(parent=library, title=f"Guide {WORD} {n}")
        MinutesPageFactory(parent=library, committee=committee, title=f"Compte rendu {WORD} {n}")
        restrict(GuidePageFactory(parent=library, title=f"Membres {WORD} {n}"),
                 PageViewRestriction.LOGIN)
        document(title=f"Document {WORD} {n}")
        OrganisationFactory(name=f"Organisation {WORD} {n}")
        MarketFactory(title=f"Marché {WORD} {n}", lead_territory=territory)


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("role", ["anonyme", "facilitateur"])
def test_search_page_query_budget(client, library, django_assert_max_num_queries, size, role):
    territory = TerritoryFactory()
    populate(library, territory, size)
    if role == "facilitateur":
        client.force_login(facilitator_of(territory))
    client.get("/recherche/", {"q": WORD})  # content types and site roots get cached

    for params in ({"q": WORD}, {"q": WORD, "page": 2}, {"q": WORD, "annee": 2025}):
        with django_assert_max_num_queries(BUDGET):
            response = client.get("/recherche/", params)
        assert response.status_code == 200
    with django_assert_max_num_queries(BUDGET):
        assert client.get("/recherche/suggestions/", {"q": WORD[:4]}).status_code == 200
