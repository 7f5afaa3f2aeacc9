import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from tests.network.factories import committee_member_of
from tests.resources.factories import (
    GuidePageFactory,
)

pytestmark = pytest.mark.django_db

URL = "/ressources/"


def titles(response) -> set[str]:
    return {publication.title for publication in response.context["publications"]}


def facet(response, param):
    return next(f for f in response.context["facets"] if f.param == param)


def counts(response, param) -> dict[str, int]:
    return {option.value: option.count for option in facet(response, param).options}


# (filter parameters) -> titles a visitor gets
EXPECTED = [
    ({"type": "modele-clause"}, {"Marché réservé aux SIAE", "Clause en condition d'exécution"}),
    ({"type": "compte-rendu"}, {"Comité : lancement"}),
    ({"theme": "calcul-des-heures"},
     {"Calculer les heures d'insertion", "Marché réservé aux SIAE", "Groupe scolaire"}),
    ({"reseau": "ave"},
     {"Calculer les heures d'insertion", "Clause en condition d'exécution", "Tableau de suivi"}),
    ({"territoire": "plie-graves"}, {"Calculer les heures d'insertion", "Groupe scolaire"}),
    ({"categorie": "services"}, {"Marché réservé aux SIAE", "Clause en condition d'exécution"}),
    ({"categorie": "fournitures"}, {"Tableau de suivi"}),
    ({"fondement": "condition_execution"},
     {"Calculer les heures d'insertion", "Clause en condition d'exécution"}),
    ({"annee": "2011"},
     {"Marché réservé aux SIAE", "Clause en condition d'exécution", "Comité : lancement"}),
    ({"type": "modele-clause", "theme": "siae", "categorie": "travaux"},
     {"Clause en condition d'exécution"}),
    ({"reseau": "ave", "annee": "2010"}, {"Calculer les heures d'insertion"}),
]


@pytest.mark.parametrize(("params", "expected"), EXPECTED)
def test_each_filter_narrows_the_list(client, catalogue, params, expected):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["total"] == len(expected)
    heading = f"{len(expected)} publication" + ("s" if len(expected) > 1 else "")
    assert heading in response.content.decode()


def test_every_option_count_is_the_number_of_results_its_link_gives(client, catalogue):
    for start in ({}, {"type": "modele-clause"}, {"theme": "calcul-des-heures", "annee": "2010"}):
        response = client.get(URL, start)
        for current in response.context["facets"]:
            for option in current.options:
                if option.selected:  # its link removes it; its count is the current total
                    assert option.count == response.context["total"]
                    continue
                followed = client.get(URL + option.url)
                assert followed.context["total"] == option.count, (
                    start, current.param, option.value,
                )


def test_counts_of_the_unfiltered_library(client, catalogue):
    response = client.get(URL)

    assert response.context["total"] == 6  # the restricted minutes are left out
    assert counts(response, "type") == {
        "guide": 1, "modele-clause": 2, "outil": 1, "retour-experience": 1, "compte-rendu": 1,
    }
    assert counts(response, "theme") == {"calcul-des-heures": 3, "siae": 3}  # "vide" hidden
    assert counts(response, "reseau") == {"ave": 3, "urpa": 1}
    assert counts(response, "territoire") == {"bassin-dijonnais": 1, "plie-graves": 2}
    assert counts(response, "categorie") == {"travaux": 3, "services": 2, "fournitures": 1}
    assert counts(response, "fondement") == {
        "condition_execution": 2, "reserve_siae": 1, "critere_attribution": 1,
    }
    assert counts(response, "annee") == {"2012": 1, "2011": 3, "2010": 2}
    labels = {o.value: o.label for o in facet(response, "reseau").options}
    assert labels == {"ave": "AVE", "urpa": "URPA"}


def test_a_facet_counts_across_its_own_options(client, catalogue):
    """Choosing a type still shows how many publications the other types hold."""
    response = client.get(URL, {"type": "outil", "reseau": "ave"})

    assert titles(response) == {"Tableau de suivi"}
    assert counts(response, "type") == {"guide": 1, "modele-clause": 1, "outil": 1}
    selected = [o.value for o in facet(response, "type").options if o.selected]
    assert selected == ["outil"]


def test_a_committee_member_sees_and_counts_the_restricted_minutes(client, catalogue):
    committee = catalogue["restricted-minutes"].committee
    client.force_login(committee_member_of(committee))

    response = client.get(URL, {"type": "compte-rendu"})

    assert titles(response) == {"Comité : lancement", "Comité : mi-parcours"}
    assert counts(response, "reseau") == {"urpa": 1}


def test_text_query_combines_with_filters(client, catalogue):
    response = client.get(URL, {"q": "heures", "type": "guide"})
    assert titles(response) == {"Calculer les heures d'insertion"}

    response = client.get(URL, {"q": "réservé"})
    assert titles(response) == {"Marché réservé aux SIAE"}
    assert counts(response, "type") == {"modele-clause": 1}

    response = client.get(URL, {"q": "introuvablexyz"})
    assert titles(response) == set()
    assert "Aucune publication ne correspond à ces critères." in response.content.decode()


def test_restricted_minutes_are_not_found_by_a_visitor_search(client, catalogue):
    response = client.get(URL, {"q": "mi-parcours"})

    assert titles(response) == set()


def test_filter_links_keep_the_other_filters_in_the_url(client, catalogue):
    response = client.get(URL, {"type": "modele-clause", "q": "clause", "page": "1"})

    option = next(o for o in facet(response, "theme").options if o.value == "siae")
    query = parse_qs(urlsplit(option.url).query)
    assert query == {"type": ["modele-clause"], "q": ["clause"], "theme": ["siae"]}
    selected = next(o for o in facet(response, "type").options if o.selected)
    assert parse_qs(urlsplit(selected.url).query) == {"q": ["clause"]}  # removes itself
    html = response.content.decode()
    assert '<input type="hidden" name="type" value="modele-clause">' in html


def test_bad_filter_values_are_ignored_with_a_french_message(client, catalogue):
    response = client.get(URL, {"annee": "deux-mille", "type": "inconnu", "reseau": "ave"})

    assert response.status_code == 200
    messages = response.context["filter_messages"]
    assert "Le filtre « Année » est invalide : il a été ignoré." in messages
    assert "Le filtre « Type » est invalide : il a été ignoré." in messages
    assert response.context["total"] == 3  # only the valid network filter applies


def test_unknown_theme_is_ignored_with_a_french_message(client, catalogue):
    response = client.get(URL, {"theme": "n-existe-pas", "type": "outil"})

    assert response.context["filter_messages"] == [
        "Le thème « n-existe-pas » n'existe pas : ce filtre a été ignoré."
    ]
    assert titles(response) == {"Tableau de suivi"}


def test_twenty_per_page_newest_first(client, library):
    now = timezone.now()
    for number in range(25):
        GuidePageFactory(
            parent=library, title=f"Guide {number:02d}",
            first_published_at=now - datetime.timedelta(days=number),
        )

    first = client.get(URL)
    second = client.get(URL + first.context["page_urls"]["next"])

    assert [p.title for p in first.context["publications"]] == [
        f"Guide {n:02d}" for n in range(20)
    ]
    assert [p.title for p in second.context["publications"]] == [
        f"Guide {n:02d}" for n in range(20, 25)
    ]
    assert "Page 2 sur 2" in second.content.decode()
    beyond = client.get(URL, {"page": "9"})
    assert [p.title for p in beyond.context["publications"]][0] == "Guide 00"
    assert beyond.context["filter_messages"] == [
        "Cette page de résultats n'existe pas : voici la première."
    ]


def test_library_links_its_feeds(client, library):
    html = client.get(URL).content.decode()

    assert 'type="application/atom+xml"' in html and 'href="/ressources/flux/atom/"' in html
    assert 'type="application/rss+xml"' in html and 'href="/ressources/flux/rss/"' in html
