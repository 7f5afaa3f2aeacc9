"""French matching on the database in use (CI runs it on SQLite and PostgreSQL):
accents, case and plural do not matter, in pages, documents, the directory and
markets."""

import pytest

from tests.clauses.factories import MarketFactory
from tests.network.factories import OrganisationFactory, TerritoryFactory, facilitator_of
from tests.resources.factories import GuidePageFactory, document
from tests.search.factories import search_titles

pytestmark = pytest.mark.django_db

# The home page and the library's index speak of clauses and markets too.
SITE_PAGES = {"Clauses sociales d'insertion", "Ressources"}


BODY = [{"type": "paragraph", "value": "<p>Texte de la fiche.</p>"}]


def found(client, query):
    return set(search_titles(client, query)) - SITE_PAGES


@pytest.fixture
def texts(library):
    for title in ("Les marchés de travaux", "Insertion professionnelle", "Rédiger une clause",
                  "Clauses sociales et environnementales", "Le comité de pilotage"):
        GuidePageFactory(parent=library, title=title, summary="Une fiche.", body=BODY)
    document(title="Modèle d'attestation d'éligibilité")
    OrganisationFactory(name="Maison de l'Emploi du Bassin Dijonnais", city="Dijon")


@pytest.mark.parametrize(("query", "expected"), [
    ("marches", {"Les marchés de travaux"}),
    ("MARCHÉ", {"Les marchés de travaux"}),
    ("insertion", {"Insertion professionnelle"}),
    ("clauses", {"Rédiger une clause", "Clauses sociales et environnementales"}),
    ("clause", {"Rédiger une clause", "Clauses sociales et environnementales"}),
    ("social", {"Clauses sociales et environnementales"}),
    ("comite pilotage", {"Le comité de pilotage"}),
    ("eligibilite", {"Modèle d'attestation d'éligibilité"}),
    ("attestations", {"Modèle d'attestation d'éligibilité"}),
    ("maisons emploi dijonnais", {"Maison de l'Emploi du Bassin Dijonnais"}),
    ("l'insertion", {"Insertion professionnelle"}),
])
def test_accents_case_and_plural_are_ignored(client, texts, query, expected):
    assert found(client, query) == expected


def test_every_word_must_be_found(client, texts):
    assert found(client, "clause travaux") == set()


def test_excerpts_and_titles_mark_the_words_found_and_nothing_else(client, texts):
    html = client.get("/recherche/", {"q": "travaux", "type": "guide"}).content.decode()

    assert "Les marchés de <mark>travaux</mark>" in html
    assert html.count("<mark>") == 1


def test_markets_are_matched_the_same_way(client, db):
    territory = TerritoryFactory()
    facilitator = facilitator_of(territory)
    MarketFactory(title="Entretien des espaces verts", lead_territory=territory)
    MarketFactory(title="Réhabilitation énergétique du collège", lead_territory=territory)
    client.force_login(facilitator)

    assert len(search_titles(client, "rehabilitation energetique colleges")) == 1
    assert len(search_titles(client, "espace vert")) == 1
    assert search_titles(client, "collège vert") == []


def test_a_market_is_found_by_its_buyer_s_new_name_and_after_an_edit(client, db):
    territory = TerritoryFactory(name="Bassin dijonnais")
    buyer = OrganisationFactory(name="Mission régionale des achats")
    market = MarketFactory(reference="2025-NET", title="Nettoyage des locaux", buyer=buyer,
                           lead_territory=territory)
    client.force_login(facilitator_of(territory))

    def markets_found(query):
        return [title for title in search_titles(client, query) if "2025-NET" in title]

    assert len(markets_found("mission regionale")) == 1
    buyer.name = "Direction des achats de l'État"
    buyer.save()
    assert markets_found("mission regionale") == []
    assert len(markets_found("achats etat")) == 1

    market.title = "Entretien des espaces verts"
    market.save(update_fields=["title"])
    assert len(markets_found("espaces verts")) == 1
    assert markets_found("nettoyage") == []
