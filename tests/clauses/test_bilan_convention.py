"""A convention's bilan (mid-term or final), filed in its steering committee's collection
so that an editor can attach it to the meeting's minutes."""

import datetime
import html
from decimal import Decimal

import pytest
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from clauses.bilans.convention import BILAN_TAG
from tests.clauses import bilan_helpers
from tests.clauses.bilan_factories import build_dataset
from tests.network.factories import (
    CommitteeFactory,
    ConventionFactory,
    administrator,
    committee_member_of,
    coordinator_of,
    editor,
    facilitator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = build_dataset()
    data.committee = CommitteeFactory(name="Comité de pilotage Bourgogne",
                                      convention=data.convention)
    return data


def url(data):
    return f"/espace/bilans/conventions/{data.convention.slug}/"


def test_the_final_bilan_covers_the_whole_validity(client, data):
    client.force_login(coordinator_of(data.network))

    response = client.get(url(data))

    assert response.status_code == 200
    assert response.context["bilan"]["heures_realisees"]["total"] == Decimal("710.00")
    assert "Validité de la convention, du 01/01/2023 au 31/12/2024" in response.content.decode()


def test_the_mid_term_bilan_stops_at_the_chosen_date(client, data):
    client.force_login(coordinator_of(data.network))

    response = client.get(url(data), {"bilan": "mi-parcours", "arrete_au": "2023-12-31"})

    assert response.context["bilan"]["heures_realisees"]["total"] == Decimal("200.00")
    assert response.context["scope"].period.end == datetime.date(2023, 12, 31)


def test_a_committee_member_files_it_for_the_minutes(client, data):
    user = committee_member_of(data.committee, user=coordinator_of(data.network))
    client.force_login(user)

    response = client.post(url(data), {"bilan": "mi-parcours", "arrete_au": "2023-12-31",
                                       "comite": data.committee.pk}, follow=True)

    document = get_document_model().objects.get(tags__name=BILAN_TAG)
    assert document.collection_id == data.committee.workspace.collection_id
    assert document.uploaded_by_user == user
    assert document.title.startswith("Bilan à mi-parcours — Convention État / URMDEF-PLIE")
    assert document.file.name.endswith(".xlsx")
    with document.file.open("rb") as handle:
        numbers = bilan_helpers.from_xlsx(handle.read())
    assert numbers[("heures_realisees", "", "total", "")] == Decimal("200")
    page = html.unescape(response.content.decode())
    assert "un éditeur membre du comité, ou un administrateur, peut maintenant le joindre" in page
    assert document.title in page  # listed among the bilans already filed


def test_only_committee_members_file_in_its_collection(client, data):
    client.force_login(coordinator_of(data.network))

    page = html.unescape(client.get(url(data)).content.decode())
    response = client.post(url(data), {"bilan": "final", "comite": data.committee.pk})

    assert "Seuls les membres du comité « Comité de pilotage Bourgogne »" in page
    assert response.status_code == 403
    assert not get_document_model().objects.filter(tags__name=BILAN_TAG).exists()


def test_a_facilitator_of_one_of_its_territories_does_not_read_it(client, data):
    client.force_login(facilitator_of(data.t1))

    assert client.get(url(data)).status_code == 404


@pytest.mark.parametrize(("params", "message"), [
    ({"bilan": "mi-parcours", "arrete_au": "hier"}, "« hier » n'est pas une date"),
    ({"bilan": "mi-parcours", "arrete_au": "2020-01-01"}, "précède le début de la convention"),
    ({"bilan": "trimestriel"}, "Choisissez un bilan à mi-parcours ou un bilan définitif."),
])
def test_bad_input_is_refused_in_french(client, data, params, message):
    client.force_login(coordinator_of(data.network))

    response = client.get(url(data), params)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert response.context["bilan"] is None


def test_a_convention_without_dates_says_what_to_fill_in(client, data):
    undated = ConventionFactory(signed_on=None, ends_on=None)
    undated.territories.set([data.t1])
    client.force_login(coordinator_of(data.network))

    response = client.get(f"/espace/bilans/conventions/{undated.slug}/")

    assert response.status_code == 400
    assert "complétez-les dans l'annuaire" in html.unescape(response.content.decode())


def test_an_editor_of_the_committee_can_choose_the_filed_bilan_for_the_minutes(client, data):
    """The committee's collection is its members' only: an editor who is not one is
    never offered the bilan."""
    client.force_login(committee_member_of(data.committee, user=coordinator_of(data.network)))
    client.post(url(data), {"bilan": "final", "comite": data.committee.pk})
    document = get_document_model().objects.get(tags__name=BILAN_TAG)

    policy = policy_registry.get_by_type(get_document_model())

    def choosable(user):
        return document in policy.instances_user_has_any_permission_for(user, ["choose"])

    assert choosable(committee_member_of(data.committee, user=editor()))
    assert choosable(administrator())
    assert not choosable(editor())
