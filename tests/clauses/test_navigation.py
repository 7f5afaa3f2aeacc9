"""The members' navigation and the dashboard's tasks: what each role's grants open,
asked of network.permissions, on every page once signed in."""

import datetime

import pytest
from django.urls import reverse

from network.members_nav import links_for
from network.permissions import forget_grants
from tests.clauses.factories import PlacementFactory
from tests.network.factories import WorkspaceFactory, workspace_member_of

NAVIGATION = {
    "facilitateur_territoire": ["Tableau de bord", "Marchés", "Bénéficiaires", "Placements",
                                "Heures", "Entreprises", "Bilans", "Espaces de travail"],
    "coordinateur": ["Tableau de bord", "Marchés", "Prévisions", "Bénéficiaires",
                     "Placements", "Heures", "Entreprises", "Bilans", "Espaces de travail",
                     "Journal des accès"],
    "referent_acheteur": ["Tableau de bord", "Marchés", "Prévisions", "Placements", "Heures",
                          "Bilans"],
    "membre": ["Tableau de bord"],
}


@pytest.mark.parametrize("role", list(NAVIGATION))
def test_each_role_reads_the_screens_its_grants_open(world, role):
    WorkspaceFactory(territory=world.dijon)
    labels = [link.label for link in links_for(world.users[role], "/espace/")]
    assert labels == NAVIGATION[role]


@pytest.mark.parametrize("role", list(NAVIGATION))
def test_every_entry_opens(client, world, role):
    client.force_login(world.users[role])
    for link in links_for(world.users[role], "/espace/"):
        assert client.get(link.url).status_code == 200, link


def test_a_workspace_member_reaches_their_workspaces(client, world):
    space = WorkspaceFactory(name="Espace du comité de pilotage")
    reader = workspace_member_of(space)
    assert [link.label for link in links_for(reader)] == ["Tableau de bord",
                                                          "Espaces de travail"]
    client.force_login(reader)
    html = client.get(reverse("workspace_list")).content.decode()
    assert "Espace du comité de pilotage" in html and space.get_absolute_url() in html


def test_the_menu_costs_no_query_beyond_the_grants(world, django_assert_max_num_queries):
    user = world.users["coordinateur"]
    forget_grants(user)
    with django_assert_max_num_queries(1):
        links_for(user, "/espace/")
    with django_assert_max_num_queries(0):
        links_for(user, "/espace/marches/")


@pytest.mark.parametrize(("path", "current"), [
    ("/espace/", "Tableau de bord"),
    ("/espace/marches/", "Marchés"),
    ("/espace/marches/12/", "Marchés"),
    ("/espace/marches/placements/3/modifier/", "Placements"),
    ("/espace/marches/sorties/", "Placements"),
    ("/espace/marches/heures/", "Heures"),
    ("/espace/marches/import/", "Heures"),
    ("/espace/marches/prevision/", "Prévisions"),
    ("/espace/marches/previsions/", "Prévisions"),
    ("/espace/beneficiaires/B-0001/", "Bénéficiaires"),
    ("/espace/beneficiaires/journal/", "Journal des accès"),
    ("/espace/entreprises/", "Entreprises"),
    ("/espace/entreprises/4/modifier/", "Entreprises"),
    ("/espace/marches/decp/import/", "Marchés"),
    ("/espace/marches/12/redaction/", "Marchés"),
    ("/espace/notifications/", None),
    ("/ressources/", None),
])
def test_the_screen_being_read_is_marked(world, path, current):
    marked = [link.label for link in links_for(world.users["coordinateur"], path)
              if link.current]
    assert marked == ([current] if current else [])


def test_the_menu_is_in_the_header_of_every_page_once_signed_in(client, world):
    assert 'aria-label="Mon espace"' not in client.get("/reseau/").content.decode()
    client.force_login(world.users["facilitateur_territoire"])
    for path in ("/reseau/", reverse("clauses:beneficiary_list")):
        html = client.get(path).content.decode()
        assert 'aria-label="Mon espace"' in html
        assert 'class="nav-notifications"' in html
    html = client.get(reverse("clauses:beneficiary_list")).content.decode()
    assert f'href="{reverse("clauses:beneficiary_list")}" aria-current="page"' in html


def _tasks(client):
    response = client.get(reverse("members_dashboard"))
    return {task["label"]: task for panel in response.context["panels"]
            if panel.panel.key == "clauses_tasks" for task in panel.panel.get_context(
                response.wsgi_request)["tasks"]}


def test_the_dashboard_puts_each_days_task_one_click_away(client, world):
    PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                     ends_on=datetime.date.today() - datetime.timedelta(days=3))
    client.force_login(world.users["facilitateur_territoire"])
    tasks = _tasks(client)
    assert tasks["Sorties à renseigner"]["count"] == 1
    assert tasks["Importer des heures (CSV, XLSX)"]["url"] == reverse("clauses:hours_import")
    assert "Prévisions à étudier" not in tasks
    for task in tasks.values():
        assert client.get(task["url"]).status_code == 200, task

    assert tasks["Importer des marchés attribués (DECP)"]["url"] == reverse(
        "clauses:decp_import")

    client.force_login(world.users["coordinateur"])
    assert _tasks(client)["Prévisions à étudier"]["url"].endswith("?etude=a_etudier")
    client.force_login(world.users["referent_acheteur"])
    tasks = _tasks(client)
    assert "Transmettre une prévision" in tasks and "Sorties à renseigner" not in tasks
    assert "Importer des marchés attribués (DECP)" not in tasks
    client.force_login(world.users["membre"])
    assert _tasks(client) == {}


def test_the_companies_open_to_their_keepers_only(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    html = client.get(reverse("members_dashboard")).content.decode()
    assert f'href="{reverse("clauses:company_list")}"' in html
    client.force_login(world.users["referent_acheteur"])
    html = client.get(reverse("members_dashboard")).content.decode()
    assert f'href="{reverse("clauses:company_list")}"' not in html
    assert client.get(reverse("clauses:company_list")).status_code == 403


def test_the_drafting_page_and_the_proofs_are_one_click_from_their_record(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    market_page = client.get(world.market.get_absolute_url()).content.decode()
    drafting = reverse("clauses:market_drafting", args=[world.market.pk])
    assert f'href="{drafting}"' in market_page
    assert client.get(drafting).status_code == 200

    pseudonym = world.beneficiary.pseudonym
    person_page = client.get(reverse("clauses:beneficiary_detail", args=[pseudonym]))
    upload = reverse("clauses:proof_create", args=[pseudonym])
    assert f'href="{upload}?critere=' in person_page.content.decode()
    assert client.get(upload).status_code == 200
