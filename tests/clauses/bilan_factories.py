"""The small hand-built dataset of the bilan tests (factories from tests/clauses/factories.py).

Who works on which market, when and for how long is written out below; the tests add the
expected figures up by hand in their comments and compare compute_bilan() with them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from clauses.enums import (
    ContractType,
    DiplomaLevel,
    EligibilityCriterion,
    MarketStatus,
    Modality,
    OutcomeCategory,
    OutcomeMoment,
    Sex,
)
from portal.core.vocabulary import DecpConsideration, LegalBasis
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    OutcomeFactory,
    PlacementFactory,
)
from tests.network.factories import (
    BuyerFactory,
    ConventionFactory,
    NetworkFactory,
    TerritoryFactory,
)

D = datetime.date


@dataclass
class Dataset:
    network: object
    other_network: object
    t1: object
    t2: object
    t3: object
    buyer1: object
    buyer2: object
    markets: dict
    clauses: dict
    people: dict
    placements: dict
    convention: object


def _hours(placement, month, worked=0, training=0, credited=None):
    return HoursDeclarationFactory(
        placement=placement, month=month, hours_worked=Decimal(worked),
        training_hours=Decimal(training), credited_clause=credited or placement.clause,
    )


def build_dataset() -> Dataset:
    """Three territories (T1 and T2 in one network), two buyers, six markets, seven people.

    Comments give what each row is there to test.
    """
    network = NetworkFactory(name="URMDEF-PLIE de Bourgogne", acronym="URMDEF")
    other = NetworkFactory(name="URPA", acronym="URPA")
    t1 = TerritoryFactory(name="Sénonais", slug="senonais", network=network)
    t2 = TerritoryFactory(name="Auxerrois", slug="auxerrois", network=network)
    t3 = TerritoryFactory(name="Bordeaux", slug="bordeaux", network=other)
    buyer1 = BuyerFactory(name="Mission régionale des achats de l'État", acronym="CMRA")
    buyer2 = BuyerFactory(name="Ville de Sens")

    m1 = MarketFactory(  # in execution since 2023: counts in 2023 and 2024
        reference="M1", buyer=buyer1, lead_territory=t1, status=MarketStatus.IN_EXECUTION,
        decp_consideration=DecpConsideration.SOCIAL_CLAUSE, execution_starts_on=D(2023, 9, 1),
    )
    m2 = MarketFactory(  # finished during 2024
        reference="M2", buyer=buyer2, lead_territory=t2, status=MarketStatus.COMPLETED,
        decp_consideration=DecpConsideration.RESERVED_MARKET,
        execution_starts_on=D(2024, 2, 1), execution_ends_on=D(2024, 10, 31),
    )
    m3 = MarketFactory(  # another network, DECP typology not filled in
        reference="M3", buyer=buyer1, lead_territory=t3, status=MarketStatus.IN_EXECUTION,
        decp_consideration="", execution_starts_on=D(2024, 1, 1),
    )
    m4 = MarketFactory(  # finished in 2023: not in 2024
        reference="M4", buyer=buyer1, lead_territory=t1, status=MarketStatus.COMPLETED,
        execution_starts_on=D(2022, 1, 1), execution_ends_on=D(2023, 6, 30),
    )
    m5 = MarketFactory(  # awarded, not executed yet: never counted
        reference="M5", buyer=buyer2, lead_territory=t1, status=MarketStatus.AWARDED,
        execution_starts_on=None,
    )
    m6 = MarketFactory(  # in execution but without a clause: never counted
        reference="M6", buyer=buyer2, lead_territory=t2, status=MarketStatus.IN_EXECUTION,
        execution_starts_on=D(2024, 1, 1),
    )
    m1.territories.add(t2)  # a secondary territory does not make M1 count in T2

    c1a = ClauseFactory(market=m1, legal_basis=LegalBasis.EXECUTION_CONDITION,
                        required_hours=Decimal("400"))
    c1b = ClauseFactory(market=m1, legal_basis=LegalBasis.AWARD_CRITERION,
                        required_hours=Decimal("100"))
    c2 = ClauseFactory(market=m2, legal_basis=LegalBasis.RESERVED_SIAE,
                       required_hours=Decimal("300"))
    c3 = ClauseFactory(market=m3, legal_basis=LegalBasis.EXECUTION_CONDITION,
                       required_hours=Decimal("200"))
    c4 = ClauseFactory(market=m4, legal_basis=LegalBasis.EXECUTION_CONDITION,
                       required_hours=Decimal("100"))
    ClauseFactory(market=m5, required_hours=Decimal("250"))

    C = EligibilityCriterion
    p1 = BeneficiaryFactory(  # two markets in two territories: one person consolidated
        territory=t1, sex=Sex.FEMALE, birth_date=D(2000, 6, 15), qpv_resident=True,
        diploma_level=DiplomaLevel.NONE, criteria=[C.YOUNG_LOW_QUALIFICATION, C.QPV],
    )
    p2 = BeneficiaryFactory(  # 26 on the very day the placement starts: 26-49
        territory=t1, sex=Sex.MALE, birth_date=D(1998, 4, 10),
        diploma_level=DiplomaLevel.LEVEL_3, criteria=[C.RSA],
    )
    p3 = BeneficiaryFactory(
        territory=t3, sex=Sex.MALE, birth_date=D(1970, 1, 1),
        criteria=[C.OVER_50, C.LONG_TERM_JOB_SEEKER],
    )
    p4 = BeneficiaryFactory(  # no birth date, derogation
        territory=t2, sex=Sex.FEMALE, birth_date=None, derogation=True,
        derogation_justification="Sortie de détention.", prescriber_opinion="Favorable.",
        criteria=[],
    )
    p5 = BeneficiaryFactory(territory=t1, sex=Sex.FEMALE, birth_date=D(1990, 2, 2), criteria=[])
    p6 = BeneficiaryFactory(  # 50 the day after the placement starts: still 26-49
        territory=t3, sex=Sex.MALE, birth_date=D(1974, 1, 16),
        diploma_level=DiplomaLevel.LEVEL_4, criteria=[C.SIAE_EMPLOYEE],
    )
    p7 = BeneficiaryFactory(
        territory=t1, sex=Sex.FEMALE, birth_date=D(1985, 5, 5),
        diploma_level=DiplomaLevel.LEVEL_5, criteria=[],
    )

    M = Modality
    K = ContractType
    pl1 = PlacementFactory(beneficiary=p1, clause=c1a, modality=M.DIRECT_HIRE,
                           contract_type=K.CDD, starts_on=D(2024, 3, 1), ends_on=D(2024, 8, 31))
    pl2 = PlacementFactory(beneficiary=p1, clause=c2, modality=M.PROVISION,
                           contract_type=K.TEMPORARY, starts_on=D(2024, 9, 1),
                           ends_on=D(2024, 10, 31))
    pl3 = PlacementFactory(beneficiary=p2, clause=c1a, modality=M.DIRECT_HIRE,
                           contract_type=K.CDI, starts_on=D(2024, 4, 10))
    pl4 = PlacementFactory(beneficiary=p3, clause=c3, modality=M.SUBCONTRACTING_SIAE,
                           contract_type=K.CDDI, starts_on=D(2024, 1, 15),
                           ends_on=D(2024, 6, 30))
    pl5 = PlacementFactory(beneficiary=p4, clause=c2, modality=M.TRAINING,
                           contract_type=K.TRAINING, starts_on=D(2024, 2, 1),
                           ends_on=D(2024, 5, 31))
    pl6 = PlacementFactory(beneficiary=p5, clause=c4, modality=M.DIRECT_HIRE,
                           contract_type=K.CDD, starts_on=D(2023, 1, 1), ends_on=D(2023, 6, 30))
    pl8 = PlacementFactory(beneficiary=p6, clause=c3, modality=M.DIRECT_HIRE,
                           contract_type=K.APPRENTICESHIP, starts_on=D(2024, 1, 15))
    pl10 = PlacementFactory(beneficiary=p7, clause=c1a, modality=M.DIRECT_HIRE,
                            contract_type=K.CDD, starts_on=D(2023, 10, 1),
                            ends_on=D(2023, 12, 31))

    _hours(pl1, D(2024, 3, 1), 100)
    _hours(pl1, D(2024, 4, 1), 80, 20)
    _hours(pl2, D(2024, 9, 1), 60)
    _hours(pl2, D(2024, 10, 1), 40, 10)
    _hours(pl3, D(2024, 4, 1), 50)
    _hours(pl3, D(2024, 5, 1), 70)
    _hours(pl4, D(2024, 1, 1), 30)
    _hours(pl4, D(2024, 2, 1), 40)
    _hours(pl5, D(2024, 2, 1), 0, 35)
    _hours(pl5, D(2024, 3, 1), 0, 35)
    _hours(pl6, D(2023, 1, 1), 100)
    _hours(pl6, D(2023, 2, 1), 50)
    _hours(pl8, D(2024, 1, 1), 20)
    _hours(pl8, D(2024, 6, 1), 10, credited=c1a)  # globalised: counts for M1 (T1)
    _hours(pl10, D(2023, 10, 1), 25)
    _hours(pl10, D(2023, 11, 1), 25)

    out = OutcomeCategory
    OutcomeFactory(placement=pl1, moment=OutcomeMoment.END, category=out.LONG_FIXED_TERM)
    OutcomeFactory(placement=pl4, moment=OutcomeMoment.END, category=out.SHORT_FIXED_TERM)
    OutcomeFactory(placement=pl4, moment=OutcomeMoment.SIX_MONTHS, category=out.CDI,
                   observed_on=D(2024, 12, 28))
    OutcomeFactory(placement=pl5, moment=OutcomeMoment.END, category=out.QUALIFYING_TRAINING)
    OutcomeFactory(placement=pl10, moment=OutcomeMoment.END, category=out.JOB_SEEKER,
                   observed_on=D(2024, 1, 5))

    convention = ConventionFactory(
        title="Convention État / URMDEF-PLIE Bourgogne", slug="convention-bourgogne",
        signed_on=D(2022, 12, 15), starts_on=D(2023, 1, 1), ends_on=D(2024, 12, 31),
        network=network,
    )
    convention.territories.set([t1, t2])
    return Dataset(
        network=network, other_network=other, t1=t1, t2=t2, t3=t3,
        buyer1=buyer1, buyer2=buyer2,
        markets={"M1": m1, "M2": m2, "M3": m3, "M4": m4, "M5": m5, "M6": m6},
        clauses={"C1a": c1a, "C1b": c1b, "C2": c2, "C3": c3, "C4": c4},
        people={"P1": p1, "P2": p2, "P3": p3, "P4": p4, "P5": p5, "P6": p6, "P7": p7},
        placements={"PL1": pl1, "PL2": pl2, "PL3": pl3, "PL4": pl4, "PL5": pl5,
                    "PL6": pl6, "PL8": pl8, "PL10": pl10},
        convention=convention,
    )
