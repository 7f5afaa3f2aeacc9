"""Query budgets of the pages that other apps' tests do not already bound: the
home page (≤ 10) and a publication (≤ 12; 13 for a member, whose header reads their
grants for the members' menu), for a visitor and for a member, with a
library of 5 and of 200 publications (40 times more). The library, search, network
directory, members' dashboard, market list, market page and bilans have theirs beside
their own tests."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal.core.vocabulary import LegalBasis
from resources.models import PublicationDocument, RelatedPublication
from tests.network.factories import (
    NetworkFactory,
    TerritoryFactory,
    UserFactory,
    committee_member_of,
)
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    ExperiencePageFactory,
    GuidePageFactory,
    MinutesPageFactory,
    ResourceIndexPageFactory,
    ThemeFactory,
    document,
)

pytestmark = pytest.mark.django_db

HOME_BUDGET = 10
PUBLICATION_BUDGET = 12
# A signed-in member's header shows the members' menu: one more query, their grants.
MEMBER_PUBLICATION_BUDGET = PUBLICATION_BUDGET + 1
SIZES = [5, 200]


def fill(home_page, count: int):
    """A library of `count` publications of every kind, tagged, with documents and
    "see also" links, and a member of the committee whose restricted minutes are
    among them. Returns the pages to open (the minutes last) and that member."""
    library = ResourceIndexPageFactory(parent=home_page)
    themes = [ThemeFactory(name=f"Thème {n}", slug=f"theme-perf-{n}") for n in range(3)]
    network = NetworkFactory(acronym="AVE", slug="ave")
    territory = TerritoryFactory(slug="plie-graves")
    minutes = MinutesPageFactory(parent=library, title="Compte rendu réservé")
    pages = [
        factory(parent=library, title=f"Publication {number}", themes=themes,
                networks=[network], territories=[territory], market_categories=["travaux"],
                legal_basis=LegalBasis.EXECUTION_CONDITION)
        for number, factory in enumerate(
            [GuidePageFactory, ClauseTemplatePageFactory, ExperiencePageFactory])
    ]
    for page in [*pages, minutes]:
        for number in range(2):
            PublicationDocument.objects.create(
                publication=page, document=document(title=f"Annexe {number}"))
        for target in pages:
            if target != page:
                RelatedPublication.objects.create(publication=page, target=target)
    # The rest as plain guides, tagged, written in bulk as the benchmark does.
    call_command("generate_publications", count=count - 1 - len(pages), stdout=StringIO())
    return [*pages, minutes], committee_member_of(minutes.committee)


@pytest.mark.parametrize("count", SIZES)
def test_home_page_stays_within_its_budget(client, home_page, django_assert_max_num_queries,
                                           count):
    _, member = fill(home_page, count)
    for user in (None, member, UserFactory()):
        if user:
            client.force_login(user)
            client.get("/")  # Wagtail's user bar makes its profile once
        with django_assert_max_num_queries(HOME_BUDGET):
            response = client.get("/")
        assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_a_publication_stays_within_its_budget(client, home_page,
                                               django_assert_max_num_queries, count):
    pages, member = fill(home_page, count)
    *public, minutes = pages
    for user in (None, member):
        if user:
            client.force_login(user)
            client.get("/")  # Wagtail's user bar makes its profile once
        for page in pages if user else public:
            budget = MEMBER_PUBLICATION_BUDGET if user else PUBLICATION_BUDGET
            with django_assert_max_num_queries(budget):
                response = client.get(page.url)
            assert response.status_code == 200
            html = response.content.decode()
            assert "Annexe 1" in html  # its documents
            assert "Voir aussi" in html  # the other publications
    # The visitor is sent to the login page for the committee's minutes.
    client.logout()
    assert client.get(minutes.url).status_code == 302


def test_a_publication_shows_how_it_is_filed(client, home_page):
    pages, _ = fill(home_page, 5)
    html = client.get(pages[0].url).content.decode()
    assert '<a href="/accueil-0/ressources/?theme=theme-perf-0">Thème 0</a>' in html or (
        "?theme=theme-perf-0" in html
    )
    for label in ("Thème 1", "Thème 2", "AVE", "Travaux"):
        assert label in html
