"""The facilitator's forms on a market: edit, lots, clauses with the calculator,
placements, outcomes."""

import datetime
from decimal import Decimal

from django.urls import reverse

from clauses.enums import AuditAction, ClauseHoursMode
from clauses.models import Clause, Lot, Market, Outcome, PersonalDataLog, Placement
from tests.clauses.factories import BeneficiaryFactory, ContractorFactory


def test_market_edit(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:market_edit", args=[world.market.pk])
    assert client.get(url).status_code == 200
    market = world.market
    data = {
        "reference": market.reference, "title": "Nouveau titre", "buyer": market.buyer_id,
        "lead_territory": market.lead_territory_id, "programme_year": 2025,
        "category": "travaux", "cpv_code": "45000000-7", "procedure": "", "notes": "",
        "estimated_amount": "1 200 000,50", "decp_consideration": "Clause sociale",
        "facilitator": world.users["facilitateur_territoire"].pk,
        "facilitator_consulted_on": "2025-01-02", "dce_planned_on": "2025-02-01",
        "version": market.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    market.refresh_from_db()
    assert market.title == "Nouveau titre"
    assert market.estimated_amount == Decimal("1200000.50")
    # A second save built on the old version is refused.
    response = client.post(url, {**data, "title": "Écrasé"})
    assert response.status_code == 409
    market.refresh_from_db()
    assert market.title == "Nouveau titre"


def test_market_edit_refuses_a_bad_cpv_code(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:market_edit", args=[world.market.pk])
    response = client.post(url, {"reference": "R", "title": "T", "buyer": world.buyer.pk,
                                 "lead_territory": world.dijon.pk, "programme_year": 2025,
                                 "category": "travaux", "cpv_code": "4500",
                                 "version": world.market.version})
    assert response.status_code == 400
    assert "code CPV" in response.content.decode()
    world.market.refresh_from_db()
    assert world.market.title != "T"


def test_add_a_lot_and_a_calculated_clause(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    market = world.market
    response = client.post(reverse("clauses:lot_create", args=[market.pk]), {
        "number": 70, "title": "Peinture", "amount": "300 000",
        "contractor": ContractorFactory().pk,
    })
    assert response.status_code == 302
    lot = Lot.objects.get(market=market, number=70)
    response = client.post(reverse("clauses:clause_create", args=[market.pk]), {
        "lot": lot.pk, "legal_basis": "condition_execution", "hours_mode": "calculees",
        "calc_formule": "standard", "calc_montant": "1 000 000", "calc_part_main_oeuvre": "0,5",
        "calc_taux": "0,05", "calc_cout_horaire": "30", "starts_on": "", "ends_on": "",
        "notes": "",
    })
    assert response.status_code == 302, response.content.decode()
    clause = Clause.objects.get(lot=lot)
    assert clause.required_hours == 833
    assert clause.calculator_inputs == {
        "formule": "standard", "montant": "1000000", "part_main_oeuvre": "0.5",
        "taux": "0.05", "cout_horaire": "30",
    }


def test_calculator_errors_are_shown_and_nothing_is_saved(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    before = Clause.objects.count()
    response = client.post(reverse("clauses:clause_create", args=[world.market.pk]), {
        "legal_basis": "condition_execution", "hours_mode": "calculees",
        "calc_formule": "standard", "calc_montant": "1000000", "calc_part_main_oeuvre": "200",
        "calc_taux": "0,05", "calc_cout_horaire": "30",
    })
    assert response.status_code == 400
    assert "La part de main-d&#x27;œuvre doit être comprise" in response.content.decode()
    assert Clause.objects.count() == before


def test_fixed_hours_clause(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(reverse("clauses:clause_edit",
                                   args=[world.market.pk, world.clause.pk]), {
        "lot": world.clause.lot_id, "legal_basis": "reserve_siae", "hours_mode": "forfait",
        "fixed_hours": "1 500",
    })
    assert response.status_code == 302, response.content.decode()
    world.clause.refresh_from_db()
    assert (world.clause.hours_mode, world.clause.required_hours) == (
        ClauseHoursMode.FIXED, Decimal(1500)
    )


def test_add_a_placement_and_its_outcome(client, world):
    person = BeneficiaryFactory(territory=world.dijon, last_name="Placée")
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:placement_create", args=[world.market.pk])
    page = client.get(url).content.decode()
    assert f"{person.pseudonym} — Camille Placée" in page
    # Showing names in the choice list is a view of personal data, logged.
    assert PersonalDataLog.objects.filter(beneficiary=person, action=AuditAction.VIEW).exists()
    response = client.post(url, {
        "beneficiary": person.pk, "clause": world.clause.pk,
        "employer": ContractorFactory(kind="siae_etti").pk, "modality": "mise_a_disposition",
        "contract_type": "interim", "rome_code": "F1702", "job_label": "Manœuvre",
        "starts_on": "2025-03-01", "ends_on": "2025-05-31",
    })
    assert response.status_code == 302, response.content.decode()
    placement = Placement.objects.get(beneficiary=person)
    response = client.post(reverse("clauses:outcome_create", args=[placement.pk]), {
        "moment": "fin", "category": "cdd_interim_6_mois_plus", "observed_on": "2025-05-31",
    })
    assert response.status_code == 302
    assert Outcome.objects.get(placement=placement).category == "cdd_interim_6_mois_plus"
    # The same moment twice is refused.
    response = client.post(reverse("clauses:outcome_create", args=[placement.pk]), {
        "moment": "fin", "category": "cdi", "observed_on": "2025-06-01",
    })
    assert response.status_code == 400
    assert Outcome.objects.filter(placement=placement).count() == 1


def test_cannot_place_someone_from_another_territory(client, world):
    stranger = BeneficiaryFactory(territory=world.nevers)
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(reverse("clauses:placement_create", args=[world.market.pk]), {
        "beneficiary": stranger.pk, "clause": world.clause.pk,
        "employer": ContractorFactory().pk, "modality": "embauche_directe",
        "contract_type": "cdd", "job_label": "Maçon", "starts_on": "2025-03-01",
    })
    assert response.status_code == 400
    assert not Placement.objects.filter(beneficiary=stranger).exists()


def test_hours_outside_the_placement_are_refused(client, world):
    world.placement.ends_on = datetime.date(2025, 3, 31)
    world.placement.save()
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(reverse("clauses:declaration_create", args=[world.placement.pk]), {
        "month": "2025-06", "hours_worked": "10", "training_hours": "0",
        "credited_clause": world.clause.pk,
    })
    assert response.status_code == 400
    assert "en dehors des dates du placement" in response.content.decode()


def test_buyer_cannot_add_a_lot(client, world):
    before = world.market.lots.count()
    client.force_login(world.users["referent_acheteur"])
    response = client.post(reverse("clauses:lot_create", args=[world.market.pk]),
                           {"number": 90, "title": "X"})
    assert response.status_code == 403
    assert Market.objects.get(pk=world.market.pk).lots.count() == before


def test_new_hours_form_preselects_the_placements_clause(client, world):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.get(reverse("clauses:declaration_create", args=[world.placement.pk]))

    form = response.context["form"]
    assert form["credited_clause"].value() == world.clause.pk


def test_more_than_250_hours_in_a_month_are_refused_as_in_the_import(client, world):
    before = list(world.placement.declarations.values_list("month", "hours_worked"))
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(reverse("clauses:declaration_create", args=[world.placement.pk]), {
        "month": "2025-02", "hours_worked": "300", "training_hours": "0",
        "credited_clause": world.clause.pk,
    })
    assert response.status_code == 400
    assert "Plus de 250 heures dans un mois" in response.content.decode()
    assert list(world.placement.declarations.values_list("month", "hours_worked")) == before
