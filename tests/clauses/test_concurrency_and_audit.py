"""Two people editing the same record: the second save is refused, nothing is lost.
Every view or change of a beneficiary's personal data is logged."""

import datetime
from decimal import Decimal

from django.urls import reverse

from clauses.enums import AuditAction
from clauses.models import Beneficiary, HoursDeclaration, PersonalDataLog

STALE_START = "Cette fiche a été modifiée par quelqu"


def _beneficiary_data(beneficiary, **changes):
    data = {
        "territory": beneficiary.territory_id, "last_name": beneficiary.last_name,
        "first_name": beneficiary.first_name, "birth_date": "1990-05-17", "sex": "F",
        "postal_code": "21000", "commune": "Dijon", "diploma_level": "niveau_3",
        "criteria": ["rsa"], "prescriber_contact": "", "derogation_justification": "",
        "prescriber_opinion": "", "notes": "", "version": beneficiary.version,
    }
    data.update(changes)
    return data


def test_second_save_of_a_beneficiary_is_refused(client, world):
    fac = world.users["facilitateur_territoire"]
    coordinator = world.users["coordinateur"]
    url = reverse("clauses:beneficiary_edit", args=[world.beneficiary.pseudonym])
    # Both open the form on the same version.
    client.force_login(fac)
    assert client.get(url).status_code == 200
    first = _beneficiary_data(world.beneficiary, commune="Chenôve")
    second = _beneficiary_data(world.beneficiary, commune="Talant")

    assert client.post(url, first).status_code == 302
    client.force_login(coordinator)
    response = client.post(url, second)
    assert response.status_code == 409
    assert STALE_START in response.content.decode()
    beneficiary = Beneficiary.objects.get(pk=world.beneficiary.pk)
    assert beneficiary.commune == "Chenôve"
    assert beneficiary.version == world.beneficiary.version + 1


def test_second_save_of_a_declaration_is_refused(client, world):
    url = reverse("clauses:declaration_edit", args=[world.declaration.pk])
    version = world.declaration.version
    data = {"month": "2025-02", "training_hours": "0",
            "credited_clause": world.clause.pk, "version": version}
    client.force_login(world.users["facilitateur_territoire"])
    assert client.post(url, {**data, "hours_worked": "130"}).status_code == 302
    client.force_login(world.users["coordinateur"])
    response = client.post(url, {**data, "hours_worked": "99"})
    assert response.status_code == 409
    assert STALE_START in response.content.decode()
    declaration = HoursDeclaration.objects.get(pk=world.declaration.pk)
    assert declaration.hours_worked == Decimal("130")


def test_declaration_for_an_already_declared_month_is_refused(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(
        reverse("clauses:declaration_create", args=[world.placement.pk]),
        {"month": "2025-02", "hours_worked": "10", "training_hours": "0",
         "credited_clause": world.clause.pk},
    )
    assert response.status_code == 400
    assert "déjà déclarées" in response.content.decode()
    assert HoursDeclaration.objects.filter(placement=world.placement).count() == 1


def test_new_declaration_is_stored_on_the_first_day_of_the_month(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(
        reverse("clauses:declaration_create", args=[world.placement.pk]),
        {"month": "03/2025", "hours_worked": "151,67", "training_hours": "7",
         "credited_clause": world.clause.pk},
    )
    assert response.status_code == 302, response.content.decode()
    declaration = HoursDeclaration.objects.get(placement=world.placement,
                                               month=datetime.date(2025, 3, 1))
    assert declaration.hours_worked == Decimal("151.67")


def test_viewing_a_record_is_logged(client, world):
    fac = world.users["facilitateur_territoire"]
    client.force_login(fac)
    client.get(reverse("clauses:beneficiary_detail", args=[world.beneficiary.pseudonym]))
    entry = PersonalDataLog.objects.get()
    assert entry.user == fac
    assert entry.action == AuditAction.VIEW
    assert entry.beneficiary == world.beneficiary
    assert entry.pseudonym == world.beneficiary.pseudonym
    assert "birth_date" in entry.fields
    assert entry.territory == world.dijon


def test_names_on_a_market_page_are_logged_but_pseudonyms_are_not(client, world):
    client.force_login(world.users["referent_acheteur"])
    client.get(reverse("clauses:market_detail", args=[world.market.pk]))
    assert not PersonalDataLog.objects.exists()
    client.force_login(world.users["facilitateur_territoire"])
    client.get(reverse("clauses:market_detail", args=[world.market.pk]))
    entry = PersonalDataLog.objects.get()
    assert entry.fields == ["first_name", "last_name"]
    assert entry.context == f"Marché {world.market.reference}"


def test_change_logs_the_changed_fields_only(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_edit", args=[world.beneficiary.pseudonym])
    # QPV residence is the tick; the criterion follows it.
    response = client.post(url, _beneficiary_data(world.beneficiary, commune="Quetigny",
                                                  criteria=["rsa"], qpv_resident="on"))
    assert response.status_code == 302
    change = PersonalDataLog.objects.get(action=AuditAction.CHANGE)
    assert set(change.fields) >= {"commune", "criteria"}
    assert "last_name" not in change.fields


def test_refused_save_writes_no_change_entry(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_edit", args=[world.beneficiary.pseudonym])
    stale = _beneficiary_data(world.beneficiary, commune="Longvic",
                              version=world.beneficiary.version + 5)
    assert client.post(url, stale).status_code == 409
    assert not PersonalDataLog.objects.filter(action=AuditAction.CHANGE).exists()


def test_creating_a_beneficiary_gives_a_pseudonym_and_logs_it(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    data = _beneficiary_data(world.beneficiary, last_name="Nouvelle", first_name="Fictive")
    data.pop("version")
    response = client.post(reverse("clauses:beneficiary_create"), data)
    assert response.status_code == 302
    created = Beneficiary.objects.get(last_name="Nouvelle")
    assert created.pseudonym == f"B-{created.pk:04d}"
    assert response["Location"].endswith(f"/espace/beneficiaires/{created.pseudonym}/")
    assert PersonalDataLog.objects.filter(beneficiary=created, action=AuditAction.CREATE).exists()


def test_facilitator_cannot_file_a_beneficiary_in_another_territory(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    data = _beneficiary_data(world.beneficiary, last_name="Ailleurs", territory=world.nevers.pk)
    data.pop("version")
    response = client.post(reverse("clauses:beneficiary_create"), data)
    assert response.status_code == 400
    assert not Beneficiary.objects.filter(last_name="Ailleurs").exists()


def test_audit_log_is_for_regional_coordinators(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    client.get(reverse("clauses:beneficiary_detail", args=[world.beneficiary.pseudonym]))
    url = reverse("clauses:audit_log")
    for role in ("facilitateur_territoire", "referent_acheteur", "membre"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 403
    client.force_login(world.users["coordinateur"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "fac-dijon" in html
    assert world.beneficiary.pseudonym in html
    assert "date de naissance" in html


def test_validating_eligibility(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_validate", args=[world.beneficiary.pseudonym])
    response = client.post(url, {"version": world.beneficiary.version})
    assert response.status_code == 302
    beneficiary = Beneficiary.objects.get(pk=world.beneficiary.pk)
    assert beneficiary.eligibility_validated_by == world.users["facilitateur_territoire"]
    assert beneficiary.eligibility_validated_at is not None


def test_eligibility_without_criterion_nor_derogation_is_not_validated(client, world):
    world.beneficiary.criteria.all().delete()
    Beneficiary.objects.filter(pk=world.beneficiary.pk).update(eligibility_validated_at=None)
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_validate", args=[world.beneficiary.pseudonym])
    response = client.post(url, {"version": world.beneficiary.version}, follow=True)
    assert "Cochez au moins un critère" in response.content.decode()
    assert Beneficiary.objects.get(pk=world.beneficiary.pk).eligibility_validated_at is None


def test_derogation_needs_justification_and_opinion(client, world):
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:beneficiary_edit", args=[world.beneficiary.pseudonym])
    response = client.post(url, _beneficiary_data(world.beneficiary, criteria=[],
                                                  derogation="on"))
    assert response.status_code == 400
    assert "Une dérogation doit être justifiée." in response.content.decode()
