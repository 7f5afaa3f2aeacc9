"""/favicon.ico answers with the portal's icon; pages name it too."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_pages_name_their_icons(client):
    html = client.get("/outils/calculateur-heures/").content.decode()

    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert finders.find("img/favicon.svg")
