import datetime

import pytest

from network.enums import ConventionStatus
from network.models.conventions import convention_status
from tests.network import factories as f

D = datetime.date


@pytest.mark.parametrize(
    ("signed_on", "starts_on", "ends_on", "today", "expected"),
    [
        # Not signed yet: in preparation, whatever the planned end.
        (None, None, D(2014, 12, 31), D(2013, 1, 1), ConventionStatus.PREPARATION),
        (None, None, None, D(2013, 1, 1), ConventionStatus.PREPARATION),
        # Signed, in force from the signature…
        (D(2013, 3, 15), None, D(2014, 12, 31), D(2013, 3, 15), ConventionStatus.IN_FORCE),
        (D(2013, 3, 15), None, D(2014, 12, 31), D(2014, 12, 31), ConventionStatus.IN_FORCE),
        # …until its last day, then expired.
        (D(2013, 3, 15), None, D(2014, 12, 31), D(2015, 1, 1), ConventionStatus.EXPIRED),
        # Signed before it starts: in preparation until the start.
        (D(2008, 12, 1), D(2009, 1, 1), D(2011, 12, 31), D(2008, 12, 15),
         ConventionStatus.PREPARATION),
        (D(2008, 12, 1), D(2009, 1, 1), D(2011, 12, 31), D(2009, 1, 1),
         ConventionStatus.IN_FORCE),
        # No end date: in force once started.
        (D(2009, 6, 15), None, None, D(2030, 1, 1), ConventionStatus.IN_FORCE),
    ],
)
def test_status_follows_the_dates(signed_on, starts_on, ends_on, today, expected):
    assert convention_status(signed_on, starts_on, ends_on, today) == expected


@pytest.mark.django_db
def test_directory_shows_each_convention_with_the_status_of_today(client):
    today = datetime.date.today()
    f.ConventionFactory(title="Convention en cours", signed_on=today - datetime.timedelta(days=30),
                        ends_on=today + datetime.timedelta(days=30))
    f.ConventionFactory(title="Convention à signer", signed_on=None, ends_on=None)
    f.ConventionFactory(title="Convention terminée", signed_on=D(2009, 6, 15),
                        ends_on=D(2011, 12, 31))

    html = client.get("/reseau/").content.decode()

    rows = {title: html[html.index(title):].split("</tr>")[0] for title in
            ("Convention en cours", "Convention à signer", "Convention terminée")}
    assert "En vigueur" in rows["Convention en cours"]
    assert "En préparation" in rows["Convention à signer"]
    assert "Échue" in rows["Convention terminée"]
