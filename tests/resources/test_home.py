import datetime

import pytest
from django.utils import timezone

from tests.network.factories import MeetingFactory, committee_member_of
from tests.resources.factories import (
    ClauseTemplatePageFactory,
    GuidePageFactory,
    MinutesPageFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_the_latest_visible_publications(client, library):
    now = timezone.now()
    GuidePageFactory(parent=library, title="Ancien guide",
                     first_published_at=now - datetime.timedelta(days=30))
    for number in range(4):
        ClauseTemplatePageFactory(parent=library, title=f"Clause récente {number}",
                                  first_published_at=now - datetime.timedelta(days=number))
    minutes = MinutesPageFactory(parent=library, title="Compte rendu réservé",
                                 first_published_at=now)

    html = client.get("/").content.decode()

    assert "Dernières publications" in html
    assert all(f"Clause récente {n}" in html for n in range(4))
    assert "Ancien guide" not in html  # four at most
    assert "Compte rendu réservé" not in html

    client.force_login(committee_member_of(minutes.committee))
    assert "Compte rendu réservé" in client.get("/").content.decode()


def test_home_shows_the_next_public_meetings_only(client, library):
    soon = timezone.now() + datetime.timedelta(days=3)
    MeetingFactory(title="Comité de pilotage de printemps", starts_at=soon, is_public=True)
    MeetingFactory(title="Réunion interne", starts_at=soon, is_public=False)
    MeetingFactory(title="Réunion passée", starts_at=timezone.now() - datetime.timedelta(days=3),
                   is_public=True)

    html = client.get("/").content.decode()

    assert "Prochaines réunions" in html
    assert "Comité de pilotage de printemps" in html
    assert "Réunion interne" not in html
    assert "Réunion passée" not in html
