"""/espace/bilans/: who sees which scope, the page, its exports, and its query budget."""

import csv
import datetime
import html
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clauses.bilans.enums import ScopeKind
from clauses.bilans.exports import to_json
from clauses.bilans.indicators import compute_bilan
from clauses.bilans.scopes import Period, Scope
from tests.clauses import bilan_helpers
from tests.clauses.bilan_factories import build_dataset
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import (
    administrator,
    buyer_referent_of,
    coordinator_of,
    facilitator_of,
    member,
)

pytestmark = pytest.mark.django_db
URL = "/espace/bilans/"


@pytest.fixture
def data():
    return build_dataset()


def text(response) -> str:
    return html.unescape(response.content.decode())


def options(response) -> list[str]:
    return [scope.key for group in response.context["selection"].groups for scope in group.scopes]


def test_the_page_asks_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_an_administrator_sees_the_national_bilan_by_default(client, data):
    client.force_login(administrator())

    response = client.get(URL, {"annee": "2024"})

    assert response.status_code == 200
    assert response.context["selection"].scope.kind == ScopeKind.NATIONAL
    assert "Ensemble des territoires" in response.content.decode()
    assert options(response)[0] == "national"


def test_a_facilitator_chooses_among_their_territories_only(client, data):
    client.force_login(facilitator_of(data.t1))

    response = client.get(URL, {"annee": "2024"})

    assert options(response) == ["territoire:senonais"]
    assert response.context["bilan"]["personnes"]["total"] == 3


def test_a_coordinator_chooses_their_network_its_territories_and_conventions(client, data):
    client.force_login(coordinator_of(data.network))

    response = client.get(URL, {"annee": "2024"})

    assert options(response) == [
        "reseau:" + data.network.slug, "convention:convention-bourgogne",
        "territoire:auxerrois", "territoire:senonais",
    ]
    assert response.context["selection"].scope.kind == ScopeKind.NETWORK
    assert response.context["bilan"]["personnes"]["total"] == 4


def test_a_buyer_referent_chooses_their_organisation(client, data):
    client.force_login(buyer_referent_of(data.buyer1))

    response = client.get(URL, {"annee": "2024"})

    assert options(response) == [f"acheteur:{data.buyer1.pk}"]
    assert response.context["bilan"]["marches_avec_clause"]["total"] == 2


def test_a_member_without_a_role_has_no_bilan_but_is_told_where_figures_are(client, data):
    client.force_login(member())

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["bilan"] is None
    assert "/reseau/chiffres-cles/" in response.content.decode()


@pytest.mark.parametrize(("key", "absent"), [
    ("territoire:auxerrois", "territoire:nulle-part"),
    ("reseau:{network}", "reseau:aucun-reseau"),
    ("marche:{m2}", "marche:{none}"),
    ("acheteur:{buyer2}", "acheteur:{none}"),
])
def test_another_scope_typed_in_answers_as_an_absent_one(client, data, key, absent):
    """The market, buyer or territory of someone else is "not found", with the very
    message an identifier that exists nowhere gets: nothing tells it is there."""
    client.force_login(facilitator_of(data.t1))
    ids = {"network": data.network.slug, "m2": data.markets["M2"].pk,
           "buyer2": data.buyer2.pk, "none": 999999}
    key, absent = key.format(**ids), absent.format(**ids)

    response = client.get(URL, {"annee": "2024", "perimetre": key})
    missing = client.get(URL, {"annee": "2024", "perimetre": absent})

    assert response.status_code == missing.status_code == 404
    assert response.context["bilan"] is None
    message = response.context["selection"].error.message
    assert message in text(response)
    ident, absent_ident = key.partition(":")[2], absent.partition(":")[2]
    assert message.replace(ident, "?") == (
        missing.context["selection"].error.message.replace(absent_ident, "?")
    )
    export = client.get(f"{URL}export.csv", {"annee": "2024", "perimetre": key})
    assert (export.status_code, export.content.decode()) == (404, message)


def test_the_national_bilan_is_refused_to_a_facilitator(client, data):
    client.force_login(facilitator_of(data.t1))

    response = client.get(URL, {"annee": "2024", "perimetre": "national"})

    assert response.status_code == 403
    assert "Ce bilan ne vous est pas ouvert." in text(response)


def test_a_facilitator_reads_the_bilan_of_a_market_of_their_territory(client, data):
    client.force_login(facilitator_of(data.t1))

    response = client.get(URL, {"annee": "2024", "perimetre": f"marche:{data.markets['M1'].pk}"})

    assert response.status_code == 200
    assert response.context["bilan"]["heures_realisees"]["total"] == Decimal("330.00")


def test_a_convention_is_read_over_its_validity_whatever_the_year(client, data):
    client.force_login(coordinator_of(data.network))

    response = client.get(URL, {"annee": "2015", "perimetre": "convention:convention-bourgogne"})

    scope = response.context["selection"].scope
    assert (scope.period.start, scope.period.end) == (datetime.date(2023, 1, 1),
                                                     datetime.date(2024, 12, 31))
    assert response.context["bilan"]["heures_realisees"]["total"] == Decimal("710.00")


@pytest.mark.parametrize(("year", "message"), [
    ("deux mille", "n'est pas une année"),
    ("1990", "L'année doit être comprise entre 2008 et"),
])
def test_a_wrong_year_is_refused_in_french(client, data, year, message):
    client.force_login(administrator())

    response = client.get(URL, {"annee": year})

    assert response.status_code == 400
    assert message in text(response)
    assert response.context["bilan"] is None


def test_an_unknown_scope_is_not_found(client, data):
    client.force_login(administrator())

    response = client.get(URL, {"annee": "2024", "perimetre": "territoire:nulle-part"})

    assert response.status_code == 404
    assert "Aucun territoire n'a l'identifiant « nulle-part »." in text(response)


def test_page_csv_xlsx_and_json_give_the_same_numbers(client, data):
    client.force_login(administrator())
    params = {"annee": "2024", "perimetre": "national"}
    expected = bilan_helpers.from_json(
        to_json(compute_bilan(Scope(ScopeKind.NATIONAL, None, Period.year(2024))))
    )

    page = bilan_helpers.from_html(client.get(URL, params).content.decode())
    csv_response = client.get(f"{URL}export.csv", params)
    xlsx_response = client.get(f"{URL}export.xlsx", params)
    api = bilan_helpers.from_json(client.get("/api/v1/bilans", params).json())

    assert csv_response["Content-Disposition"] == (
        'attachment; filename="bilan-national-2024.csv"'
    )
    assert xlsx_response["Content-Type"].startswith("application/vnd.openxmlformats")
    csv_numbers = bilan_helpers.from_csv(csv_response.content.decode("utf-8"))
    xlsx_numbers = bilan_helpers.from_xlsx(xlsx_response.content)
    assert len(expected) > 100
    assert page == expected
    assert csv_numbers == expected
    assert xlsx_numbers == expected
    assert api == expected
    assert expected[("heures_realisees", "", "total", "")] == Decimal("600")
    assert expected[("modalites", "par_modalite", "embauche_directe", "personnes")] == 3


def test_the_csv_opens_with_accents_in_a_spreadsheet(client, data):
    client.force_login(facilitator_of(data.t1))

    response = client.get(f"{URL}export.csv", {"annee": "2024"})

    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert text.startswith("\ufeffperimetre;periode;indicateur;")
    assert "\r\n" in text
    assert ["Territoire : Sénonais", "Année 2024", "heures_realisees", "", "total"] in [
        row[:5] for row in rows
    ]
    rate = next(row for row in rows if row[4] == "taux_realisation")
    assert "," in rate[7] and "." not in rate[7]


def test_charts_get_their_numbers_from_a_json_element_and_a_local_script(client, data):
    client.force_login(administrator())

    page = client.get(URL, {"annee": "2024"}).content.decode()

    assert '<script id="bilan-graphiques" type="application/json">' in page
    assert 'src="/static/clauses/vendor/chart.umd.min.js" defer' in page
    assert 'src="/static/clauses/bilans.js" defer' in page
    assert "<canvas id=\"graphique-par_tranche_age\" role=\"img\"" in page
    assert "style=" not in page.split("<main", 1)[1]
    assert 'href="/static/clauses/bilans.css"' in page


def _more_data(data, count):
    """`count` more markets of T1, each with one person and a year of hours."""
    for _ in range(count):
        market = MarketFactory(lead_territory=data.t1, buyer=data.buyer1, status="en_execution",
                               execution_starts_on=datetime.date(2024, 1, 1))
        placement = PlacementFactory(
            clause=ClauseFactory(market=market), starts_on=datetime.date(2024, 1, 1),
            beneficiary=BeneficiaryFactory(territory=data.t1, criteria=[]),
        )
        for month in range(1, 13):
            HoursDeclarationFactory(placement=placement, month=datetime.date(2024, month, 1))


@pytest.mark.parametrize("role", ["administrator", "coordinator", "facilitator"])
def test_the_page_reads_a_fixed_number_of_queries_whatever_the_data(
    client, data, role, django_assert_max_num_queries
):
    user = {"administrator": administrator, "coordinator": lambda: coordinator_of(data.network),
            "facilitator": lambda: facilitator_of(data.t1)}[role]()
    client.force_login(user)
    # The first page of a session makes the account's Wagtail profile (the user bar).
    client.get(URL, {"annee": "2024"})

    counts = []
    # From 5 people on: a bilan of fewer people reads (and logs) who they are, see
    # test_a_small_bilan_stays_within_the_budget.
    for extra in (2, 13):
        _more_data(data, extra)
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(20):
            response = client.get(URL, {"annee": "2024", "perimetre": "territoire:senonais"})
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert response.context["bilan"]["personnes"]["total"] == 3 + 15


def test_a_market_page_links_to_its_bilan_over_its_whole_life(client, data):
    client.force_login(facilitator_of(data.t1))
    market = data.markets["M1"]

    page = client.get(f"/espace/marches/{market.pk}/").content.decode()
    link = f"/espace/bilans/?perimetre=marche:{market.pk}&amp;annee=tout"
    response = client.get(URL, {"perimetre": f"marche:{market.pk}", "annee": "tout"})

    assert link in page
    assert response.context["selection"].scope.period.label == "Depuis le début"
    assert response.context["bilan"]["personnes"]["total"] == 4  # P1 P2 P6 P7
    export = client.get(f"{URL}export.csv", {"perimetre": f"marche:{market.pk}",
                                             "annee": "tout"})
    assert export["Content-Disposition"] == (
        f'attachment; filename="bilan-marche-{market.pk}-tout.csv"'
    )


def test_the_market_bilan_include_renders_its_highlights(data, rf):
    from django.template.loader import render_to_string

    from clauses.views.bilans import market_bilan_context

    context = market_bilan_context(data.markets["M1"])
    rendered = render_to_string("clauses/bilans/_market_bilan.html", context)

    assert [f.value for f in context["market_bilan_figures"]] == [
        Decimal("380.00"), Decimal("500.00"), Decimal("76.0"), 4, 2,
    ]
    assert "Bilan du marché" in rendered and "76 %" in rendered
    assert 'id="bilan-marche-heures_realisees"' in rendered


def test_the_dashboard_shows_the_way_to_the_bilans_to_those_who_have_one(client, data):
    client.force_login(facilitator_of(data.t1))
    facilitator_page = client.get("/espace/").content.decode()
    client.force_login(member())
    member_page = client.get("/espace/").content.decode()

    assert "Bilans annuels" in facilitator_page
    assert 'href="/espace/bilans/"' in facilitator_page
    assert "Bilans annuels" not in member_page
