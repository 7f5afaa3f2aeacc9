"""A committee's meetings in the directory link to their minutes once published, to
whoever may open them."""

import pytest
from wagtail.models import PageViewRestriction

from tests.network.factories import CommitteeFactory, MeetingFactory, committee_member_of
from tests.resources.factories import MinutesPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    committee = CommitteeFactory(name="Comité de pilotage CUB/URPA", slug="copil-cub-urpa")
    committee_member_of(committee, username="membre-copil")
    return committee


def _page(client, committee):
    return client.get(f"/reseau/comites/{committee.slug}/").content.decode()


def test_a_meeting_links_to_its_public_minutes(client, library, committee):
    meeting = MeetingFactory(committee=committee, title="Réunion de lancement")
    minutes = MinutesPageFactory(parent=library, title="Compte rendu du lancement",
                                 committee=committee, meeting=meeting)
    PageViewRestriction.objects.filter(page=minutes).delete()

    html = _page(client, committee)

    assert f'<a href="{minutes.url}">Compte rendu : Compte rendu du lancement</a>' in html


def test_minutes_not_yet_published_are_not_linked(client, library, committee):
    meeting = MeetingFactory(committee=committee)
    draft = MinutesPageFactory(parent=library, title="Brouillon du compte rendu",
                               committee=committee, meeting=meeting, live=False)
    PageViewRestriction.objects.filter(page=draft).delete()

    assert "Brouillon du compte rendu" not in _page(client, committee)


def test_restricted_minutes_are_linked_for_the_committee_only(client, library, committee):
    meeting = MeetingFactory(committee=committee)
    MinutesPageFactory(parent=library, title="Compte rendu réservé", committee=committee,
                       meeting=meeting)

    visitor = _page(client, committee)
    client.force_login(committee.members_group.user_set.get())
    member = _page(client, committee)

    assert "Compte rendu réservé" not in visitor
    assert "Compte rendu : Compte rendu réservé" in member
