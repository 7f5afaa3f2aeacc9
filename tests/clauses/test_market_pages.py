"""The market list and the market page: filters, progress, hours grid, bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from clauses.enums import MarketStatus
from clauses.models import Clause, HoursDeclaration, Lot, Market, Placement
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    ContractorFactory,
    GlobalisationAgreementFactory,
    HoursDeclarationFactory,
    LotFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import BuyerFactory


def _many_markets(world, count):
    """`count` markets of the Dijon territory, each with a lot, a clause, a placement and
    three months of hours: made in bulk, the way a real year's list looks."""
    contractor = ContractorFactory()
    markets = Market.objects.bulk_create([
        Market(reference=f"BULK-{i:04d}", title=f"Marché {i}", buyer=world.buyer,
               lead_territory=world.dijon, programme_year=2024 + i % 2, category="travaux",
               status=MarketStatus.IN_EXECUTION,
               execution_starts_on=datetime.date(2025, 1, 1),
               execution_ends_on=datetime.date(2025, 12, 31))
        for i in range(count)
    ])
    Market.territories.through.objects.bulk_create([
        Market.territories.through(market=m, territory=world.nevers) for m in markets[::2]
    ])
    lots = Lot.objects.bulk_create([
        Lot(market=m, number=1, title="Lot unique", contractor=contractor) for m in markets
    ])
    clauses = Clause.objects.bulk_create([
        Clause(market=m, lot=lot, legal_basis="condition_execution", hours_mode="forfait",
               required_hours=Decimal(500)) for m, lot in zip(markets, lots, strict=True)
    ])
    beneficiary = BeneficiaryFactory(territory=world.dijon)
    placements = Placement.objects.bulk_create([
        Placement(beneficiary=beneficiary, clause=c, employer=contractor,
                  modality="embauche_directe", contract_type="cdd", job_label="Ouvrier",
                  starts_on=datetime.date(2025, 1, 1)) for c in clauses
    ])
    HoursDeclaration.objects.bulk_create([
        HoursDeclaration(placement=p, credited_clause_id=p.clause_id,
                         month=datetime.date(2025, month, 1), hours_worked=Decimal(35))
        for p in placements for month in (1, 2, 3)
    ])
    return markets


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize("role", ["facilitateur_territoire", "coordinateur", "referent_acheteur"])
def test_market_list_queries_are_bounded(client, world, django_assert_max_num_queries,
                                         count, role):
    _many_markets(world, count)
    client.force_login(world.users[role])
    # Wagtail creates the user's admin profile on a first visit (the user bar): not
    # something a listing repeats, so it is left out of the count.
    client.get(reverse("clauses:market_list"))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("clauses:market_list"))
    assert response.status_code == 200
    assert "BULK-0001" in response.content.decode()
    with django_assert_max_num_queries(15):
        response = client.get(reverse("clauses:market_list"),
                              {"territoire": "t-nevers", "annee": "2024", "page": "2"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_market_page_queries_are_bounded(client, world, django_assert_max_num_queries, count):
    _many_markets(world, 3)
    # One market with `count` placements of different people and 12 months of hours.
    contractor = world.clause.lot.contractor
    beneficiaries = [BeneficiaryFactory(territory=world.dijon, criteria=[])
                     for _ in range(min(count, 20))]
    placements = Placement.objects.bulk_create([
        Placement(beneficiary=beneficiaries[i % len(beneficiaries)], clause=world.clause,
                  employer=contractor, modality="embauche_directe", contract_type="cdd",
                  job_label="Ouvrier", starts_on=datetime.date(2025, 1, 1))
        for i in range(count)
    ])
    HoursDeclaration.objects.bulk_create([
        HoursDeclaration(placement=p, credited_clause=world.clause,
                         month=datetime.date(2025, month, 1), hours_worked=Decimal(10))
        for p in placements[:50] for month in range(1, 13)
    ])
    url = reverse("clauses:market_detail", args=[world.market.pk])
    for role in ("facilitateur_territoire", "referent_acheteur"):
        client.force_login(world.users[role])
        client.get(reverse("clauses:market_list"))  # first visit: Wagtail's user profile
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200


def test_list_filters(client, world):
    other = MarketFactory(reference="NEV-1", lead_territory=world.nevers, buyer=world.buyer,
                          programme_year=2026)
    MarketFactory(reference="SHARED-1", lead_territory=world.dijon,
                           buyer=BuyerFactory(slug="prefecture"), territories=[world.nevers],
                           status=MarketStatus.PUBLISHED)
    client.force_login(world.users["coordinateur"])
    url = reverse("clauses:market_list")

    def refs(**params):
        html = client.get(url, params).content.decode()
        return {ref for ref in (world.market.reference, "NEV-1", "SHARED-1") if ref in html}

    assert refs() == {world.market.reference, "NEV-1", "SHARED-1"}
    assert refs(territoire="t-nevers") == {"NEV-1", "SHARED-1"}
    assert refs(acheteur="prefecture") == {"SHARED-1"}
    assert refs(etat=MarketStatus.PUBLISHED) == {"SHARED-1"}
    assert refs(annee="2026") == {"NEV-1"}
    response = client.get(url, {"etat": "inconnu"})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert refs(etat="inconnu") == set()
    assert other.pk


def test_facilitator_of_a_secondary_territory_sees_the_market(client, world):
    market = MarketFactory(reference="PARTAGE", lead_territory=world.dijon,
                           territories=[world.nevers])
    client.force_login(world.users["facilitateur_autre_territoire"])
    assert "PARTAGE" in client.get(reverse("clauses:market_list")).content.decode()
    assert client.get(market.get_absolute_url()).status_code == 200


def test_progress_against_hours_and_time(client, world):
    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2025, 3, 1),
                            hours_worked=Decimal("100"), training_hours=Decimal("20"))
    client.force_login(world.users["facilitateur_territoire"])
    html = client.get(world.market.get_absolute_url()).content.decode()
    # 120 h (February) + 120 h (March) out of 1 200 h.
    assert "240 h réalisées sur 1" in html
    assert "(20 %)" in html
    assert 'value="20"' in html
    assert "Temps écoulé (01/01/2025 → 31/12/2025)" in html


def test_monthly_hours_grid(client, world):
    second = PlacementFactory(clause=world.clause,
                              beneficiary=BeneficiaryFactory(territory=world.dijon))
    HoursDeclarationFactory(placement=second, month=datetime.date(2025, 2, 1),
                            hours_worked=Decimal("30"))
    HoursDeclarationFactory(placement=second, month=datetime.date(2025, 4, 1),
                            hours_worked=Decimal("12.5"))
    client.force_login(world.users["referent_acheteur"])
    html = client.get(world.market.get_absolute_url()).content.decode()
    grid = html[html.index('class="hours-grid"'):]
    assert "02/2025" in grid and "04/2025" in grid
    assert "150" in grid  # February total: 120 + 30
    assert "12,5" in grid
    assert second.beneficiary.pseudonym in grid
    assert second.beneficiary.last_name not in html


def test_globalised_hours_count_for_the_credited_clause(world):
    from clauses import progress

    contractor = world.clause.lot.contractor
    other_market = MarketFactory(lead_territory=world.dijon)
    other_clause = ClauseFactory(market=other_market,
                                 lot=LotFactory(market=other_market, contractor=contractor))
    GlobalisationAgreementFactory(contractor=contractor, clauses=[world.clause, other_clause])
    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2025, 3, 1),
                            hours_worked=Decimal("40"), credited_clause=other_clause)
    done = dict(
        progress.with_progress(Clause.objects.all(), datetime.date(2025, 6, 30))
        .values_list("pk", "done_hours")
    )
    assert done[world.clause.pk] == Decimal("120")
    assert done[other_clause.pk] == Decimal("40")


def test_hours_cannot_go_to_another_clause_without_globalisation(client, world):
    other_clause = ClauseFactory(market=world.market)
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(
        reverse("clauses:declaration_create", args=[world.placement.pk]),
        {"month": "2025-03", "hours_worked": "10", "training_hours": "0",
         "credited_clause": other_clause.pk},
    )
    assert response.status_code == 400
    assert not HoursDeclaration.objects.filter(credited_clause=other_clause).exists()


def test_globalisation_needs_the_same_contractor(world):
    from django.core.exceptions import ValidationError

    from clauses.operations.declarations import declare_hours

    other_market = MarketFactory(lead_territory=world.dijon)
    other_clause = ClauseFactory(market=other_market)  # another contractor
    GlobalisationAgreementFactory(contractor=world.clause.lot.contractor,
                                  clauses=[world.clause, other_clause])
    with pytest.raises(ValidationError, match="globalisation"):
        declare_hours(world.users["coordinateur"], world.placement,
                      month=datetime.date(2025, 3, 1), hours_worked=Decimal(5),
                      credited_clause=other_clause)


def test_the_market_list_counts_and_offers_a_new_market_at_once(client, world):
    """The count and the filters' choices are cached per person: a new market, or a
    market changing buyer, shows on the next request."""
    client.force_login(world.users["coordinateur"])
    url = reverse("clauses:market_list")
    before = client.get(url)
    count = before.context["page"].paginator.count
    assert "Nouvel acheteur" not in before.content.decode()
    new_buyer = BuyerFactory(name="Nouvel acheteur")
    market = MarketFactory(buyer=new_buyer, lead_territory=world.dijon)
    after = client.get(url)
    assert after.context["page"].paginator.count == count + 1
    assert "Nouvel acheteur" in after.content.decode()
    market.delete()
    assert client.get(url).context["page"].paginator.count == count


def test_a_deep_page_lists_its_own_markets_with_their_hours(client, world):
    _many_markets(world, 120)
    client.force_login(world.users["coordinateur"])
    response = client.get(reverse("clauses:market_list"), {"annee": "2024", "page": "2"})
    html = response.content.decode()
    markets = response.context["page"].object_list
    assert len(markets) == 10  # 60 markets of 2024, 50 a page
    assert all(m.programme_year == 2024 for m in markets)
    # Each row carries its own totals: 3 months of 35 hours done out of 500.
    assert {m.done_hours_total for m in markets} == {Decimal(105)}
    assert all(m.reference in html for m in markets)
