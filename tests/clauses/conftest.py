import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    ContractorFactory,
    HoursDeclarationFactory,
    LotFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import (
    BuyerFactory,
    NetworkFactory,
    TerritoryFactory,
    buyer_referent_of,
    company_referent_of,
    coordinator_of,
    facilitator_of,
    member,
)


@dataclass
class World:
    network: object
    dijon: object
    nevers: object
    buyer: object
    other_buyer: object
    market: object
    clause: object
    beneficiary: object
    placement: object
    declaration: object
    users: dict
    other_company: object = None
    other_placement: object = None


@pytest.fixture
def world(db):
    """One market of the Dijon territory, bought by `buyer`, with one placed person, and
    an account for every role of the permission matrix."""
    network = NetworkFactory(name="URMDEF-PLIE de Bourgogne", acronym="URMDEF")
    dijon = TerritoryFactory(name="Bassin dijonnais", slug="t-dijon", network=network)
    nevers = TerritoryFactory(name="Agglomération de Nevers", slug="t-nevers", network=network)
    buyer = BuyerFactory(name="Mission régionale des achats")
    other_buyer = BuyerFactory(name="Autre acheteur")
    market = MarketFactory(
        buyer=buyer, lead_territory=dijon, status="en_execution",
        execution_starts_on=datetime.date(2025, 1, 1),
        execution_ends_on=datetime.date(2025, 12, 31),
    )
    clause = ClauseFactory(market=market, required_hours=Decimal("1200"))
    beneficiary = BeneficiaryFactory(territory=dijon, last_name="Testelin", first_name="Aurore")
    # The contractor employs the person itself.
    placement = PlacementFactory(
        clause=clause, beneficiary=beneficiary, employer=clause.lot.contractor
    )
    # Another company; `elsewhere` gives it a lot and a person of its own.
    other_company = ContractorFactory(name="Autre entreprise")
    declaration = HoursDeclarationFactory(placement=placement, month=datetime.date(2025, 2, 1))
    users = {
        "facilitateur_territoire": facilitator_of(dijon, username="fac-dijon"),
        "facilitateur_autre_territoire": facilitator_of(nevers, username="fac-nevers"),
        "coordinateur": coordinator_of(network, username="coordination"),
        "referent_acheteur": buyer_referent_of(buyer, username="acheteur"),
        "referent_autre_acheteur": buyer_referent_of(other_buyer, username="autre-acheteur"),
        "membre": member(username="membre"),
        "referent_entreprise": company_referent_of(
            clause.lot.contractor, username="entreprise"
        ),
        "referent_autre_entreprise": company_referent_of(
            other_company, username="autre-entreprise"
        ),
    }
    return World(network, dijon, nevers, buyer, other_buyer, market, clause, beneficiary,
                 placement, declaration, users, other_company)


@pytest.fixture
def elsewhere(world):
    """The other company's own lot, with a clause, on another market of Dijon, and the
    person it employs there (world.other_placement)."""
    other_market = MarketFactory(buyer=world.buyer, lead_territory=world.dijon,
                                 status="en_execution")
    other_clause = ClauseFactory(
        market=other_market,
        lot=LotFactory(market=other_market, contractor=world.other_company),
        required_hours=Decimal("300"),
    )
    world.other_placement = PlacementFactory(clause=other_clause, employer=world.other_company)
    return world
