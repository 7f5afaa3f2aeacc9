"""The company referent: invited by e-mail, they see their company's clauses and people
and declare hours, which count only once a facilitator validates them."""

import datetime
import re
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clauses import progress
from clauses.enums import DeclarationStatus
from clauses.imports.monthly_hours import import_hours
from clauses.models import Clause, HoursDeclaration, PlacementYear
from clauses.operations import company_referents, hours_review
from clauses.operations.declarations import correct_hours, declare_hours
from network.models import Notification
from network.permissions import Action, has_permission
from tests.clauses.test_import_hours import csv_file, row

MARCH = datetime.date(2025, 3, 1)


def _done(clause) -> Decimal:
    return progress.with_progress(Clause.objects.filter(pk=clause.pk),
                                  datetime.date(2025, 6, 1)).get().done_hours


def _figures(placement) -> Decimal:
    return sum((row.worked for row in PlacementYear.objects.filter(placement=placement)),
               Decimal(0))


# --- Declared hours and their status ------------------------------------------------------


def test_every_existing_channel_records_validated_hours(world):
    declaration = declare_hours(world.users["facilitateur_territoire"], world.placement,
                                month=MARCH, hours_worked=Decimal("35"))
    assert declaration.status == DeclarationStatus.VALIDATED
    assert declaration.reviewed_by == world.users["facilitateur_territoire"]
    assert world.declaration.status == DeclarationStatus.VALIDATED


def test_a_companys_hours_count_only_once_validated(world):
    referent = world.users["referent_entreprise"]
    before_done, before_figures = _done(world.clause), _figures(world.placement)
    declaration = declare_hours(referent, world.placement, month=MARCH,
                                hours_worked=Decimal("70"))
    assert declaration.status == DeclarationStatus.DECLARED
    assert _done(world.clause) == before_done
    assert _figures(world.placement) == before_figures
    # The person's facilitator is told, and nobody else of the matrix.
    told = set(Notification.objects.filter(kind="heures_declarees_entreprise")
               .values_list("recipient__username", flat=True))
    assert "fac-dijon" in told and "fac-nevers" not in told and "entreprise" not in told

    facilitator = world.users["facilitateur_territoire"]
    assert list(hours_review.awaiting(facilitator)) == [declaration]
    assert not list(hours_review.awaiting(world.users["facilitateur_autre_territoire"]))
    hours_review.validate_hours(facilitator, declaration)
    assert _done(world.clause) == before_done + Decimal("70")
    assert _figures(world.placement) == before_figures + Decimal("70")
    declaration.refresh_from_db()
    assert declaration.reviewed_by == facilitator and declaration.reviewed_at is not None


def test_a_rejection_needs_a_reason_and_the_company_may_correct(world):
    referent = world.users["referent_entreprise"]
    declaration = declare_hours(referent, world.placement, month=MARCH,
                                hours_worked=Decimal("70"))
    facilitator = world.users["facilitateur_territoire"]
    with pytest.raises(ValidationError) as refused:
        hours_review.reject_hours(facilitator, declaration, reason="  ")
    assert "motif" in str(refused.value)
    hours_review.reject_hours(facilitator, declaration, reason="Contrat signé le 10 mars.")
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.REJECTED
    correct_hours(referent, declaration, version=declaration.version,
                  hours_worked=Decimal("50"))
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DECLARED
    assert declaration.rejection_reason == ""


def test_a_company_neither_validates_nor_changes_validated_hours(world):
    referent = world.users["referent_entreprise"]
    declaration = declare_hours(referent, world.placement, month=MARCH,
                                hours_worked=Decimal("70"))
    with pytest.raises(PermissionDenied):
        hours_review.validate_hours(referent, declaration)
    with pytest.raises(PermissionDenied):
        correct_hours(referent, world.declaration, version=world.declaration.version,
                      hours_worked=Decimal("1"))
    assert not has_permission(referent, Action.VALIDATE_HOURS, declaration)


def test_a_company_cannot_declare_for_another_companys_people(elsewhere):
    world = elsewhere
    with pytest.raises(PermissionDenied):
        declare_hours(world.users["referent_entreprise"], world.other_placement, month=MARCH,
                      hours_worked=Decimal("10"))


# --- The month's file ------------------------------------------------------------------


def test_the_companys_file_declares_for_its_own_placements_only(elsewhere):
    world = elsewhere
    referent = world.users["referent_entreprise"]
    report = import_hours(csv_file(row(world, "2025-03", "35")), user=referent)
    assert report.ok, report.errors
    created = HoursDeclaration.objects.get(placement=world.placement, month=MARCH)
    assert created.status == DeclarationStatus.DECLARED

    other = world.other_placement
    before = HoursDeclaration.objects.count()
    report = import_hours(csv_file(row(
        world, "2025-04", "35", pseudonym=other.beneficiary.pseudonym,
        market=other.clause.market.reference, lot=other.clause.lot.number,
    )), user=referent)
    assert not report.ok
    assert "inconnu" in " ".join(error.message for error in report.errors)
    assert HoursDeclaration.objects.count() == before


def test_the_companys_file_does_not_overwrite_validated_hours(world):
    report = import_hours(csv_file(row(world, "2025-02", "1")),
                          user=world.users["referent_entreprise"])
    assert not report.ok
    assert "déjà validées" in report.errors[0].message
    world.declaration.refresh_from_db()
    assert world.declaration.hours_worked == Decimal("120")


# --- Screens -----------------------------------------------------------------------------


def test_the_referents_space_shows_their_company_only(client, elsewhere):
    world = elsewhere
    client.force_login(world.users["referent_entreprise"])
    response = client.get(reverse("clauses:company_space"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.market.reference in html
    assert world.beneficiary.pseudonym in html
    assert "Testelin" not in html and "Aurore" not in html
    assert world.other_placement.clause.market.reference not in html
    assert world.other_placement.beneficiary.pseudonym not in html


@pytest.mark.parametrize("role", ["facilitateur_territoire", "referent_acheteur", "membre"])
def test_the_space_is_the_referents_only(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("clauses:company_space")).status_code == 403


def test_the_referent_declares_by_form_and_the_facilitator_validates(client, elsewhere):
    world = elsewhere
    client.force_login(world.users["referent_entreprise"])
    response = client.post(reverse("clauses:company_space"), {
        "placement": world.placement.pk, "month": "2025-03", "hours_worked": "42",
        "training_hours": "",
    })
    assert response.status_code == 302
    declaration = HoursDeclaration.objects.get(placement=world.placement, month=MARCH)
    assert declaration.status == DeclarationStatus.DECLARED
    # Another company's placement is no choice of the form.
    response = client.post(reverse("clauses:company_space"), {
        "placement": world.other_placement.pk, "month": "2025-03", "hours_worked": "42",
    })
    assert response.status_code == 400
    assert not HoursDeclaration.objects.filter(placement=world.other_placement).exists()

    client.force_login(world.users["facilitateur_territoire"])
    page = client.get(reverse("clauses:hours_awaiting"))
    assert page.status_code == 200 and world.beneficiary.pseudonym in page.content.decode()
    refused = client.post(reverse("clauses:hours_reject", args=[declaration.pk]),
                          {f"d{declaration.pk}-reason": ""})
    assert refused.status_code == 400
    assert "motif" in refused.content.decode()
    client.post(reverse("clauses:hours_validate", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.VALIDATED

    client.force_login(world.users["referent_entreprise"])
    assert client.get(reverse("clauses:hours_awaiting")).status_code == 403
    assert client.post(reverse("clauses:hours_validate", args=[declaration.pk])).status_code \
        in (403, 404)


def test_the_dashboard_links_the_hours_awaiting_validation(client, world):
    declare_hours(world.users["referent_entreprise"], world.placement, month=MARCH,
                  hours_worked=Decimal("7"))
    client.force_login(world.users["facilitateur_territoire"])
    html = client.get("/espace/").content.decode()
    assert reverse("clauses:hours_awaiting") in html


# --- The invitation --------------------------------------------------------------------


def _invite(client, world, email="chef.chantier@example.fr"):
    company = world.clause.lot.contractor
    client.force_login(world.users["facilitateur_territoire"])
    response = client.post(reverse("clauses:company_invite", args=[company.pk]),
                           {"email": email})
    assert response.status_code == 302
    client.logout()
    return re.search(r"http\S+/compte/invitation-entreprise/\S+/", mail.outbox[-1].body)[0]


def test_an_invited_referent_sets_a_password_and_reaches_the_space(client, world):
    link = _invite(client, world)
    assert "Invitation" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["chef.chantier@example.fr"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and world.clause.lot.contractor.name in page.content.decode()
    response = client.post(f"/{path}", {"password1": "Un-mot-de-passe-solide-42",
                                        "password2": "Un-mot-de-passe-solide-42"})
    assert response.status_code == 302
    assert response["Location"] == reverse("clauses:company_space")
    space = client.get(reverse("clauses:company_space"))
    assert space.status_code == 200 and world.beneficiary.pseudonym in space.content.decode()


def test_an_existing_account_joins_once_signed_in(client, world):
    member = world.users["membre"]
    member.email = "membre@example.fr"
    member.save()
    link = _invite(client, world, email="membre@example.fr")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert "connectez-vous" in client.get(path).content.decode()
    client.force_login(member)
    assert client.post(path).status_code == 302
    assert client.get(reverse("clauses:company_space")).status_code == 200


def test_an_expired_or_tampered_link_answers_in_french(client, world, settings):
    company = world.clause.lot.contractor
    settings.COMPANY_INVITATION_DAYS = 14
    with mock.patch("time.time", return_value=time.time() - 15 * 24 * 3600):
        token = company_referents.make_token(company, "tard@example.fr")
    response = client.get(reverse("clauses:company_invitation", args=[token]))
    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    good = company_referents.make_token(company, "x@example.fr")
    response = client.get(reverse("clauses:company_invitation", args=[good[:-2] + "zz"]))
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()


@pytest.mark.parametrize("role", ["referent_acheteur", "referent_entreprise", "membre",
                                  "facilitateur_autre_territoire"])
def test_only_a_facilitator_who_sees_the_company_invites(client, world, role):
    company = world.clause.lot.contractor
    client.force_login(world.users[role])
    response = client.post(reverse("clauses:company_invite", args=[company.pk]),
                           {"email": "x@example.fr"})
    assert response.status_code in (403, 404)
    assert not mail.outbox
