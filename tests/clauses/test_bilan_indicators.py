"""The seven indicators against figures worked out by hand on the small dataset.

See tests/clauses/bilan_factories.py: which person works on which market, when, for how
many hours. Each expected number below is added up in the comment next to it.
"""

import datetime
from decimal import Decimal

import pytest

from clauses.bilans.enums import ConventionBilanKind, ScopeKind
from clauses.bilans.indicators import INDICATORS, compute_bilan
from clauses.bilans.scopes import Period, Scope, convention_period
from clauses.enums import MarketStatus
from tests.clauses.bilan_factories import build_dataset
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

Y2024 = Period.year(2024)


def row(rows, code):
    return next(r for r in rows if r["code"] == code)


def values(rows, measure):
    return {r["code"]: r[measure] for r in rows if r[measure]}


@pytest.fixture
def data():
    return build_dataset()


def national(period=Y2024):
    return compute_bilan(Scope(ScopeKind.NATIONAL, None, period))


def test_top_level_keys_are_the_seven_indicators(data):
    assert tuple(national()) == INDICATORS


def test_markets_with_a_clause_in_execution_or_finished_during_the_year(data):
    figures = national()["marches_avec_clause"]

    # M1 and M3 in execution, M2 finished in October; M4 ended in 2023, M5 is not
    # executed, M6 has no clause.
    assert figures == {"total": 3, "en_execution": 2, "termines": 1, "acheteurs": 2,
                       "entreprises": 4}


def test_clause_typology_by_legal_basis_and_decp(data):
    typology = national()["typologie_clauses"]

    by_basis = {r["code"]: (r["clauses"], r["heures_exigees"])
                for r in typology["par_fondement_juridique"] if r["clauses"]}
    assert by_basis == {
        "condition_execution": (2, Decimal("600.00")),  # C1a 400 + C3 200
        "critere_attribution": (1, Decimal("100.00")),  # C1b
        "reserve_siae": (1, Decimal("300.00")),  # C2
    }
    assert values(typology["par_consideration_sociale"], "marches") == {
        "Clause sociale": 1, "Marché réservé": 1, "non_renseigne": 1,
    }


def test_hours_worked_and_training_against_required(data):
    hours = national()["heures_realisees"]

    # worked: PL1 100+80, PL2 60+40, PL3 50+70, PL4 30+40, PL8 20+10 = 500
    assert hours["travaillees"] == Decimal("500.00")
    # training: PL1 20, PL2 10, PL5 35+35 = 100
    assert hours["formation"] == Decimal("100.00")
    assert hours["total"] == Decimal("600.00")
    # required: clauses of M1, M2, M3 = 400 + 100 + 300 + 200
    assert hours["exigees"] == Decimal("1000.00")
    # cumulated to 31/12/2024 on those clauses: 600 + PL10's 50 h of 2023
    assert hours["realisees_cumulees"] == Decimal("650.00")
    assert hours["taux_realisation"] == Decimal("65.0")


def test_a_person_in_two_markets_counts_once_in_a_consolidated_scope(data):
    assert national()["personnes"] == {"total": 5, "placements": 6}  # P1 P2 P3 P4 P6

    t1 = compute_bilan(Scope(ScopeKind.TERRITORY, data.t1, Y2024))["personnes"]["total"]
    t2 = compute_bilan(Scope(ScopeKind.TERRITORY, data.t2, Y2024))["personnes"]["total"]
    network = compute_bilan(Scope(ScopeKind.NETWORK, data.network, Y2024))["personnes"]
    assert (t1, t2) == (3, 2)  # T1: P1 P2 P6 (globalised hours); T2: P1 P4
    assert network["total"] == 4  # P1 works in T1 and T2 but is one person


def test_beneficiary_typology(data):
    typology = national()["typologie_beneficiaires"]

    assert values(typology["par_critere"], "personnes") == {
        "jeune_moins_26_peu_qualifie": 1, "residant_qpv": 1, "rsa": 1, "plus_50_ans": 1,
        "demandeur_emploi_longue_duree": 1, "salarie_siae": 1, "derogation": 1,
    }
    assert values(typology["par_sexe"], "personnes") == {"F": 2, "M": 3}
    assert values(typology["par_niveau_diplome"], "personnes") == {
        "sans_diplome": 1, "niveau_3": 1, "niveau_4": 1, "non_renseigne": 2,
    }
    assert values(typology["par_residence_qpv"], "personnes") == {"qpv": 1, "hors_qpv": 4}


def test_age_bands_are_taken_at_the_start_of_the_placement(data):
    bands = values(national()["typologie_beneficiaires"]["par_tranche_age"], "personnes")

    # P1 23 on 01/03/2024; P2 26 on the day he starts (10/04/2024); P6 turns 50 the day
    # after he starts (15/01/2024); P3 54; P4 has no birth date.
    assert bands == {"moins_26": 1, "26_49": 2, "50_plus": 1, "non_renseigne": 1}


def test_age_band_does_not_move_with_the_year_of_the_bilan(data):
    # P2 is 26 at the start of his placement whatever year is asked for later.
    scope = Scope(ScopeKind.MARKET, data.markets["M1"], Period())
    bands = values(compute_bilan(scope)["typologie_beneficiaires"]["par_tranche_age"],
                   "personnes")

    # M1 over its whole life: P1 <26, P2 26, P6 49, P7 38 (started 01/10/2023)
    assert bands == {"moins_26": 1, "26_49": 3}


@pytest.mark.parametrize(("born", "starts", "band"), [
    # Ages are compared as YYYYMMDD digits: a 29 February start is 26 for someone born
    # on 28/02 twenty-six years before, not for someone born on 01/03.
    (datetime.date(1998, 2, 28), datetime.date(2024, 2, 29), "26_49"),
    (datetime.date(1998, 3, 1), datetime.date(2024, 2, 29), "moins_26"),
    (datetime.date(1974, 2, 28), datetime.date(2024, 2, 29), "50_plus"),
    (datetime.date(1974, 3, 1), datetime.date(2024, 2, 29), "26_49"),
    # Born on 29 February: 26 on 1 March, not on 28 February.
    (datetime.date(2000, 2, 29), datetime.date(2026, 2, 28), "moins_26"),
    (datetime.date(2000, 2, 29), datetime.date(2026, 3, 1), "26_49"),
    (datetime.date(1976, 2, 29), datetime.date(2026, 2, 28), "26_49"),
    (datetime.date(1976, 2, 29), datetime.date(2026, 3, 1), "50_plus"),
])
def test_age_bands_around_29_february(born, starts, band):
    market = MarketFactory(status=MarketStatus.IN_EXECUTION,
                           execution_starts_on=datetime.date(2020, 1, 1))
    clause = ClauseFactory(market=market)
    placement = PlacementFactory(beneficiary=BeneficiaryFactory(birth_date=born),
                                 clause=clause, starts_on=starts)
    HoursDeclarationFactory(placement=placement, month=starts.replace(day=1),
                            hours_worked=Decimal("10"), credited_clause=clause)

    bilan = compute_bilan(Scope(ScopeKind.MARKET, market, Period()))

    assert values(bilan["typologie_beneficiaires"]["par_tranche_age"], "personnes") == {band: 1}


def test_hours_and_people_per_modality_and_contract(data):
    modalities = national()["modalites"]

    by_modality = {r["code"]: (r["heures"], r["personnes"])
                   for r in modalities["par_modalite"] if r["personnes"]}
    assert by_modality == {
        "embauche_directe": (Decimal("350.00"), 3),  # PL1 200 + PL3 120 + PL8 30
        "mise_a_disposition": (Decimal("110.00"), 1),  # PL2
        "sous_traitance_siae": (Decimal("70.00"), 1),  # PL4
        "formation": (Decimal("70.00"), 1),  # PL5
    }
    by_contract = {r["code"]: (r["heures"], r["personnes"])
                   for r in modalities["par_type_contrat"] if r["personnes"]}
    assert by_contract == {
        "cdd": (Decimal("200.00"), 1), "cdi": (Decimal("120.00"), 1),
        "interim": (Decimal("110.00"), 1), "cddi": (Decimal("70.00"), 1),
        "apprentissage": (Decimal("30.00"), 1), "formation": (Decimal("70.00"), 1),
    }


def test_outcomes_at_the_end_and_at_six_months(data):
    situations = national()["situations"]

    # Placements ended in 2024: PL1, PL2, PL4, PL5 (PL10 ended in 2023).
    assert situations["placements_termines"] == 4
    assert values(situations["a_la_fin"], "sorties") == {
        "cdd_interim_6_mois_plus": 1,  # PL1
        "cdd_moins_6_mois": 1,  # PL4
        "formation_qualifiante": 1,  # PL5
        "non_renseigne": 1,  # PL2
    }
    assert values(situations["a_six_mois"], "sorties") == {"cdi": 1, "non_renseigne": 3}


def test_territory_scope_counts_the_markets_it_pilots(data):
    bilan = compute_bilan(Scope(ScopeKind.TERRITORY, data.t1, Y2024))

    assert bilan["marches_avec_clause"] == {"total": 1, "en_execution": 1, "termines": 0,
                                            "acheteurs": 1, "entreprises": 2}
    hours = bilan["heures_realisees"]
    # M1: PL1 180 + PL3 120 + PL8's 10 globalised hours worked, PL1 20 training
    assert (hours["travaillees"], hours["formation"]) == (Decimal("310.00"), Decimal("20.00"))
    assert hours["exigees"] == Decimal("500.00")
    assert hours["realisees_cumulees"] == Decimal("380.00")  # 330 + PL10 50 in 2023
    assert hours["taux_realisation"] == Decimal("76.0")
    # T2 is only a secondary territory of M1: M1 is not in its bilan.
    t2 = compute_bilan(Scope(ScopeKind.TERRITORY, data.t2, Y2024))
    assert t2["marches_avec_clause"]["total"] == 1  # M2


def test_buyer_scope(data):
    bilan = compute_bilan(Scope(ScopeKind.BUYER, data.buyer1, Y2024))

    assert bilan["marches_avec_clause"]["total"] == 2  # M1 and M3
    assert bilan["personnes"]["total"] == 4  # P1 P2 P3 P6 (P6 in M1 and M3, once)


def test_market_scope_over_its_whole_life(data):
    bilan = compute_bilan(Scope(ScopeKind.MARKET, data.markets["M1"], Period()))

    assert bilan["personnes"]["total"] == 4  # P1 P2 P6 P7
    assert bilan["heures_realisees"]["total"] == Decimal("380.00")
    assert bilan["situations"]["placements_termines"] == 2  # PL1 and PL10


def test_convention_scope_covers_its_territories_over_its_validity(data):
    period = convention_period(data.convention, ConventionBilanKind.FINAL)
    bilan = compute_bilan(Scope(ScopeKind.CONVENTION, data.convention, period))

    assert bilan["marches_avec_clause"]["total"] == 3  # M1, M2, and M4 (ended in 2023)
    # 2023: PL6 150 + PL10 50; 2024: M1 330 + M2 180
    assert bilan["heures_realisees"]["total"] == Decimal("710.00")
    assert bilan["personnes"]["total"] == 6  # P5 P7 P1 P2 P6 P4


def test_mid_term_convention_bilan_stops_at_the_chosen_date(data):
    period = convention_period(
        data.convention, ConventionBilanKind.MID_TERM, as_of=datetime.date(2023, 12, 31)
    )
    bilan = compute_bilan(Scope(ScopeKind.CONVENTION, data.convention, period))

    assert bilan["heures_realisees"]["total"] == Decimal("200.00")  # PL6 150 + PL10 50
    assert bilan["personnes"]["total"] == 2
    assert bilan["marches_avec_clause"] == {"total": 2, "en_execution": 1, "termines": 1,
                                            "acheteurs": 1, "entreprises": 3}


def test_an_empty_year_gives_zeros_not_errors(data):
    bilan = national(Period.year(2015))

    assert bilan["marches_avec_clause"]["total"] == 0
    assert bilan["heures_realisees"]["total"] == Decimal("0.00")
    assert bilan["heures_realisees"]["taux_realisation"] is None
    assert bilan["personnes"]["total"] == 0


def test_the_bilan_is_a_fixed_number_of_queries(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        national()


def test_buyers_companies_and_hours_per_company(data):
    bilan = national()

    assert (bilan["marches_avec_clause"]["acheteurs"],
            bilan["marches_avec_clause"]["entreprises"]) == (2, 4)  # M1 M2 M3; 4 lots
    by_company = {row["code"]: row for row in bilan["heures_realisees"]["par_entreprise"]}
    contractor = {name: clause.lot.contractor for name, clause in (
        ("c1a", data.markets["M1"].clauses.get(legal_basis="condition_execution")),
        ("c2", data.markets["M2"].clauses.get()),
        ("c3", data.markets["M3"].clauses.get()),
    )}
    codes = {name: company.siret or f"organisation-{company.pk}"
             for name, company in contractor.items()}
    # c1a: PL1 200 + PL3 120 + PL8's 10 globalised; c2: PL2 110 + PL5 70; c3: PL4 70 + PL8 20.
    assert {name: by_company[code]["heures"] for name, code in codes.items()} == {
        "c1a": Decimal("330.00"), "c2": Decimal("180.00"), "c3": Decimal("90.00")}
    assert [row["heures"] for row in bilan["heures_realisees"]["par_entreprise"]] == [
        Decimal("330.00"), Decimal("180.00"), Decimal("90.00")]
    assert by_company[codes["c1a"]]["libelle"] == contractor["c1a"].name


def test_a_clause_on_a_whole_market_counts_its_lots_contractors_and_the_employer_s_hours(data):
    market = data.markets["M3"]
    clause = market.clauses.get()
    employer = clause.placements.first().employer
    clause.lot = None
    clause.save()

    bilan = compute_bilan(Scope(ScopeKind.MARKET, market, Y2024))

    assert bilan["marches_avec_clause"]["entreprises"] == 1  # the contractor of M3's lot
    hours = {row["libelle"]: row["heures"] for row in bilan["heures_realisees"]["par_entreprise"]}
    assert hours[employer.name] > 0
