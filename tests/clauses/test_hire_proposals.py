"""A hire proposed by a company: no placement until a facilitator, having validated the
person's eligibility, opens it through the placement operation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clauses.enums import ProposalStatus
from clauses.models import HireProposal, Placement
from clauses.operations import proposals
from network.models import Notification
from network.permissions import Action, has_permission
from tests.clauses.factories import BeneficiaryFactory

FIELDS = {"last_name": "Martin", "first_name": "Léa", "contract_type": "cdd",
          "job_label": "Coffreuse", "starts_on": datetime.date(2025, 4, 1)}


def test_a_proposal_is_no_placement_until_the_facilitator_opens_it(world):
    referent = world.users["referent_entreprise"]
    before = Placement.objects.count()
    proposal = proposals.propose_hire(referent, world.clause, **FIELDS)
    assert Placement.objects.count() == before
    assert proposal.company == world.clause.lot.contractor
    # The facilitators are told, without the person's name.
    told = Notification.objects.filter(kind="embauche_proposee")
    assert set(told.values_list("recipient__username", flat=True)) >= {"fac-dijon"}
    assert "fac-nevers" not in set(told.values_list("recipient__username", flat=True))
    assert all("Martin" not in n.title + n.body for n in told)

    facilitator = world.users["facilitateur_territoire"]
    person = BeneficiaryFactory(territory=world.dijon, last_name="Martin", first_name="Léa")
    placement = proposals.accept_proposal(facilitator, proposal, beneficiary=person)
    assert placement.employer == proposal.company and placement.clause == world.clause
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.placement == placement
    # The company now sees the placement of the person it employs.
    assert has_permission(referent, Action.VIEW, placement)


def test_an_unvalidated_person_gets_no_placement(world):
    proposal = proposals.propose_hire(world.users["referent_entreprise"], world.clause,
                                      **FIELDS)
    person = BeneficiaryFactory(territory=world.dijon, unvalidated=True)
    with pytest.raises(ValidationError):
        proposals.accept_proposal(world.users["facilitateur_territoire"], proposal,
                                  beneficiary=person)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and proposal.placement is None


@pytest.mark.parametrize("role", ["referent_autre_entreprise", "facilitateur_territoire",
                                  "referent_acheteur", "membre"])
def test_only_the_contractors_referent_proposes(world, role):
    with pytest.raises(PermissionDenied):
        proposals.propose_hire(world.users[role], world.clause, **FIELDS)


def test_the_company_neither_opens_nor_sees_anothers_proposals(world):
    proposal = proposals.propose_hire(world.users["referent_entreprise"], world.clause,
                                      **FIELDS)
    with pytest.raises(PermissionDenied):
        proposals.accept_proposal(world.users["referent_entreprise"], proposal,
                                  beneficiary=world.beneficiary)
    assert not has_permission(world.users["referent_autre_entreprise"], Action.VIEW, proposal)
    assert not has_permission(world.users["referent_acheteur"], Action.VIEW, proposal)
    assert not has_permission(world.users["facilitateur_autre_territoire"], Action.VIEW,
                              proposal)


def test_a_refusal_needs_a_reason_and_the_company_reads_it(client, world):
    proposal = proposals.propose_hire(world.users["referent_entreprise"], world.clause,
                                      **FIELDS)
    facilitator = world.users["facilitateur_territoire"]
    with pytest.raises(ValidationError):
        proposals.refuse_proposal(facilitator, proposal, reason=" ")
    proposals.refuse_proposal(facilitator, proposal, reason="Personne déjà en emploi.")
    client.force_login(world.users["referent_entreprise"])
    assert "Personne déjà en emploi." in client.get(
        reverse("clauses:company_space")).content.decode()


def test_the_screens(client, world):
    client.force_login(world.users["referent_entreprise"])
    response = client.post(reverse("clauses:proposal_create"), {
        "clause": world.clause.pk, "last_name": "Martin", "first_name": "Léa",
        "modality": "embauche_directe", "contract_type": "cdd", "job_label": "Coffreuse",
        "starts_on": "2025-04-01",
    })
    assert response.status_code == 302
    proposal = HireProposal.objects.get()
    assert client.get(reverse("clauses:proposal_list")).status_code == 403

    client.force_login(world.users["facilitateur_territoire"])
    page = client.get(reverse("clauses:proposal_list"))
    assert page.status_code == 200 and "Coffreuse" in page.content.decode()
    assert reverse("clauses:proposal_list") in client.get("/espace/").content.decode()
    person = BeneficiaryFactory(territory=world.dijon)
    response = client.post(reverse("clauses:proposal_accept", args=[proposal.pk]),
                           {f"a{proposal.pk}-beneficiary": person.pk})
    assert response.status_code == 302
    assert Placement.objects.filter(beneficiary=person, clause=world.clause).exists()


def test_the_retention_purge_deletes_old_proposals(world):
    from clauses import personal_data

    proposal = proposals.propose_hire(world.users["referent_entreprise"], world.clause,
                                      **FIELDS)
    personal_data.purge(today=datetime.date.today())
    assert HireProposal.objects.filter(pk=proposal.pk).exists()
    personal_data.purge(today=datetime.date.today() + datetime.timedelta(days=365 * 4))
    assert not HireProposal.objects.filter(pk=proposal.pk).exists()


def test_each_name_on_the_facilitators_list_goes_to_the_personal_data_log(client, world):
    from clauses.models import PersonalDataLog

    proposal = proposals.propose_hire(world.users["referent_entreprise"], world.clause,
                                      contact="06 00 00 00 00", **FIELDS)
    client.force_login(world.users["facilitateur_territoire"])

    page = client.get(reverse("clauses:proposal_list")).content.decode()

    assert "Léa Martin" in page
    entry = PersonalDataLog.objects.get()
    assert (entry.username, entry.action, entry.territory) == (
        "fac-dijon", "consultation", world.dijon)
    assert entry.fields == ["contact", "first_name", "last_name"]
    assert f"proposition {proposal.pk}" in entry.context
    # The coordination reads it in the log, like any view of a beneficiary's record.
    client.force_login(world.users["coordinateur"])
    log = client.get(reverse("clauses:audit_log")).content.decode()
    assert f"Embauches proposées — proposition {proposal.pk}" in log
    assert "téléphone ou courriel" in log


def test_a_list_without_the_persons_proposal_logs_nothing(client, world):
    from clauses.models import PersonalDataLog

    proposals.propose_hire(world.users["referent_entreprise"], world.clause, **FIELDS)
    client.force_login(world.users["facilitateur_autre_territoire"])

    response = client.get(reverse("clauses:proposal_list"))

    assert response.status_code == 200 and "Martin" not in response.content.decode()
    assert not PersonalDataLog.objects.exists()
