import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import (
    BuyerFactory,
    NetworkFactory,
    TerritoryFactory,
    buyer_referent_of,
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
    placement = PlacementFactory(clause=clause, beneficiary=beneficiary)
    declaration = HoursDeclarationFactory(placement=placement, month=datetime.date(2025, 2, 1))
    users = {
        "facilitateur_territoire": facilitator_of(dijon, username="fac-dijon"),
        "facilitateur_autre_territoire": facilitator_of(nevers, username="fac-nevers"),
        "coordinateur": coordinator_of(network, username="coordination"),
        "referent_acheteur": buyer_referent_of(buyer, username="acheteur"),
        "referent_autre_acheteur": buyer_referent_of(other_buyer, username="autre-acheteur"),
        "membre": member(username="membre"),
    }
    return World(network, dijon, nevers, buyer, other_buyer, market, clause, beneficiary,
                 placement, declaration, users)
