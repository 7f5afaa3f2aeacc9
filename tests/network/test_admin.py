"""The network's screens in the Wagtail admin, with the anchored policy."""

import pytest
from wagtail.permissions import policy_registry

from network.enums import OrganisationKind, Role
from network.models import ActionItem, Meeting, Territory, Workspace
from network.permissions import AnchoredPermissionPolicy, roles_of, workspace_role
from tests.network import factories as f

pytestmark = pytest.mark.django_db


def test_the_policy_is_registered_for_anchored_models():
    for model in (Territory, Meeting, ActionItem, Workspace):
        assert isinstance(policy_registry.get_by_type(model), AnchoredPermissionPolicy)


def test_facilitator_sees_and_edits_only_their_territory(client):
    network = f.NetworkFactory()
    mine = f.TerritoryFactory(name="Bassin dijonnais", network=network)
    other = f.TerritoryFactory(name="Agglomération de Nevers", network=network)
    client.force_login(f.facilitator_of(mine))

    listing = client.get("/admin/territoires/").content.decode()
    edit_mine = client.get(f"/admin/territoires/edit/{mine.pk}/")
    edit_other = client.get(f"/admin/territoires/edit/{other.pk}/")

    assert "Bassin dijonnais" in listing and "Agglomération de Nevers" not in listing
    assert edit_mine.status_code == 200 and edit_other.status_code == 404
    # Moving the territory to another network or renaming its address is for administrators.
    html = edit_mine.content.decode()
    assert 'name="network"' not in html and 'name="slug"' not in html


def test_facilitator_saves_their_territory_but_not_another(client):
    mine = f.TerritoryFactory(name="Bassin dijonnais")
    other = f.TerritoryFactory(name="Nevers")
    client.force_login(f.facilitator_of(mine))
    data = {"name": "Bassin dijonnais et Val de Saône", "departements": '["21"]',
            "communes": '["21231"]', "description": "Côte-d'Or."}

    saved = client.post(f"/admin/territoires/edit/{mine.pk}/", data)
    refused = client.post(f"/admin/territoires/edit/{other.pk}/", data)

    assert saved.status_code == 302 and refused.status_code == 404
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.name == "Bassin dijonnais et Val de Saône" and other.name == "Nevers"


def test_facilitator_neither_creates_nor_deletes_territories(client):
    mine = f.TerritoryFactory()
    client.force_login(f.facilitator_of(mine))

    assert client.get("/admin/territoires/new/").status_code == 302  # back to the dashboard
    assert client.post(f"/admin/territoires/delete/{mine.pk}/").status_code == 404
    assert Territory.objects.filter(pk=mine.pk).exists()


def test_coordinator_sees_every_territory_of_their_network(client):
    network = f.NetworkFactory()
    a = f.TerritoryFactory(name="Sénonais", network=network)
    b = f.TerritoryFactory(name="Auxerrois", network=network)
    f.TerritoryFactory(name="PLIE de Bordeaux")
    client.force_login(f.coordinator_of(network))

    listing = client.get("/admin/territoires/").content.decode()

    assert a.name in listing and b.name in listing and "PLIE de Bordeaux" not in listing


def test_action_items_listing_and_form_offer_only_the_users_workspaces(client):
    mine = f.TerritoryFactory(name="Bassin dijonnais")
    other = f.TerritoryFactory(name="Nevers")
    f.ActionItemFactory(workspace=mine.workspace, description="Action de Dijon")
    f.ActionItemFactory(workspace=other.workspace, description="Action de Nevers")
    user = f.facilitator_of(mine)
    client.force_login(user)

    listing = client.get("/admin/actions/").content.decode()
    form = client.get("/admin/actions/new/").content.decode()
    sneaky = client.post("/admin/actions/new/", {
        "description": "Glissée chez Nevers", "workspace": other.workspace.pk, "status": "a_faire",
    })

    assert "Action de Dijon" in listing and "Action de Nevers" not in listing
    assert mine.workspace.name in form and other.workspace.name not in form
    assert sneaky.status_code == 200  # the form answers with an error
    assert not ActionItem.objects.filter(description="Glissée chez Nevers").exists()


def test_committee_members_keep_their_meetings_up_to_date_only(client):
    committee = f.CommitteeFactory()
    mine = f.MeetingFactory(committee=committee, title="Bilan à mi-parcours")
    other = f.MeetingFactory(title="Réunion d'un autre comité")
    member = f.committee_member_of(committee)
    f.facilitator_of(user=member)  # gives access to the admin

    client.force_login(member)

    assert client.get(f"/admin/reunions/edit/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/reunions/edit/{other.pk}/").status_code == 404


def test_members_without_a_facilitator_role_do_not_enter_the_admin(client):
    client.force_login(f.committee_member_of())

    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_administrator_grants_roles_from_the_accounts_screen(client):
    network = f.NetworkFactory()
    territory = f.TerritoryFactory(name="Bassin dijonnais", network=network)
    committee = f.CommitteeFactory()
    buyer = f.BuyerFactory()
    organisation = f.OrganisationFactory(name="MDEF du Bassin dijonnais")
    user = f.UserFactory(username="nouvelle.facilitatrice")
    client.force_login(f.administrator())
    url = f"/admin/comptes/edit/{user.profile.pk}/"

    page = client.get(url).content.decode()
    response = client.post(url, {
        "organisation": organisation.pk, "job_title": "Facilitatrice", "phone": "",
        "territories": [territory.pk], "networks": [], "buyers": [buyer.pk],
        "committees": [committee.pk], "is_editor": "on",
    })

    assert "Facilitateur des territoires" in page and "Coordinateur régional" in page
    assert response.status_code == 302
    user = type(user).objects.get(pk=user.pk)
    assert user.profile.organisation == organisation
    assert roles_of(user) == {Role.MEMBER, Role.TERRITORY_FACILITATOR, Role.BUYER_REFERENT,
                              Role.COMMITTEE_MEMBER, Role.EDITOR}
    assert workspace_role(user, territory.workspace) is not None


def test_unticking_a_role_takes_it_away(client):
    territory = f.TerritoryFactory()
    user = f.facilitator_of(territory)
    client.force_login(f.administrator())

    client.post(f"/admin/comptes/edit/{user.profile.pk}/", {
        "organisation": "", "job_title": "", "phone": "", "territories": [], "networks": [],
        "buyers": [], "committees": [],
    })

    user = type(user).objects.get(pk=user.pk)
    assert roles_of(user) == {Role.MEMBER}
    assert workspace_role(user, territory.workspace) is None


def test_wagtail_user_form_lists_the_role_groups_in_french(client):
    territory = f.TerritoryFactory(name="Bassin dijonnais")
    user = f.UserFactory()
    client.force_login(f.administrator())

    html = client.get(f"/admin/users/edit/{user.pk}/").content.decode()

    assert "Facilitateurs — Bassin dijonnais" in html
    assert f"Espace {territory.workspace.name} — gestionnaires" in html


def test_accounts_screen_is_for_administrators(client):
    client.force_login(f.facilitator_of())

    assert client.get("/admin/comptes/").status_code == 302


def test_administrator_makes_an_account_the_referent_of_a_company(client):
    company = f.OrganisationFactory(name="Bâtiments Exemple", kind=OrganisationKind.COMPANY)
    f.OrganisationFactory(name="PLIE partenaire", kind=OrganisationKind.PLIE)
    user = f.UserFactory(username="referente")
    client.force_login(f.administrator())
    url = f"/admin/comptes/edit/{user.profile.pk}/"

    page = client.get(url)
    response = client.post(url, {
        "organisation": company.pk, "job_title": "Responsable RH", "phone": "",
        "territories": [], "networks": [], "buyers": [], "committees": [],
        "companies": [company.pk],
    })

    # Companies only are offered: a partner organisation is no choice.
    assert "Référent des entreprises" in page.content.decode()
    offered = page.context["form"].fields["companies"].queryset
    assert [o.name for o in offered] == ["Bâtiments Exemple"]
    assert response.status_code == 302
    user = type(user).objects.get(pk=user.pk)
    assert roles_of(user) == {Role.MEMBER, Role.COMPANY_REFERENT}
    company.refresh_from_db()
    # The group an accepted invitation joins (network.roles.make_company_referent).
    assert user.groups.filter(pk=company.company_referents_group_id).exists()


def test_a_partner_organisation_cannot_be_given_company_referents(client):
    partner = f.OrganisationFactory(name="PLIE partenaire", kind=OrganisationKind.PLIE)
    user = f.UserFactory()
    client.force_login(f.administrator())

    response = client.post(f"/admin/comptes/edit/{user.profile.pk}/", {
        "organisation": "", "job_title": "", "phone": "", "territories": [], "networks": [],
        "buyers": [], "committees": [], "companies": [partner.pk],
    })

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert roles_of(type(user).objects.get(pk=user.pk)) == {Role.MEMBER}
    partner.refresh_from_db()
    assert partner.company_referents_group_id is None


def test_unticking_a_company_takes_the_referent_role_away(client):
    company = f.OrganisationFactory(kind=OrganisationKind.COMPANY)
    other = f.OrganisationFactory(kind=OrganisationKind.SIAE_EI)
    user = f.company_referent_of(company)
    f.company_referent_of(other, user=user)
    client.force_login(f.administrator())

    page = client.get(f"/admin/comptes/edit/{user.profile.pk}/")
    client.post(f"/admin/comptes/edit/{user.profile.pk}/", {
        "organisation": company.pk, "job_title": "", "phone": "", "territories": [],
        "networks": [], "buyers": [], "committees": [], "companies": [other.pk],
    })

    # Both companies were shown as held; only the one left ticked stays.
    assert set(page.context["form"].initial["companies"]) == {company, other}
    user = type(user).objects.get(pk=user.pk)
    company.refresh_from_db()
    other.refresh_from_db()
    assert not user.groups.filter(pk=company.company_referents_group_id).exists()
    assert user.groups.filter(pk=other.company_referents_group_id).exists()
    assert Role.COMPANY_REFERENT in roles_of(user)


def test_a_company_referent_does_not_grant_roles(client):
    company = f.OrganisationFactory(kind=OrganisationKind.COMPANY)
    referent = f.company_referent_of(company)
    client.force_login(referent)

    response = client.post(f"/admin/comptes/edit/{referent.profile.pk}/", {
        "organisation": company.pk, "job_title": "", "phone": "", "territories": [],
        "networks": [], "buyers": [], "committees": [], "companies": [company.pk],
        "is_editor": "on",
    })

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert roles_of(type(referent).objects.get(pk=referent.pk)) == {
        Role.MEMBER, Role.COMPANY_REFERENT}
