"""The choices a form offers are what the person may use: clauses they see, people they
follow, companies as employers."""

import pytest
from django.urls import reverse

from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    GlobalisationAgreementFactory,
    LotFactory,
    MarketFactory,
)
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _options(response, field):
    return set(response.context["form"].fields[field].queryset)


def test_the_admin_s_credited_clauses_are_those_the_person_sees(client, world):
    hidden = ClauseFactory(market=MarketFactory(lead_territory=world.nevers))
    client.force_login(world.users["facilitateur_territoire"])

    offered = _options(client.get("/admin/heures-declarees/new/"), "credited_clause")

    assert world.clause in offered and hidden not in offered


def test_the_member_form_credits_the_placement_s_clause_or_a_globalised_one(client, world):
    contractor = world.clause.lot.contractor
    pooled = ClauseFactory(market=MarketFactory(lead_territory=world.dijon),
                           lot=LotFactory(contractor=contractor))
    GlobalisationAgreementFactory(contractor=contractor, clauses=[world.clause, pooled])
    unrelated = ClauseFactory(market=MarketFactory(lead_territory=world.dijon))
    client.force_login(world.users["facilitateur_territoire"])

    offered = _options(
        client.get(reverse("clauses:declaration_create", args=[world.placement.pk])),
        "credited_clause",
    )

    assert offered == {world.clause, pooled}
    assert unrelated not in offered


def test_a_placement_offers_the_people_followed_and_companies_only(client, world):
    stranger = BeneficiaryFactory(territory=world.nevers)
    plie = OrganisationFactory(kind="plie")
    client.force_login(world.users["facilitateur_territoire"])

    response = client.get(reverse("clauses:placement_create", args=[world.market.pk]))

    assert world.beneficiary in _options(response, "beneficiary")
    assert stranger not in _options(response, "beneficiary")
    assert plie not in _options(response, "employer")
