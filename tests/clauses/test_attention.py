"""What needs attention: the clauses panels of the /espace/ dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clauses import attention
from clauses.enums import MarketStatus, OutcomeMoment
from tests.clauses.factories import (
    ClauseFactory,
    MarketFactory,
    OutcomeFactory,
    PlacementFactory,
)
from tests.network.factories import ConventionFactory, ConventionPartyFactory


@pytest.fixture
def today():
    return timezone.localdate()


def test_late_consultation_listed_for_the_territory_only(world, today):
    late = MarketFactory(lead_territory=world.dijon, reference="TARDIF",
                         facilitator_consulted_on=today,
                         dce_planned_on=today + datetime.timedelta(5))
    MarketFactory(lead_territory=world.dijon, reference="A-TEMPS",
                  facilitator_consulted_on=today, dce_planned_on=today + datetime.timedelta(30))
    panel = attention.panel("consultations", world.users["facilitateur_territoire"], today)
    assert [m.reference for m in panel.items] == ["TARDIF"]
    assert attention.panel("consultations", world.users["facilitateur_autre_territoire"],
                           today).items == []
    assert attention.panel("consultations", world.users["membre"], today) is None
    assert late.consultation_too_late(today)


def test_clause_behind_schedule(world, today):
    start = today - datetime.timedelta(days=180)
    market = MarketFactory(lead_territory=world.dijon, status=MarketStatus.IN_EXECUTION,
                           execution_starts_on=start,
                           execution_ends_on=start + datetime.timedelta(days=360))
    behind = ClauseFactory(market=market, required_hours=Decimal(1000))
    on_time = ClauseFactory(market=market, required_hours=Decimal(100))
    placement = PlacementFactory(clause=on_time, starts_on=start)
    month = today.replace(day=1)
    placement.declarations.create(month=month, hours_worked=Decimal(60),
                                  credited_clause=on_time)
    panel = attention.panel("retards", world.users["facilitateur_territoire"], today)
    assert behind in panel.items
    assert on_time not in panel.items
    # The buyer of another market sees only their own late clauses.
    buyer_items = attention.panel("retards", world.users["referent_acheteur"], today).items
    assert behind not in buyer_items
    assert world.clause in buyer_items


def test_six_month_outcome_due(world, today):
    ended = PlacementFactory(clause=world.clause, starts_on=today - datetime.timedelta(400),
                             ends_on=today - datetime.timedelta(170))
    recent = PlacementFactory(clause=world.clause, starts_on=today - datetime.timedelta(100),
                              ends_on=today - datetime.timedelta(20))
    done = PlacementFactory(clause=world.clause, starts_on=today - datetime.timedelta(400),
                            ends_on=today - datetime.timedelta(200))
    OutcomeFactory(placement=done, moment=OutcomeMoment.SIX_MONTHS, observed_on=today)
    items = attention.panel("sorties", world.users["coordinateur"], today).items
    assert ended in items
    assert recent not in items and done not in items


def test_conventions_ending_within_90_days(world, today):
    soon = ConventionFactory(title="Convention État / URMDEF",
                             ends_on=today + datetime.timedelta(60))
    soon.territories.add(world.dijon)
    ConventionFactory(title="Convention lointaine",
                      ends_on=today + datetime.timedelta(200)).territories.add(world.dijon)
    buyer_convention = ConventionFactory(title="Accord acheteur",
                                         ends_on=today + datetime.timedelta(10))
    ConventionPartyFactory(convention=buyer_convention, organisation=world.buyer)
    fac = attention.panel("conventions", world.users["facilitateur_territoire"], today)
    assert [c.title for c in fac.items] == ["Convention État / URMDEF"]
    buyer = attention.panel("conventions", world.users["referent_acheteur"], today)
    assert [c.title for c in buyer.items] == ["Accord acheteur"]


def test_dashboard_shows_the_panels(client, world, today):
    MarketFactory(lead_territory=world.dijon, reference="TARDIF",
                  facilitator_consulted_on=today, dce_planned_on=today + datetime.timedelta(5))
    client.force_login(world.users["facilitateur_territoire"])
    response = client.get("/espace/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Consultations à moins de 20 jours du DCE" in html
    assert "TARDIF" in html
    assert "Sorties à 6 mois à renseigner" in html


def test_dashboard_hides_market_panels_from_plain_members(client, world):
    client.force_login(world.users["membre"])
    html = client.get("/espace/").content.decode()
    assert "Consultations à moins de 20 jours" not in html


def test_attention_page(client, world, today):
    MarketFactory(lead_territory=world.dijon, reference="TARDIF",
                  facilitator_consulted_on=today, dce_planned_on=today + datetime.timedelta(5))
    client.force_login(world.users["coordinateur"])
    response = client.get(reverse("clauses:attention"))
    assert response.status_code == 200
    assert "TARDIF" in response.content.decode()
