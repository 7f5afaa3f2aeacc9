import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from network import demo
from network.enums import ConventionStatus, Role
from network.models import (
    Committee,
    Convention,
    ConventionCommitment,
    Meeting,
    Network,
    Organisation,
    Territory,
)
from network.permissions import roles_of

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "admin", "editeur", "coordination.bourgogne", "facilitateur.dijon", "facilitateur.nevers",
    "acheteur.cmra", "membre.urpa", "entreprise.batiments",
}


@pytest.fixture
def seeded(settings):
    settings.DEMO_PASSWORD = "mot-de-passe-de-demo"
    demo.seed()


def test_seed_loads_the_networks_and_territories_of_both_seeds(seeded):
    assert set(Network.objects.values_list("acronym", flat=True)) >= {
        "AVE", "IDEAL", "URPA", "URMDEF-PLIE", "ACUF"}
    bourgogne = Territory.objects.filter(network__slug="urmdef-plie-bourgogne")
    cub = Territory.objects.filter(network__slug="urpa")
    assert bourgogne.count() == 10 and cub.count() == 6
    assert Territory.objects.get(slug="bassin-dijonnais").departements == ["21"]
    assert Territory.objects.get(slug="agglomeration-nevers").departements == ["58"]
    assert Organisation.objects.get(acronym="CMRA").kind == "achat_etat"


def test_seed_loads_both_conventions_with_parties_dates_and_commitments(seeded):
    bourgogne = Convention.objects.get(slug="convention-etat-urmdef-plie-bourgogne")
    cub = Convention.objects.get(slug="accord-cadre-cub-urpa")

    parties = {p.signatory_name: p for p in bourgogne.parties.all()}
    assert set(parties) == {"Pascal MAILHOS", "Guy PARIS"}
    assert bourgogne.signed_at == "Dijon" and str(bourgogne.ends_on) == "2014-12-31"
    assert bourgogne.status == ConventionStatus.EXPIRED
    articles = list(bourgogne.commitments.order_by("sort_order").values_list("article", flat=True))
    assert articles == ["Article 3"] * 4 + ["Article 4"] * 6
    assert "date indicative" in bourgogne.summary.lower()

    assert {p.signatory_name for p in cub.parties.all()} == {"Noël MAMERE", "Vincent FELTESSE"}
    assert "Franck Maurras" in cub.parties.get(signatory_name="Vincent FELTESSE").signatory_title
    assert (cub.signed_on.year, cub.ends_on.year) == (2009, 2011)
    assert cub.territories.count() == 6


def test_seed_loads_the_steering_committee_with_its_three_meetings(seeded):
    copil = Committee.objects.get(slug="copil-cub-urpa")
    real_meetings = Meeting.objects.filter(committee=copil)

    assert copil.convention.slug == "accord-cadre-cub-urpa"
    assert real_meetings.count() == 3
    assert [m.starts_at.year for m in real_meetings] == [2009, 2011, 2011]
    assert all("Date indicative" in m.agenda for m in real_meetings)
    assert Committee.objects.get(slug="reseau-facilitateurs-bourgogne").kind == (
        "reseau_facilitateurs")


def test_seed_is_idempotent_and_keeps_editors_changes(seeded):
    Territory.objects.filter(slug="bassin-dijonnais").update(name="Bassin dijonnais (modifié)")
    counts = [model.objects.count() for model in (
        Network, Organisation, Territory, Convention, ConventionCommitment, Committee, Meeting,
        get_user_model(),
    )]

    demo.seed()

    assert counts == [model.objects.count() for model in (
        Network, Organisation, Territory, Convention, ConventionCommitment, Committee, Meeting,
        get_user_model(),
    )]
    assert Territory.objects.get(slug="bassin-dijonnais").name == "Bassin dijonnais (modifié)"


def test_one_demo_account_per_role_signs_in_with_the_demo_password(seeded):
    User = get_user_model()
    expected_roles = {
        "admin": Role.ADMINISTRATOR,
        "editeur": Role.EDITOR,
        "coordination.bourgogne": Role.REGIONAL_COORDINATOR,
        "facilitateur.dijon": Role.TERRITORY_FACILITATOR,
        "facilitateur.nevers": Role.TERRITORY_FACILITATOR,
        "acheteur.cmra": Role.BUYER_REFERENT,
        "membre.urpa": Role.COMMITTEE_MEMBER,
    }
    for username, role in expected_roles.items():
        user = User.objects.get(username=username)
        assert user.check_password("mot-de-passe-de-demo"), username
        assert role in roles_of(user), username


def test_demo_facilitators_reach_their_own_territory_workspace_only(seeded):
    client = Client()
    client.post("/compte/connexion/", {"username": "facilitateur.dijon",
                                       "password": "mot-de-passe-de-demo"})

    assert client.get("/espace/territoires/bassin-dijonnais/").status_code == 200
    assert client.get("/espace/territoires/agglomeration-nevers/").status_code == 403


def test_demo_member_reaches_the_steering_committee_workspace(seeded):
    client = Client()
    client.force_login(get_user_model().objects.get(username="membre.urpa"))

    html = client.get("/espace/").content.decode()

    assert "Comité de pilotage de l&#x27;accord-cadre CUB / URPA" in html
    assert client.get("/espace/comites/copil-cub-urpa/").status_code == 200


def test_no_demo_account_under_production_settings(settings):
    settings.SETTINGS_MODULE = "portal.settings.production"

    demo.seed()

    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
    assert Convention.objects.count() == 2  # the real entities are still there


def test_demo_accounts_can_be_switched_off(settings):
    settings.DEMO_ACCOUNTS_ENABLED = False

    demo.seed()

    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
