"""The calculator's trades (a snippet editors keep) and the clause form's amount taken
from the lot."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from clauses.models import Clause, Trade
from tests.clauses.factories import LotFactory, MarketFactory
from tests.network.factories import editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def painting():
    return Trade.objects.create(name="Peinture intérieure", labour_share=Decimal("70"))


def test_the_calculator_offers_the_trades_with_their_share(client, painting):
    html = client.get("/outils/calculateur-heures/").content.decode()

    assert "Peinture intérieure (70 %)" in html
    assert f'value="{painting.pk}" data-labour-share="70 %"' in html


def test_without_javascript_a_trade_gives_its_share(client, painting):
    response = client.get("/outils/calculateur-heures/", {
        "montant": "1 000 000", "metier": painting.pk, "part_main_oeuvre": "",
        "taux": "5", "cout_horaire": "30",
    })

    # 1,000,000 × 70 % × 5 % ÷ 30 = 1,166.67 h
    assert response.context["result"].hours == 1167
    assert response.context["form"].errors == {}


def test_a_share_typed_by_hand_wins_over_the_trade(client, painting):
    response = client.get("/outils/calculateur-heures/", {
        "montant": "1000000", "metier": painting.pk, "part_main_oeuvre": "50 %",
        "taux": "5 %", "cout_horaire": "30",
    })

    assert response.context["result"].hours == 833


def test_the_share_of_a_trade_is_written_the_french_way():
    assert Trade(name="Plâtrerie", labour_share=Decimal("37.50")).labour_share_display == (
        "37,5 %")


def test_editors_keep_the_trades_in_the_admin(client, painting):
    assert {"add_trade", "change_trade"} <= set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    client.force_login(editor())

    listing = client.get("/admin/snippets/clauses/trade/")
    response = client.post("/admin/snippets/clauses/trade/add/", {
        "name": "Menuiserie", "labour_share": "45", "notes": "",
    })

    assert listing.status_code == 200
    assert "Peinture intérieure" in listing.content.decode()
    assert response.status_code == 302
    assert Trade.objects.get(name="Menuiserie").labour_share == Decimal("45")


def test_a_share_above_100_is_refused_in_the_admin(client):
    client.force_login(editor())

    response = client.post("/admin/snippets/clauses/trade/add/", {
        "name": "Erreur", "labour_share": "170", "notes": "",
    })

    assert response.status_code == 200
    assert not Trade.objects.filter(name="Erreur").exists()


# --- The clause form starts from the lot's amount ----------------------------------------


def _market_of(world, lots=()):
    market = MarketFactory(buyer=world.buyer, lead_territory=world.dijon)
    for amount in lots:
        LotFactory(market=market, amount=amount)
    return market


def test_a_new_clause_starts_from_the_amount_of_the_only_lot(client, world):
    market = _market_of(world, [Decimal("500000.00")])
    client.force_login(world.users["facilitateur_territoire"])

    form = client.get(reverse("clauses:clause_create", args=[market.pk])).context["form"]

    assert form["calc_montant"].value() == "500000"
    assert str(form["lot"].value()) == str(market.lots.get().pk)


def test_each_lot_carries_its_amount_for_the_form(client, world):
    other = LotFactory(market=world.market, amount=Decimal("125000.50"))
    client.force_login(world.users["facilitateur_territoire"])

    html = client.get(reverse("clauses:clause_create", args=[world.market.pk])).content.decode()

    assert f'value="{other.pk}" data-amount="125000,5"' in html
    assert "clauses/clause-form" in html


def test_without_lots_the_clause_starts_from_the_market_amount(client, world):
    market = _market_of(world)
    client.force_login(world.users["facilitateur_territoire"])

    form = client.get(reverse("clauses:clause_create", args=[market.pk])).context["form"]

    assert form["calc_montant"].value() == "1000000"


def test_an_existing_clause_keeps_its_own_amount(client, world):
    world.clause.calculator_inputs = {"formule": "standard", "montant": "750000"}
    world.clause.save()
    client.force_login(world.users["facilitateur_territoire"])

    form = client.get(reverse("clauses:clause_edit", args=[world.market.pk, world.clause.pk])
                      ).context["form"]

    assert form["calc_montant"].value() == "750000"


def test_a_clause_saved_with_percentages_as_people_write_them(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    lot = world.clause.lot

    response = client.post(reverse("clauses:clause_create", args=[world.market.pk]), {
        "lot": lot.pk, "legal_basis": "condition_execution", "hours_mode": "calculees",
        "calc_formule": "standard", "calc_montant": "1 000 000", "calc_part_main_oeuvre": "50",
        "calc_taux": "5 %", "calc_cout_horaire": "30",
    })

    assert response.status_code == 302, response.content.decode()
    assert Clause.objects.filter(market=world.market).order_by("-pk").first().required_hours \
        == Decimal("833")
