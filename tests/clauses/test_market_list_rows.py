"""The rows of the market list: what each shows, and that they follow every change at
once (which markets a page holds is cached with the count; the rows are not)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from clauses.enums import Feasibility, MarketStatus
from clauses.listings.market_rows import market_rows
from tests.clauses.factories import ClauseFactory, HoursDeclarationFactory, MarketFactory
from tests.network.factories import BuyerFactory, TerritoryFactory


def _row(html: str, reference: str) -> str:
    start = html.index(f">{reference}</a>")
    return html[html.rindex("<tr>", 0, start):html.index("</tr>", start)]


def test_a_row_shows_its_market(client, world):
    late = MarketFactory(
        reference="ROW-1", title="Voirie du centre", lead_territory=world.dijon,
        buyer=BuyerFactory(name="Ville de Beaune"),
        territories=[world.nevers, TerritoryFactory(name="Auxois", network=world.network)],
        status=MarketStatus.STUDIED, feasibility=Feasibility.NOT_FEASIBLE,
        feasibility_reason="Trop court", programme_year=2026,
        dce_planned_on=datetime.date.today() + datetime.timedelta(days=5),
    )
    ClauseFactory(market=late, required_hours=Decimal("1234.5"))
    client.force_login(world.users["coordinateur"])
    row = _row(client.get(reverse("clauses:market_list")).content.decode(), "ROW-1")
    assert f'href="{late.get_absolute_url()}"' in row
    assert "Voirie du centre" in row and "Consultation tardive" in row
    assert "Ville de Beaune" in row
    # The lead territory first, then the others by name.
    assert "Bassin dijonnais, Agglomération de Nevers, Auxois" in row
    assert "<td>2026</td>" in row
    assert "Opportunité étudiée (non faisable)" in row
    assert '<td class="num">1\xa0235</td>' in row  # whole hours, grouped
    assert '<td class="num">0</td>' in row


def test_hours_and_clauses_show_on_the_next_request(client, world):
    client.force_login(world.users["coordinateur"])
    url = reverse("clauses:market_list")
    row = _row(client.get(url).content.decode(), world.market.reference)
    assert '<td class="num">1\xa0200</td>' in row and '<td class="num">120</td>' in row
    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2025, 3, 1),
                            hours_worked=Decimal("30"), training_hours=Decimal("5"))
    world.clause.required_hours = Decimal("1500")
    world.clause.save()
    row = _row(client.get(url).content.decode(), world.market.reference)
    assert '<td class="num">1\xa0500</td>' in row and '<td class="num">155</td>' in row


def test_a_page_follows_a_new_or_changed_market_at_once(client, world):
    client.force_login(world.users["coordinateur"])
    url = reverse("clauses:market_list")
    first = MarketFactory(reference="B-1", lead_territory=world.dijon, programme_year=2026)
    in_2026 = client.get(url, {"annee": "2026", "tri": "reference"})
    assert [m.reference for m in in_2026.context["page"].object_list] == ["B-1"]
    MarketFactory(reference="A-1", lead_territory=world.dijon, programme_year=2026)
    in_2026 = client.get(url, {"annee": "2026", "tri": "reference"})
    assert [m.reference for m in in_2026.context["page"].object_list] == ["A-1", "B-1"]
    first.programme_year = 2027
    first.save()
    in_2026 = client.get(url, {"annee": "2026", "tri": "reference"})
    assert [m.reference for m in in_2026.context["page"].object_list] == ["A-1"]
    # A territory added to a market of another network's area brings it to its
    # facilitators' list.
    other = MarketFactory(reference="AILLEURS", lead_territory=TerritoryFactory())
    client.force_login(world.users["facilitateur_autre_territoire"])
    assert "AILLEURS" not in client.get(url).content.decode()
    other.territories.add(world.nevers)
    assert "AILLEURS" in client.get(url).content.decode()


def test_the_late_consultation_flag_follows_the_day(world):
    # The rows' SQL is kept from one request to the next: a day later, the rule must
    # read the new date, not the one the SQL was first made with.
    dce = datetime.date(2030, 6, 30)
    market = MarketFactory(reference="JOUR-1", lead_territory=world.dijon,
                           status=MarketStatus.FORECAST, dce_planned_on=dce)
    early, late = dce - datetime.timedelta(days=30), dce - datetime.timedelta(days=5)
    assert not market_rows([market.pk], early)[0].consultation_flag
    assert market_rows([market.pk], late)[0].consultation_flag
    assert not market_rows([market.pk], early)[0].consultation_flag


def test_rows_keep_the_order_of_their_ids_and_their_exact_hours(world):
    first = MarketFactory(reference="ORD-1", lead_territory=world.dijon)
    second = MarketFactory(reference="ORD-2", lead_territory=world.dijon)
    ClauseFactory(market=second, required_hours=Decimal("10.25"))
    rows = market_rows([second.pk, first.pk], datetime.date(2026, 1, 1))
    assert [row.reference for row in rows] == ["ORD-2", "ORD-1"]
    assert rows[0].required_hours_total == Decimal("10.25")
    assert rows[1].required_hours_total == 0 and rows[1].done_hours_total == 0


def test_a_row_escapes_what_people_typed(client, world):
    MarketFactory(reference="ESC-1", title='<script>alert("x")</script>',
                  lead_territory=world.dijon, buyer=BuyerFactory(name="Ville & <b>Cie</b>"))
    client.force_login(world.users["coordinateur"])
    row = _row(client.get(reverse("clauses:market_list")).content.decode(), "ESC-1")
    assert "<script>" not in row and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row
    assert "Ville &amp; &lt;b&gt;Cie&lt;/b&gt;" in row
