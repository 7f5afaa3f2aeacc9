"""Company records (/espace/entreprises/): facilitators create and correct them, one per
SIRET, with their contacts; a company's page is open to the facilitators of every
territory where it holds a clause, and to nobody else."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from clauses import notifications as news
from clauses.enums import MarketStatus
from clauses.models import PersonalDataLog
from network.enums import OrganisationKind
from network.models import Contact, Organisation
from network.notifications import notify
from network.permissions import (
    Action,
    anchors_for,
    filter_queryset,
    has_permission,
    may_manage_companies,
)
from tests.clauses.factories import (
    BeneficiaryFactory,
    ClauseFactory,
    ContractorFactory,
    ExchangedDocumentFactory,
    FollowUpMeetingFactory,
    HoursDeclarationFactory,
    LotFactory,
    MarketFactory,
    PlacementFactory,
)
from tests.network.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SIRET = "00005678900019"
ROLES = ["facilitateur_territoire", "facilitateur_autre_territoire", "coordinateur",
         "referent_acheteur", "referent_autre_acheteur", "membre", "anonyme"]
PAGE = {"facilitateur_territoire": 200, "facilitateur_autre_territoire": 404,
        "coordinateur": 200, "referent_acheteur": 404, "referent_autre_acheteur": 404,
        "membre": 404}
# Keeping the records: facilitators and coordinators, whichever territory.
RECORDS = {"facilitateur_territoire": 200, "facilitateur_autre_territoire": 200,
           "coordinateur": 200, "referent_acheteur": 403, "referent_autre_acheteur": 403,
           "membre": 403}


def _login(client, world, role):
    if role != "anonyme":
        client.force_login(world.users[role])


def _company(world):
    return world.clause.lot.contractor


def _new(**overrides):
    return {"name": "Maçonnerie Fictive SAS", "kind": "entreprise", "siret": "000 056 789 00019",
            "legal_form": "SAS", "naf_code": "43.99C", "city": "Dijon", "postal_code": "21000",
            **overrides}


@pytest.mark.parametrize("role", ROLES)
def test_the_company_page_matrix(client, world, role):
    company = _company(world)
    _login(client, world, role)

    response = client.get(reverse("clauses:company_detail", args=[company.pk]))

    if role == "anonyme":
        assert response.status_code == 302
        return
    assert response.status_code == PAGE[role]
    user = world.users[role]
    assert has_permission(user, Action.VIEW, company) is (PAGE[role] == 200)
    listed = filter_queryset(user, Action.VIEW, Organisation.objects.filter(pk=company.pk))
    assert listed.exists() is (PAGE[role] == 200)


def test_a_co_territory_opens_the_page_a_mere_employer_has_none(client, world):
    nevers = world.users["facilitateur_autre_territoire"]
    company = _company(world)
    assert not has_permission(nevers, Action.VIEW, company)
    world.market.territories.add(world.nevers)
    assert has_permission(nevers, Action.VIEW, company)
    # An ETTI employing someone on a clause without holding a lot keeps a record, no page.
    etti = ContractorFactory(kind=OrganisationKind.SIAE_ETTI)
    PlacementFactory(clause=ClauseFactory(market=MarketFactory(lead_territory=world.nevers)),
                     employer=etti)
    assert not has_permission(nevers, Action.VIEW, etti)
    etti_lot = LotFactory(market=MarketFactory(lead_territory=world.nevers), contractor=etti)
    assert has_permission(nevers, Action.VIEW, etti) and etti_lot.pk


def test_a_partner_is_no_company_page(client, world):
    plie = OrganisationFactory(kind=OrganisationKind.PLIE)
    client.force_login(world.users["coordinateur"])
    assert client.get(reverse("clauses:company_detail", args=[plie.pk])).status_code == 404
    assert client.get(reverse("clauses:company_edit", args=[plie.pk])).status_code == 404


def test_seeing_a_company_opens_no_other_action_on_it(world):
    for action in Action:
        if action == Action.FOLLOW_UP_COMPANY:
            # Following it up is the territory half of seeing it, nothing more.
            assert anchors_for(Organisation, action) == {
                "territory": anchors_for(Organisation, Action.VIEW)["territory"]}
        elif action != Action.VIEW:
            assert anchors_for(Organisation, action) == {"buyer": "pk"}, action
    assert not has_permission(world.users["facilitateur_territoire"], Action.CHANGE,
                              _company(world))


@pytest.mark.parametrize("role", ROLES)
def test_who_keeps_the_records(client, world, role):
    _login(client, world, role)
    for url in (reverse("clauses:company_list"), reverse("clauses:company_create"),
                reverse("clauses:company_edit", args=[_company(world).pk])):
        response = client.get(url)
        if role == "anonyme":
            assert response.status_code == 302
        else:
            assert response.status_code == RECORDS[role], url


def test_a_facilitator_creates_a_company(client, world):
    client.force_login(world.users["facilitateur_autre_territoire"])

    response = client.post(reverse("clauses:company_create"), _new())

    company = Organisation.objects.get(siret=SIRET)
    assert company.kind == OrganisationKind.COMPANY and company.siren == "000056789"
    assert company.naf_code == "43.99C" and company.slug
    # No clause anywhere yet: its page is not open, the list finds it.
    assert response.status_code == 302 and SIRET in response["Location"]
    listing = client.get(response["Location"]).content.decode()
    assert "Maçonnerie Fictive SAS" in listing


@pytest.mark.parametrize("overrides, field, message", [
    ({"siret": "00005678900018"}, "siret", "clé de contrôle"),
    ({"siret": "123"}, "siret", "14 chiffres"),
    ({"kind": "plie"}, "kind", ""),
    ({"naf_code": "4399"}, "naf_code", "code NAF"),
])
def test_a_wrong_record_is_refused_and_nothing_written(client, world, overrides, field, message):
    client.force_login(world.users["facilitateur_territoire"])
    before = Organisation.objects.count()

    response = client.post(reverse("clauses:company_create"), _new(**overrides))

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert message in " ".join(response.context["form"].errors[field])
    assert Organisation.objects.count() == before


def test_one_record_per_siret(client, world):
    OrganisationFactory(kind=OrganisationKind.COMPANY, name="Déjà là", siret=SIRET)
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(reverse("clauses:company_create"), _new())

    assert response.status_code == 400
    assert "déjà celui de « Déjà là »" in " ".join(response.context["form"].errors["siret"])


def test_a_facilitator_corrects_a_record_and_its_contacts(client, world):
    company = _company(world)
    client.force_login(world.users["facilitateur_territoire"])

    response = client.post(reverse("clauses:company_edit", args=[company.pk]),
                           _new(name="Nom corrigé", kind="siae_ei"))
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name, company.kind, company.siret) == ("Nom corrigé", "siae_ei", SIRET)

    client.post(reverse("clauses:contact_create", args=[company.pk]), {
        "name": "Claire Fictive", "job_title": "Responsable RH", "email": "rh@exemple.fr",
        "phone": "03 80 00 00 01"})
    contact = Contact.objects.get(organisation=company)
    assert contact.job_title == "Responsable RH"
    response = client.post(reverse("clauses:contact_edit", args=[company.pk, contact.pk]),
                           {"name": "Claire Fictive", "email": "pas-un-courriel"})
    assert response.status_code == 400
    page = client.get(reverse("clauses:company_detail", args=[company.pk])).content.decode()
    assert "rh@exemple.fr" in page and "Responsable RH" in page
    client.post(reverse("clauses:contact_delete", args=[company.pk, contact.pk]))
    assert not Contact.objects.filter(organisation=company).exists()


def test_a_partner_s_contact_is_not_reached_through_a_company(client, world):
    other = ContactFactory(organisation=OrganisationFactory(kind=OrganisationKind.PLIE))
    company = _company(world)
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:contact_delete", args=[company.pk, other.pk])
    assert client.post(url).status_code == 404
    assert Contact.objects.filter(pk=other.pk).exists()


def test_the_list_searches_by_name_and_siret(client, world):
    OrganisationFactory(kind=OrganisationKind.GEIQ, name="GEIQ fictif", siret=SIRET)
    OrganisationFactory(kind=OrganisationKind.PLIE, name="PLIE à ne pas lister")
    client.force_login(world.users["facilitateur_territoire"])

    by_siret = client.get(reverse("clauses:company_list"), {"q": "000 0567"}).content.decode()
    by_name = client.get(reverse("clauses:company_list"), {"q": "geiq"}).content.decode()
    everything = client.get(reverse("clauses:company_list")).content.decode()

    assert "GEIQ fictif" in by_siret and "GEIQ fictif" in by_name
    assert _company(world).name not in by_name
    assert "PLIE à ne pas lister" not in everything
    # Only the pages the person may open are links.
    page = reverse("clauses:company_detail", args=[_company(world).pk])
    assert page in everything


@pytest.fixture
def spread(world):
    """The world's contractor also holds a clause in Nevers, with a Nevers person on it."""
    company = _company(world)
    market = MarketFactory(buyer=world.other_buyer, lead_territory=world.nevers,
                           status=MarketStatus.IN_EXECUTION, reference="NEV-SECRET-1",
                           execution_starts_on=datetime.date(2025, 1, 1),
                           execution_ends_on=datetime.date(2025, 12, 31))
    clause = ClauseFactory(market=market, lot=LotFactory(market=market, contractor=company),
                           required_hours=Decimal("300"))
    person = BeneficiaryFactory(territory=world.nevers, last_name="Nivernais")
    HoursDeclarationFactory(placement=PlacementFactory(clause=clause, beneficiary=person),
                            hours_worked=Decimal("40"))
    return clause


def test_the_page_shows_every_clause_and_hides_other_territories_details(client, world, spread):
    client.force_login(world.users["facilitateur_territoire"])

    response = client.get(reverse("clauses:company_detail", args=[_company(world).pk]))

    obligations = response.context["obligations"]
    assert [c.pk for c in obligations.clauses] == [world.clause.pk]
    assert [(o.name, o.clauses, o.required, o.done) for o in obligations.others] == [
        ("Agglomération de Nevers", 1, Decimal("300"), Decimal("40"))]
    assert (obligations.required, obligations.done) == (Decimal("1500"), Decimal("160"))
    html = response.content.decode()
    assert world.market.reference in html
    assert "NEV-SECRET-1" not in html and "Nivernais" not in html
    assert "Testelin" in html  # the Dijon person, whom this facilitator follows


def test_a_coordinator_reads_both_territories(client, world, spread):
    client.force_login(world.users["coordinateur"])
    response = client.get(reverse("clauses:company_detail", args=[_company(world).pk]))
    assert len(response.context["obligations"].clauses) == 2
    assert not response.context["obligations"].others
    assert "Nivernais" in response.content.decode()
    assert PersonalDataLog.objects.filter(context__startswith="Entreprise").exists()


def test_a_co_territory_sees_the_placement_but_not_the_name(client, world):
    world.market.territories.add(world.nevers)
    client.force_login(world.users["facilitateur_autre_territoire"])
    response = client.get(reverse("clauses:company_detail", args=[_company(world).pk]))
    html = response.content.decode()
    assert world.beneficiary.pseudonym in html and "Testelin" not in html


def test_the_timeline_tells_the_follow_up(client, world):
    notify(news.CLAUSE_BEHIND, [world.users["facilitateur_territoire"]], about=world.clause,
           url=world.market.get_absolute_url(), label=str(world.market),
           title="Clause en retard : rappel fictif", period="2025-03")
    client.force_login(world.users["coordinateur"])

    response = client.get(reverse("clauses:company_detail", args=[_company(world).pk]))

    labels = {event.label for event in response.context["timeline"]}
    assert {"Placement commencé", "Heures déclarées", "Marché"} <= labels
    texts = " ".join(event.text for event in response.context["timeline"])
    assert "Clause en retard : rappel fictif (1 destinataire)" in texts
    assert "Février 2025 : 120 h pour 1 placement" in texts


def _grow(world, company, size: int) -> None:
    """`size` more placements, documents exchanged, meetings and contacts."""
    for index in range(size):
        PlacementFactory(clause=world.clause, beneficiary=BeneficiaryFactory(territory=world.dijon))
        ExchangedDocumentFactory(company=company, market=world.market,
                                 created_by=world.users["coordinateur"])
        FollowUpMeetingFactory(company=company, contact=ContactFactory(organisation=company),
                               created_by=world.users["facilitateur_territoire"],
                               next_step_on=datetime.date(2025, 4, 1 + index))


def test_the_page_reads_a_fixed_number_of_queries(client, world, spread, settings, tmp_path,
                                                  django_assert_max_num_queries):
    """Whatever the number of placements, documents exchanged and meetings."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    company = _company(world)
    client.force_login(world.users["facilitateur_territoire"])
    url = reverse("clauses:company_detail", args=[company.pk])
    client.get(url)  # the caches of a first request (content types, session) filled
    counts = []
    for size in (1, 6):
        _grow(world, company, size)
        with django_assert_max_num_queries(24) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["documents"]) == len(response.context["meetings"])
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_anonymous_is_not_a_manager(world):
    assert not may_manage_companies(AnonymousUser())
    assert may_manage_companies(world.users["coordinateur"])
