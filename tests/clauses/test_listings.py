"""The lists of the members' area (markets, forecasts, beneficiaries, placements, hours,
outcomes to record): search, filters, order, pages, and their XLSX and CSV files."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clauses.enums import AuditAction, EligibilityCriterion, MarketStatus
from clauses.models import Beneficiary, HoursDeclaration, PersonalDataLog, Placement
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    HoursDeclarationFactory,
    MarketFactory,
    OutcomeFactory,
    PlacementFactory,
)

LISTINGS = ["market_list", "forecast_list", "beneficiary_list", "placement_list", "hours_list",
            "outcomes_due"]


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _export(client, name, fmt, **params):
    return client.get(reverse(f"clauses:{name}_export", args=[fmt]), params)


@pytest.fixture
def people(world):
    """Three more people of Dijon on the world's market (one without a validated
    eligibility, one QPV resident), and one of Nevers on a Nevers market."""
    made = [
        BeneficiaryFactory(territory=world.dijon, last_name="Durand", first_name="Élise",
                           criteria=[EligibilityCriterion.QPV]),
        BeneficiaryFactory(territory=world.dijon, last_name="Martin", first_name="Paul",
                           unvalidated=True),
    ]
    for person in made:
        PlacementFactory(clause=world.clause, beneficiary=person,
                         starts_on=datetime.date(2025, 3, 1))
    nevers_market = MarketFactory(lead_territory=world.nevers, buyer=world.other_buyer,
                                  status=MarketStatus.IN_EXECUTION)
    nevers = BeneficiaryFactory(territory=world.nevers, last_name="Nivernais")
    PlacementFactory(clause=ClauseFactory(market=nevers_market), beneficiary=nevers)
    return made


@pytest.mark.parametrize("name", LISTINGS)
def test_each_list_answers_a_facilitator_and_refuses_a_plain_member(client, world, name):
    client.force_login(world.users["membre"])
    assert client.get(reverse(f"clauses:{name}")).status_code == 403
    assert _export(client, name, "csv").status_code == 403

    client.force_login(world.users["facilitateur_territoire"])
    response = client.get(reverse(f"clauses:{name}"))
    assert response.status_code == 200
    assert "Télécharger en XLSX" in response.content.decode() or not response.context[
        "page"].paginator.count
    assert _export(client, name, "pdf").status_code == 404


def test_beneficiaries_are_searched_filtered_and_sorted(client, world, people):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_list")

    def listed(**params):
        response = client.get(url, params)
        return [b.pseudonym for b in response.context["page"].object_list]

    everyone = listed()
    assert set(everyone) == {world.beneficiary.pseudonym, *(p.pseudonym for p in people)}
    assert everyone == sorted(everyone)
    assert listed(q="durand") == [people[0].pseudonym]
    assert listed(q=people[1].pseudonym.lower()) == [people[1].pseudonym]
    assert listed(eligibilite="a_valider") == [people[1].pseudonym]
    assert listed(critere=EligibilityCriterion.QPV) == [people[0].pseudonym]
    assert listed(tri="recentes")[0] == people[1].pseudonym
    response = client.get(url, {"eligibilite": "peut-etre"})
    assert response.status_code == 400
    assert "Un critère est invalide" in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_a_name_is_not_found_where_it_may_not_be_read(client, world, people):
    """The Nevers facilitator finds nobody of Dijon, by name or otherwise."""
    client.force_login(world.users["facilitateur_autre_territoire"])
    response = client.get(reverse("clauses:beneficiary_list"), {"q": "Durand"})
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("clauses:beneficiary_list"))
    assert [b.last_name for b in response.context["page"].object_list] == ["Nivernais"]


def test_the_beneficiary_files_hold_the_filtered_rows_in_french_conventions(
    client, world, people
):
    client.force_login(world.users["facilitateur_territoire"])
    rows = _csv(_export(client, "beneficiary_list", "csv", q="durand"))
    assert rows[0][:3] == ["Pseudonyme", "Nom", "Prénom"]
    assert rows[1][:4] == [people[0].pseudonym, "Durand", "Élise", "Bassin dijonnais"]
    assert len(rows) == 2
    sheet = _xlsx(_export(client, "beneficiary_list", "xlsx", eligibilite="a_valider"))
    assert sheet[0][:3] == ("Pseudonyme", "Nom", "Prénom")
    assert [row[:3] for row in sheet[1:]] == [(people[1].pseudonym, "Martin", "Paul")]
    # Both files are in the personal-data log, one row per person named.
    exports = PersonalDataLog.objects.filter(action=AuditAction.EXPORT)
    assert sorted(exports.values_list("pseudonym", flat=True)) == sorted(
        [people[0].pseudonym, people[1].pseudonym])


def test_a_buyer_reads_placements_and_hours_under_pseudonyms(client, world, people):
    client.force_login(world.users["referent_acheteur"])
    page = client.get(reverse("clauses:placement_list")).content.decode()
    assert world.beneficiary.pseudonym in page
    assert "Testelin" not in page and "Durand" not in page and "Nivernais" not in page
    rows = _csv(_export(client, "placement_list", "csv"))
    assert "Nom" not in rows[0]
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [world.beneficiary.pseudonym, *(p.pseudonym for p in people)])
    hours = _csv(_export(client, "hours_list", "csv"))
    assert [row[1] for row in hours[1:]] == [world.beneficiary.pseudonym]
    assert "Nom" not in hours[0]
    assert not PersonalDataLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_co_territory_sees_placements_but_names_only_its_own_people(client, world, people):
    world.market.territories.add(world.nevers)
    nevers_person = BeneficiaryFactory(territory=world.nevers, last_name="Morvan")
    PlacementFactory(clause=world.clause, beneficiary=nevers_person)
    client.force_login(world.users["facilitateur_autre_territoire"])
    rows = _csv(_export(client, "placement_list", "csv", q=world.market.reference))
    names = {row[0]: row[1] for row in rows[1:]}
    assert names[nevers_person.pseudonym] == "Morvan"
    assert names[world.beneficiary.pseudonym] == ""
    # Searching a name of another territory finds nothing.
    rows = _csv(_export(client, "placement_list", "csv", q="Testelin"))
    assert rows[1:] == []


def test_the_hours_file_writes_numbers_with_a_decimal_comma(client, world):
    HoursDeclarationFactory(placement=world.placement, month=datetime.date(2025, 3, 1),
                            hours_worked=Decimal("35.5"), training_hours=Decimal("2.25"))
    client.force_login(world.users["facilitateur_territoire"])
    rows = _csv(_export(client, "hours_list", "csv", du="2025-03"))
    header, row = rows
    assert row[header.index("Mois")] == "03/2025"
    assert row[header.index("Heures travaillées")] == "35,50"
    assert row[header.index("Total")] == "37,75"
    sheet = _xlsx(_export(client, "hours_list", "xlsx", du="03/2025"))
    assert sheet[1][sheet[0].index("Total")] == pytest.approx(37.75)


def test_placements_filter_by_state_and_link_to_their_hours(client, world, people):
    Placement.objects.filter(pk=world.placement.pk).update(ends_on=datetime.date(2025, 2, 28))
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:placement_list")
    response = client.get(url, {"etat": "termine"})
    assert [p.pk for p in response.context["page"].object_list] == [world.placement.pk]
    running = client.get(url, {"etat": "en_cours"})
    assert {p.beneficiary for p in running.context["page"].object_list} == set(people)
    assert reverse("clauses:declaration_create", args=[people[0].placements.get().pk]) in (
        running.content.decode())


def test_outcomes_to_record_link_to_the_outcome_form(client, world):
    today = datetime.date.today()
    ended = PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                             starts_on=datetime.date(2025, 1, 6),
                             ends_on=today - datetime.timedelta(days=200))
    recorded = PlacementFactory(clause=world.clause, beneficiary=world.beneficiary,
                                starts_on=datetime.date(2025, 1, 6),
                                ends_on=today - datetime.timedelta(days=10))
    OutcomeFactory(placement=recorded, observed_on=today)
    client.force_login(world.users["facilitateur_territoire"])
    response = client.get(reverse("clauses:outcomes_due"))
    assert [p.pk for p in response.context["page"].object_list] == [ended.pk]
    html = response.content.decode()
    assert "à la fin et à 6 mois" in html
    link = reverse("clauses:outcome_create", args=[ended.pk]) + "?moment=fin"
    assert link in html
    form = client.get(link)
    assert form.context["form"].initial["moment"] == "fin"
    six = client.get(reverse("clauses:outcomes_due"), {"moment": "six_mois"})
    assert [p.pk for p in six.context["page"].object_list] == [ended.pk]
    # Buyers record no outcome: the list is not theirs.
    client.force_login(world.users["referent_acheteur"])
    assert client.get(reverse("clauses:outcomes_due")).status_code == 403


def test_forecasts_to_assess_for_the_coordination_and_to_correct_for_the_buyer(client, world):
    forecast = MarketFactory(lead_territory=world.dijon, buyer=world.buyer,
                             reference="PREV-2026-1", programme_year=2026)
    client.force_login(world.users["coordinateur"])
    response = client.get(reverse("clauses:forecast_list"), {"etude": "a_etudier"})
    assert [m.reference for m in response.context["page"].object_list] == ["PREV-2026-1"]
    assert reverse("clauses:market_assess", args=[forecast.pk]) in response.content.decode()
    client.force_login(world.users["referent_acheteur"])
    html = client.get(reverse("clauses:forecast_list")).content.decode()
    assert reverse("clauses:forecast_edit", args=[forecast.pk]) in html
    assert reverse("clauses:forecast_create") in html
    client.force_login(world.users["referent_autre_acheteur"])
    response = client.get(reverse("clauses:forecast_list"))
    assert "PREV-2026-1" not in response.content.decode()


def test_the_market_list_is_searched_sorted_and_exported(client, world):
    MarketFactory(reference="ZZ-ECOLE", title="Rénovation de l'école Jules-Ferry",
                  lead_territory=world.dijon, buyer=world.buyer)
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:market_list")
    response = client.get(url, {"q": "ecole ferry"})
    assert [m.reference for m in response.context["page"].object_list] == ["ZZ-ECOLE"]
    ordered = client.get(url, {"tri": "reference"}).context["page"].object_list
    assert [m.reference for m in ordered] == sorted(m.reference for m in ordered)
    rows = _csv(_export(client, "market_list", "csv", q="école"))
    assert [row[0] for row in rows[1:]] == ["ZZ-ECOLE"]
    sheet = _xlsx(_export(client, "market_list", "xlsx"))
    header = sheet[0]
    by_reference = {row[0]: row for row in sheet[1:]}
    assert by_reference[world.market.reference][header.index("Heures exigées")] == 1200
    assert by_reference[world.market.reference][header.index("Heures réalisées")] == 120


def test_an_export_above_the_cap_is_refused_in_french_and_filters_make_it_pass(
    client, world, people, settings
):
    settings.EXPORT_MAX_ROWS = 2
    client.force_login(world.users["facilitateur_territoire"])
    page = client.get(reverse("clauses:beneficiary_list"))
    assert page.context["page"].paginator.count == 3
    assert "trop de lignes pour un fichier (au plus 2)" in page.content.decode()
    assert "Télécharger en CSV" not in page.content.decode()

    for fmt in ("csv", "xlsx"):
        response = _export(client, "beneficiary_list", fmt, eligibilite="")
        assert response.status_code == 400
        assert "Content-Disposition" not in response
        text = response.content.decode()
        assert "Export trop volumineux" in text
        assert "compte 3 lignes avec ces filtres : un export en contient au plus 2." in text
        assert 'href="/espace/beneficiaires/?eligibilite="' in text
    assert not PersonalDataLog.objects.filter(action=AuditAction.EXPORT).exists()

    narrowed = _csv(_export(client, "beneficiary_list", "csv", q="durand"))
    assert [row[1] for row in narrowed[1:]] == ["Durand"]
    assert "Télécharger en CSV" in client.get(
        reverse("clauses:beneficiary_list"), {"q": "durand"}).content.decode()


def _bulk_people(world, count):
    """`count` people of Dijon, each placed on the world's clause with one month of hours."""
    people = Beneficiary.objects.bulk_create([
        Beneficiary(territory=world.dijon, last_name=f"Nom{n}", first_name="Prénom",
                    pseudonym=f"B-BULK{n:04d}") for n in range(count)
    ])
    placements = Placement.objects.bulk_create([
        Placement(beneficiary=b, clause=world.clause, employer=world.placement.employer,
                  modality="embauche_directe", contract_type="cdd", job_label="Ouvrier",
                  starts_on=datetime.date(2025, 1, 6), ends_on=datetime.date(2025, 2, 28))
        for b in people
    ])
    HoursDeclaration.objects.bulk_create([
        HoursDeclaration(placement=p, credited_clause=world.clause,
                         month=datetime.date(2025, 2, 1), hours_worked=Decimal(35))
        for p in placements
    ])


PAGE_BUDGET = 16
EXPORT_BUDGET = 14


@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("name", LISTINGS)
def test_pages_and_files_keep_their_query_budget_as_rows_grow(
    client, world, django_assert_max_num_queries, name, count
):
    _bulk_people(world, count)
    client.force_login(world.users["facilitateur_territoire"])
    client.get(reverse(f"clauses:{name}"))  # first visit: Wagtail's user profile
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert client.get(reverse(f"clauses:{name}")).status_code == 200
    for fmt in ("csv", "xlsx"):
        with django_assert_max_num_queries(EXPORT_BUDGET):
            response = _export(client, name, fmt)
            # A streamed CSV is written while it is read: reading it counts too.
            content = b"".join(response.streaming_content) if response.streaming else (
                response.content)
        assert response.status_code == 200 and content
