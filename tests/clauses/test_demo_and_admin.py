"""The demo data of the market follow-up (seed_demo), built once for the module."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from clauses import demo as clauses_demo
from clauses import progress
from clauses.enums import MarketStatus
from clauses.models import Beneficiary, Clause, HoursDeclaration, Market, MarketStatusChange
from network import demo as network_demo
from tests.fixtures import module_data


def _seed():
    network_demo.seed()
    clauses_demo.seed()


_demo = module_data(_seed)


@pytest.fixture
def seeded(_demo, db):
    """The network's and the market follow-up's demo data, built once for the module."""


def test_demo_has_every_status_in_both_territories(seeded):
    for slug in ("bassin-dijonnais", "agglomeration-nevers"):
        statuses = set(
            Market.objects.filter(lead_territory__slug=slug).values_list("status", flat=True)
        )
        assert statuses == set(MarketStatus.values)
    # Every market has its history, from the forecast to its present status.
    for market in Market.objects.all():
        last = market.status_changes.order_by("changed_on", "recorded_at", "pk").last()
        assert last.to_status == market.status


def test_demo_clauses_come_from_the_calculator(seeded):
    clause = Clause.objects.get(market__reference="DEMO-DIJ-06")
    # 2 000 000 € × 0.5 × 5 % ÷ 30 €/h = 1 666.67 h → 1 667 h.
    assert clause.required_hours == 1667
    assert clause.calculator_inputs["montant"] == "2000000"
    cleaning = Clause.objects.get(market__reference="DEMO-NEV-04")
    assert cleaning.formula == "proprete"
    assert cleaning.required_hours == 840


def test_demo_has_twelve_months_of_hours_and_fake_people(seeded):
    today = timezone.localdate()
    months = set(
        HoursDeclaration.objects.filter(placement__clause__market__reference="DEMO-DIJ-06")
        .values_list("month", flat=True)
    )
    assert len(months) == 12
    assert max(months) < today.replace(day=1)
    names = set(Beneficiary.objects.values_list("last_name", flat=True))
    assert all(name.split()[0] in {"Exemple", "Fictif", "Démonstration", "Témoin", "Modèle",
                                   "Imaginaire"} for name in names)
    assert progress.late_consultations(Market.objects.all(), today).exists()


def test_demo_is_idempotent(seeded):
    counts = (Market.objects.count(), MarketStatusChange.objects.count(),
              HoursDeclaration.objects.count(), Beneficiary.objects.count())
    call_command("seed_demo")
    assert counts == (Market.objects.count(), MarketStatusChange.objects.count(),
                      HoursDeclaration.objects.count(), Beneficiary.objects.count())


def test_demo_companies_have_a_valid_siret_a_contact_and_a_page(client, seeded):
    from django.contrib.auth import get_user_model

    from network import siret
    from network.models import Organisation

    companies = Organisation.objects.filter(slug__in=clauses_demo.DEMO_COMPANIES)
    assert companies.count() == len(clauses_demo.DEMO_COMPANIES)
    for company in companies:
        assert siret.is_valid(company.siret) and company.contacts.count() == 1
    builder = companies.get(slug="demo-batiments-exemple")
    client.force_login(get_user_model().objects.get(username="facilitateur.dijon"))
    response = client.get(f"/espace/entreprises/{builder.pk}/")
    assert response.status_code == 200
    assert response.context["obligations"].clauses


def test_a_demo_seeded_before_companies_gets_their_siret(seeded):
    from network.models import Organisation

    Organisation.objects.filter(slug__in=clauses_demo.DEMO_COMPANIES).update(siret="")
    Organisation.objects.filter(slug="demo-geiq-exemple").update(legal_form="SCIC")
    clauses_demo.seed()
    geiq = Organisation.objects.get(slug="demo-geiq-exemple")
    assert geiq.siret == clauses_demo.DEMO_COMPANIES["demo-geiq-exemple"][0]
    assert geiq.legal_form == "SCIC"  # an editor's change stays
    assert geiq.contacts.count() == 1


def test_demo_accounts_see_the_demo(client, seeded):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    client.force_login(users.get(username="facilitateur.dijon"))
    html = client.get("/espace/marches/").content.decode()
    assert "DEMO-DIJ-06" in html and "DEMO-NEV-06" not in html
    client.force_login(users.get(username="acheteur.cmra"))
    html = client.get("/espace/marches/").content.decode()
    assert "DEMO-DIJ-06" in html and "DEMO-NEV-06" in html


def test_the_demo_company_referent_has_hours_and_a_hire_awaiting_the_facilitator(client,
                                                                                  seeded):
    from django.contrib.auth import get_user_model

    from clauses.enums import DeclarationStatus, ProposalStatus
    from clauses.models import HireProposal
    from network.enums import Role
    from network.permissions import roles_of

    users = get_user_model().objects
    referent = users.get(username="entreprise.batiments")
    assert roles_of(referent) == {Role.MEMBER, Role.COMPANY_REFERENT}
    assert referent.profile.organisation.slug == "demo-batiments-exemple"
    waiting = HoursDeclaration.objects.get(status=DeclarationStatus.DECLARED)
    assert waiting.declared_by == referent
    assert waiting.placement.clause.market.reference == "DEMO-DIJ-06"
    assert waiting.month == (timezone.localdate().replace(day=1)
                             - timezone.timedelta(days=1)).replace(day=1)
    proposal = HireProposal.objects.get()
    assert proposal.status == ProposalStatus.PROPOSED and proposal.proposed_by == referent

    client.force_login(referent)
    space = client.get("/espace/entreprise/").content.decode()
    assert "Déclarée par l&#x27;entreprise" in space and "DEMO-DIJ-06" in space
    assert "Coffreur bancheur" in space
    client.force_login(users.get(username="facilitateur.dijon"))
    assert waiting.placement.beneficiary.pseudonym in client.get(
        "/espace/marches/heures/a-valider/").content.decode()
    assert "Coffreur bancheur" in client.get("/espace/marches/embauches/").content.decode()


def test_the_demo_company_steps_are_done_once(seeded):
    from clauses import demo_company
    from clauses.models import HireProposal

    counts = (HoursDeclaration.objects.count(), HireProposal.objects.count())
    demo_company.seed(timezone.localdate() + timezone.timedelta(days=40))
    assert counts == (HoursDeclaration.objects.count(), HireProposal.objects.count())
