"""Statistical secrecy of the bilans: a market with one person tells its buyer the count and
the hours, never who that person is; the facilitators of the person's territory read the
breakdowns, and that reading is logged."""

import datetime
import html
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from clauses.bilans.enums import ScopeKind
from clauses.bilans.exports import to_xlsx
from clauses.bilans.indicators import INDICATORS
from clauses.bilans.key_figures import MIN_PEOPLE as KEY_FIGURES_MIN_PEOPLE
from clauses.bilans.scopes import Period, Scope
from clauses.bilans.secrecy import MIN_PEOPLE, SECRET, bilan_for
from clauses.enums import AuditAction, EligibilityCriterion, OutcomeCategory
from clauses.models import BeneficiaryCriterion, PersonalDataLog
from tests.clauses.bilan_factories import build_dataset
from tests.clauses.factories import (
    BeneficiaryFactory,
    HoursDeclarationFactory,
    OutcomeFactory,
    PlacementFactory,
)
from tests.network.factories import administrator

pytestmark = pytest.mark.django_db
PAGE = "/espace/bilans/"
API = "/api/v1/bilans"
RSA = "Allocataire du RSA"
RQTH = "Travailleur handicapé (RQTH)"
PEOPLE_TABLES = {
    "typologie_beneficiaires": ("par_critere", "par_sexe", "par_tranche_age",
                                "par_niveau_diplome", "par_residence_qpv"),
    "modalites": ("par_modalite", "par_type_contrat"),
    "situations": ("a_la_fin", "a_six_mois"),
}


@pytest.fixture
def one_person(world):
    """The world's market: one person (RSA and RQTH), 120 hours in February 2025, a
    placement ended in June with an outcome."""
    BeneficiaryCriterion.objects.create(beneficiary=world.beneficiary,
                                        criterion=EligibilityCriterion.RQTH)
    world.placement.ends_on = datetime.date(2025, 6, 30)
    world.placement.save()
    OutcomeFactory(placement=world.placement, category=OutcomeCategory.CDI)
    return world


def market_params(world) -> dict:
    return {"annee": "2025", "perimetre": f"marche:{world.market.pk}"}


def page_text(client, user, params) -> tuple:
    client.force_login(user)
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return response, html.unescape(response.content.decode())


def detailed_reads():
    return PersonalDataLog.objects.filter(action=AuditAction.DETAILED_BILAN)


def test_the_threshold_is_the_one_of_the_public_key_figures():
    assert MIN_PEOPLE == KEY_FIGURES_MIN_PEOPLE == 5


def test_a_buyer_reads_the_count_and_hours_but_not_who_the_person_is(client, one_person):
    response, text = page_text(client, one_person.users["referent_acheteur"],
                               market_params(one_person))

    assert "Secret statistique : moins de 5 personnes" in text
    assert RSA not in text and RQTH not in text
    assert "Moins de 26 ans" not in text and "Embauche directe" not in text
    bilan = response.context["bilan"]
    assert bilan["personnes"]["total"] == 1
    assert str(bilan["heures_realisees"]["total"]) == "120.00"
    assert bilan["typologie_beneficiaires"]["par_critere"] == SECRET
    assert 'data-table="par_critere" data-secret' in text
    assert "graphique-par_tranche_age" not in text  # no chart of a secret table
    assert not detailed_reads().exists()


def test_the_buyer_scope_is_as_secret_as_the_market(client, one_person):
    params = {"annee": "2025", "perimetre": f"acheteur:{one_person.buyer.pk}"}

    _, text = page_text(client, one_person.users["referent_acheteur"], params)

    assert "Secret statistique" in text and RSA not in text


def test_the_facilitator_of_the_territory_reads_the_breakdown_and_it_is_logged(
    client, one_person
):
    response, text = page_text(client, one_person.users["facilitateur_territoire"],
                               market_params(one_person))

    assert "Secret statistique" not in text
    assert RSA in text and RQTH in text
    criteria = {row["code"]: row["personnes"]
                for row in response.context["bilan"]["typologie_beneficiaires"]["par_critere"]}
    assert criteria["rsa"] == criteria["rqth"] == 1
    entries = list(detailed_reads())
    assert len(entries) == 2  # the people with hours, and those whose placement ended
    assert {e.beneficiary_id for e in entries} == {one_person.beneficiary.pk}
    assert {e.username for e in entries} == {"fac-dijon"}
    assert all(e.context.startswith("Bilan — Marché : ") for e in entries)
    assert "critères d'éligibilité" in entries[0].fields_display + entries[1].fields_display


def test_the_coordinator_reads_it_too(client, one_person):
    _, text = page_text(client, one_person.users["coordinateur"], market_params(one_person))

    assert RSA in text and "Secret statistique" not in text


def test_a_person_of_another_territory_keeps_the_breakdown_secret_from_this_facilitator(
    client, world
):
    stranger = BeneficiaryFactory(territory=world.nevers, criteria=[EligibilityCriterion.AAH])
    HoursDeclarationFactory(placement=PlacementFactory(clause=world.clause, beneficiary=stranger))

    _, facilitator_page = page_text(client, world.users["facilitateur_territoire"],
                                    market_params(world))
    _, coordinator_page = page_text(client, world.users["coordinateur"], market_params(world))

    assert "Secret statistique" in facilitator_page
    assert "Allocataire de l'AAH" not in facilitator_page
    assert "Allocataire de l'AAH" in coordinator_page


def test_from_five_people_on_the_buyer_reads_the_breakdown_and_nothing_is_logged(
    client, world
):
    for _ in range(MIN_PEOPLE - 1):
        HoursDeclarationFactory(placement=PlacementFactory(clause=world.clause))

    response, text = page_text(client, world.users["referent_acheteur"], market_params(world))

    assert response.context["bilan"]["personnes"]["total"] == MIN_PEOPLE
    assert RSA in text and "Secret statistique" not in text
    assert not detailed_reads().exists()


def test_the_api_keeps_its_seven_keys_and_marks_each_secret_table(client, one_person):
    client.force_login(one_person.users["referent_acheteur"])

    body = client.get(API, {"annee": "2025", "marche": one_person.market.pk}).json()

    assert tuple(body) == INDICATORS
    for indicator, tables in PEOPLE_TABLES.items():
        for table in tables:
            assert body[indicator][table] == {"secret_statistique": True}
    assert body["personnes"]["total"] == 1
    assert body["heures_realisees"]["total"] == "120.00"
    assert body["situations"]["placements_termines"] == 1
    assert isinstance(body["typologie_clauses"]["par_fondement_juridique"], list)
    assert "rsa" not in json.dumps(body)


def test_the_api_gives_the_facilitator_the_tables(client, one_person):
    client.force_login(one_person.users["facilitateur_territoire"])

    body = client.get(API, {"annee": "2025", "marche": one_person.market.pk}).json()

    rows = {row["code"]: row["personnes"] for row in body["typologie_beneficiaires"]["par_critere"]}
    assert rows["rqth"] == 1
    assert detailed_reads().filter(context__startswith="API des bilans").count() == 2


def test_the_openapi_schema_documents_the_secret(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert '{"secret_statistique": true}' in json.dumps(schema, ensure_ascii=False).replace(
        '\\"', '"'
    )


def test_the_buyer_csv_and_xlsx_say_secret_and_hold_no_breakdown(client, one_person):
    client.force_login(one_person.users["referent_acheteur"])
    params = market_params(one_person)

    csv_text = client.get(f"{PAGE}export.csv", params).content.decode("utf-8")
    workbook = load_workbook(io.BytesIO(client.get(f"{PAGE}export.xlsx", params).content))
    cells = [str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]

    assert ";typologie_beneficiaires;par_critere;secret_statistique;Secret statistique" in csv_text
    assert ";rsa;" not in csv_text and RSA not in csv_text
    people = ";personnes;;total;Personnes mises à l'emploi (comptées une fois);personnes;1"
    assert people in csv_text
    assert "Secret statistique : moins de 5 personnes" in cells
    assert RSA not in cells and RQTH not in cells
    assert not detailed_reads().exists()


def test_the_facilitator_csv_holds_the_breakdown_and_is_logged(client, one_person):
    client.force_login(one_person.users["facilitateur_territoire"])

    csv_text = client.get(f"{PAGE}export.csv", market_params(one_person)).content.decode()

    assert ";typologie_beneficiaires;par_critere;rqth;Travailleur handicapé (RQTH);personnes;1" \
        in csv_text
    assert detailed_reads().filter(context__startswith="Export CSV du bilan").exists()


def test_without_a_reader_small_breakdowns_stay_secret(one_person):
    """A document filed for a whole committee, the market page's include."""
    from clauses.views.bilans import market_bilan_context

    scope = Scope(ScopeKind.MARKET, one_person.market, Period())
    workbook = load_workbook(io.BytesIO(to_xlsx(bilan_for(None, scope), "x", "y")))
    cells = [value for row in workbook["Bilan"].iter_rows(values_only=True) for value in row]

    assert "Secret statistique : moins de 5 personnes" in cells and RSA not in cells
    context = market_bilan_context(one_person.market)
    assert context["market_bilan"]["typologie_beneficiaires"]["par_critere"] == SECRET
    assert not detailed_reads().exists()


def test_the_operators_command_shows_everything_and_logs_it(one_person):
    out = io.StringIO()
    call_command("bilan", "--annee", "2025", "--marche", str(one_person.market.pk),
                 stdout=out, stderr=io.StringIO())

    body = json.loads(out.getvalue())
    assert {row["code"]: row["personnes"]
            for row in body["typologie_beneficiaires"]["par_critere"]}["rqth"] == 1
    entry = detailed_reads().first()
    assert entry.user is None and entry.username == ""
    assert entry.context.startswith("Commande bilan")


def test_a_small_bilan_stays_within_the_budget(client, django_assert_max_num_queries):
    build_dataset()  # the Sénonais in 2024: 3 people with hours, 1 whose placement ended
    client.force_login(administrator())
    client.get(PAGE, {"annee": "2024"})
    logged = detailed_reads().count()

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(20):
        response = client.get(PAGE, {"annee": "2024", "perimetre": "territoire:senonais"})

    assert response.status_code == 200
    assert response.context["bilan"]["personnes"]["total"] == 3
    assert detailed_reads().count() - logged == 3 + 1
    assert len(queries) <= 20
