import datetime

import pytest

from tests.network import factories as f

pytestmark = pytest.mark.django_db


def _directory_rows(n):
    network = f.NetworkFactory()
    for i in range(n):
        organisation = f.OrganisationFactory(networks=[network])
        territory = f.TerritoryFactory(network=network, organisation=organisation,
                                       departements=["21", "89"][: 1 + i % 2])
        convention = f.ConventionFactory()
        f.ConventionPartyFactory(convention=convention, organisation=organisation)
        f.ConventionPartyFactory(convention=convention)
        convention.territories.add(territory)
        f.CommitteeFactory(convention=convention, network=network)


def test_directory_lists_networks_territories_conventions_and_committees(client):
    network = f.NetworkFactory(name="Union régionale des PLIE d'Aquitaine", acronym="URPA")
    plie = f.OrganisationFactory(name="PLIE des Graves", networks=[network])
    f.TerritoryFactory(name="PLIE des Graves", departements=["33"], network=network,
                       organisation=plie)
    f.TerritoryFactory(name="Bassin dijonnais", departements=["21"])
    convention = f.ConventionFactory(
        title="Accord-cadre CUB / URPA", signed_on=datetime.date(2009, 6, 15),
        ends_on=datetime.date(2011, 12, 31),
    )
    f.CommitteeFactory(name="Comité de pilotage CUB / URPA", convention=convention)

    html = client.get("/reseau/").content.decode()

    assert "Union régionale des PLIE d&#x27;Aquitaine (URPA)" in html
    assert "1 organisation membre" in html
    # Territories under their département, with its name.
    assert html.index("Côte-d&#x27;Or (21)") < html.index("Bassin dijonnais")
    assert html.index("Gironde (33)") < html.index("PLIE des Graves</a>")
    assert "Accord-cadre CUB / URPA" in html and "Échue" in html
    assert "Comité de pilotage CUB / URPA" in html
    assert "Comité de pilotage</span>" in html


def test_directory_keeps_its_query_budget_as_rows_grow(client, django_assert_max_num_queries):
    _directory_rows(3)
    with django_assert_max_num_queries(10):
        small = client.get("/reseau/")
    _directory_rows(30)
    with django_assert_max_num_queries(10):
        large = client.get("/reseau/")

    assert small.status_code == large.status_code == 200
    assert large.content.decode().count("/reseau/conventions/") == 33


def test_directory_query_budget_holds_for_a_signed_in_member(
    client, django_assert_max_num_queries
):
    _directory_rows(20)
    # A facilitator also gets Wagtail's user bar (base.html), which reads their
    # admin permissions and Wagtail profile: the budget holds with it.
    client.force_login(f.facilitator_of())
    client.get("/reseau/")
    with django_assert_max_num_queries(10):
        assert client.get("/reseau/").status_code == 200


def test_convention_page_shows_parties_signatories_and_ordered_commitments(client):
    state = f.OrganisationFactory(name="Préfecture de la région Bourgogne")
    union = f.OrganisationFactory(name="URMDEF-PLIE de Bourgogne")
    convention = f.ConventionFactory(
        title="Convention État / URMDEF-PLIE", signed_at="Dijon",
        signed_on=datetime.date(2013, 3, 15), ends_on=datetime.date(2014, 12, 31),
    )
    f.ConventionPartyFactory(convention=convention, organisation=state,
                             signatory_name="Pascal MAILHOS", signatory_title="Préfet")
    f.ConventionPartyFactory(convention=convention, organisation=union,
                             signatory_name="Guy PARIS", signatory_title="Président")
    for order, (organisation, article, text) in enumerate([
        (union, "Article 3", "Collaborer au repérage des marchés"),
        (union, "Article 3", "Se coordonner entre eux"),
        (state, "Article 4", "Transmettre les prévisions des marchés"),
    ]):
        f.ConventionCommitmentFactory(convention=convention, organisation=organisation,
                                      article=article, text=text, sort_order=order)

    html = client.get(convention.get_absolute_url()).content.decode()

    assert "Pascal MAILHOS, Préfet" in html and "Guy PARIS, Président" in html
    assert "à Dijon" in html and "31 décembre 2014" in html and "Échue" in html
    assert (html.index("Collaborer au repérage")
            < html.index("Se coordonner") < html.index("Transmettre les prévisions"))
    assert "Article 4 — Préfecture de la région Bourgogne" in html


def test_contacts_are_shown_to_signed_in_members_only(client):
    organisation = f.OrganisationFactory(name="PLIE de Bordeaux")
    f.ContactFactory(organisation=organisation, name="Claire Facilitatrice",
                     email="claire@plie.example", phone="05 56 00 00 00")
    territory = f.TerritoryFactory(organisation=organisation)

    anonymous_pages = [client.get(organisation.get_absolute_url()).content.decode(),
                       client.get(territory.get_absolute_url()).content.decode()]
    client.force_login(f.member())
    member_pages = [client.get(organisation.get_absolute_url()).content.decode(),
                    client.get(territory.get_absolute_url()).content.decode()]

    for html in anonymous_pages:
        assert "claire@plie.example" not in html and "05 56 00 00 00" not in html
        assert "réservées aux membres du réseau" in html
    for html in member_pages:
        assert "claire@plie.example" in html and "05 56 00 00 00" in html


def test_committee_page_announces_public_meetings_and_hides_members_from_visitors(client):
    committee = f.CommitteeFactory(name="Comité de pilotage CUB / URPA")
    f.MeetingFactory(committee=committee, title="Bilan à mi-parcours", is_public=True,
                     place="Hôtel de la CUB", attendees="Élus de l'URPA")
    f.MeetingFactory(committee=committee, title="Préparation interne", is_public=False)
    member = f.committee_member_of(committee, first_name="Noël", last_name="Membre")

    visitor = client.get(committee.get_absolute_url()).content.decode()
    client.force_login(member)
    signed_in = client.get(committee.get_absolute_url()).content.decode()

    assert "Bilan à mi-parcours" in visitor and "Préparation interne" not in visitor
    assert "Hôtel de la CUB" not in visitor and "Élus de l&#x27;URPA" not in visitor
    assert "Noël Membre" not in visitor
    assert "Préparation interne" in signed_in and "Hôtel de la CUB" in signed_in
    assert "Noël Membre" in signed_in
    assert "Ouvrir l'espace de travail du comité" in signed_in


def test_territory_page_links_to_its_workspace_for_its_facilitator_only(client):
    territory = f.TerritoryFactory(name="Bassin dijonnais", slug="bassin-dijonnais")
    client.force_login(f.member())
    assert "/espace/territoires/bassin-dijonnais/" not in client.get(
        territory.get_absolute_url()).content.decode()

    client.force_login(f.facilitator_of(territory))
    assert "/espace/territoires/bassin-dijonnais/" in client.get(
        territory.get_absolute_url()).content.decode()


def test_detail_pages_answer_404_for_unknown_slugs(client):
    for prefix in ("reseaux", "organisations", "territoires", "conventions", "comites"):
        assert client.get(f"/reseau/{prefix}/inconnu/").status_code == 404


def test_network_and_organisation_pages(client):
    network = f.NetworkFactory(name="Alliance Villes Emploi", acronym="AVE")
    organisation = f.OrganisationFactory(name="MDEF du Bassin dijonnais", networks=[network])
    territory = f.TerritoryFactory(name="Bassin dijonnais", network=network,
                                   organisation=organisation)

    network_html = client.get(network.get_absolute_url()).content.decode()
    organisation_html = client.get(organisation.get_absolute_url()).content.decode()

    assert "MDEF du Bassin dijonnais" in network_html and territory.name in network_html
    assert "Alliance Villes Emploi" in organisation_html
    assert "Territoires animés" in organisation_html


def test_organisation_list_filters_by_kind_and_paginates(client, django_assert_max_num_queries):
    f.OrganisationFactory.create_batch(55, kind="plie")
    f.OrganisationFactory(name="Ville de Bègles", kind="collectivite")

    with django_assert_max_num_queries(4):
        page_one = client.get("/reseau/organisations/?type=plie").content.decode()
    authorities = client.get("/reseau/organisations/?type=collectivite").content.decode()

    assert "Page 1 sur 2" in page_one and "Ville de Bègles" not in page_one
    assert "Ville de Bègles" in authorities
