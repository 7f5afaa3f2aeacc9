"""Every channel offers and accepts the right kind of organisation: a buyer list buyers, a
contractor or employer list companies (entreprise, SIAE, GEIQ, EA, ESAT), never a
partner of the network (PLIE, MDE, prescriber) — member forms, the admin, the
operations and the imports alike. (The API writes no market, lot or placement.)"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clauses.imports.forecasts import import_forecasts
from clauses.operations import forecasts, globalisation, placements
from clauses.operations import markets as market_ops
from clauses.operations.common import SYSTEM
from network.enums import BUYER_KINDS, COMPANY_KINDS, OrganisationKind
from tests.clauses.factories import ClauseFactory, ContractorFactory, MarketFactory
from tests.network.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(world):
    return {
        "company": ContractorFactory(name="Entreprise fictive"),
        "esat": ContractorFactory(kind=OrganisationKind.ESAT, name="ESAT fictif"),
        "plie": OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE fictif"),
        "prescriber": OrganisationFactory(kind=OrganisationKind.PRESCRIBER, name="Prescripteur"),
        "buyer": world.buyer,
    }


def _offered(response, field):
    return set(response.context["form"].fields[field].queryset)


def _companies_only(offered, kinds):
    assert kinds["company"] in offered and kinds["esat"] in offered
    assert not offered & {kinds["plie"], kinds["prescriber"], kinds["buyer"]}


def _buyers_only(offered, kinds):
    assert kinds["buyer"] in offered
    assert not offered & {kinds["plie"], kinds["prescriber"], kinds["company"], kinds["esat"]}


def test_the_kinds_split_the_organisations():
    assert not set(COMPANY_KINDS) & set(BUYER_KINDS)
    assert {OrganisationKind.EA, OrganisationKind.ESAT, OrganisationKind.GEIQ,
            OrganisationKind.SIAE_ACI} <= set(COMPANY_KINDS)
    assert OrganisationKind.PLIE not in COMPANY_KINDS + BUYER_KINDS


def test_member_forms(client, world, kinds):
    client.force_login(world.users["facilitateur_territoire"])
    market = world.market
    _companies_only(_offered(client.get(reverse("clauses:lot_create", args=[market.pk])),
                             "contractor"), kinds)
    _buyers_only(_offered(client.get(reverse("clauses:market_edit", args=[market.pk])),
                          "buyer"), kinds)
    _companies_only(_offered(client.get(reverse("clauses:placement_create", args=[market.pk])),
                             "employer"), kinds)


def test_the_forecast_form_offers_the_referent_s_buyer(client, world, kinds):
    client.force_login(world.users["referent_acheteur"])
    offered = _offered(client.get(reverse("clauses:forecast_create")), "buyer")
    assert offered == {world.buyer}


@pytest.mark.parametrize("path, field, check", [
    ("/admin/lots-marches/new/", "contractor", _companies_only),
    ("/admin/accords-globalisation/new/", "contractor", _companies_only),
    ("/admin/placements/new/", "employer", _companies_only),
    ("/admin/marches/new/", "buyer", _buyers_only),
])
def test_admin_forms(client, world, kinds, path, field, check):
    client.force_login(world.users["coordinateur"])
    check(_offered(client.get(path), field), kinds)


def test_the_admin_s_buyer_referent_roles_offer_buyers(client, kinds):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    _buyers_only(_offered(client.get("/admin/comptes/new/"), "buyers"), kinds)


def test_operations_refuse_the_wrong_kind(world, kinds):
    user = world.users["facilitateur_territoire"]
    with pytest.raises(ValidationError) as refused:
        market_ops.save_lot(user, world.market, None, number=9, title="Lot",
                            contractor=kinds["plie"])
    assert "contractor" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        market_ops.create_market(user, reference="X-1", title="Marché", buyer=kinds["company"],
                                 lead_territory=world.dijon, programme_year=2025,
                                 category="travaux")
    assert "acheteur public" in " ".join(refused.value.message_dict["buyer"])
    with pytest.raises(ValidationError) as refused:
        market_ops.edit_market(user, world.market, version=None, buyer=kinds["plie"])
    assert "buyer" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        placements.change_placement(user, world.placement, version=None, employer=kinds["buyer"])
    assert "employer" in refused.value.message_dict
    other = ClauseFactory(market=MarketFactory(lead_territory=world.dijon))
    with pytest.raises(ValidationError) as refused:
        globalisation.agree_globalisation(user, title="Accord", contractor=kinds["plie"],
                                          clauses=[world.clause, other])
    assert "contractor" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        forecasts.submit_forecast(SYSTEM, reference="P-1", title="Prévision",
                                  buyer=kinds["company"], lead_territory=world.dijon,
                                  programme_year=2026, category="services")
    assert "buyer" in refused.value.message_dict


def test_an_old_market_bought_by_a_partner_is_still_edited_for_other_fields(world, kinds):
    world.market.__class__.objects.filter(pk=world.market.pk).update(buyer=kinds["plie"])
    world.market.refresh_from_db()
    changed = market_ops.edit_market(world.users["facilitateur_territoire"], world.market,
                                     version=None, title="Intitulé corrigé")
    assert changed == ["title"]


def test_the_forecast_import_takes_buyers_only(world, kinds, tmp_path):
    path = tmp_path / "previsions.csv"
    path.write_text(
        "reference;intitule;acheteur;territoire;annee;categorie\n"
        f"P-9;Prévision;{kinds['company'].slug};{world.dijon.slug};2026;Services\n",
        encoding="utf-8",
    )
    report = import_forecasts(path)
    assert not report.ok
    assert "inconnu" in report.errors[0].message
