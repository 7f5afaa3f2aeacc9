"""Signing out takes a POST with its CSRF token, on the portal and in the admin; a GET
shows the button and signs no one out, and the session ends on the server."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.network import factories as f

pytestmark = pytest.mark.django_db


def _signed_in(user, **client_kwargs):
    client = Client(**client_kwargs)
    client.force_login(user)
    return client, client.cookies["sessionid"].value


@pytest.mark.parametrize("url", ["/compte/deconnexion/", "/admin/logout/"])
def test_a_get_signs_no_one_out_and_shows_a_post_form(url):
    client, session_key = _signed_in(f.administrator())

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "Se déconnecter" in html
    assert "sessionid" not in response.cookies  # the cookie is left alone
    assert Session.objects.filter(session_key=session_key).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("url", ["/compte/deconnexion/", "/admin/logout/"])
def test_a_post_without_its_csrf_token_is_refused(url):
    client, session_key = _signed_in(f.administrator(), enforce_csrf_checks=True)

    assert client.post(url).status_code == 403
    assert Session.objects.filter(session_key=session_key).exists()


@pytest.mark.parametrize(("url", "goes_to"), [
    ("/compte/deconnexion/", "/"), ("/admin/logout/", "/admin/login/"),
])
def test_a_post_with_its_token_ends_the_session_on_the_server(url, goes_to):
    client, session_key = _signed_in(f.administrator(), enforce_csrf_checks=True)
    page = client.get(url)
    token = page.context["csrf_token"] if page.context else client.cookies["csrftoken"].value

    response = client.post(url, {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302 and response["Location"] == goes_to
    assert not Session.objects.filter(session_key=session_key).exists()
    replay = Client()
    replay.cookies["sessionid"] = session_key
    assert replay.get("/admin/").status_code == 302
    assert replay.get("/espace/").status_code == 302


@pytest.mark.parametrize(("url", "goes_to"), [
    ("/compte/deconnexion/", "/"), ("/admin/logout/", "/admin/login/"),
])
def test_a_visitor_asking_to_sign_out_is_sent_on(client, url, goes_to):
    response = client.get(url)

    assert response.status_code == 302 and response["Location"] == goes_to


def test_other_methods_are_refused():
    client, session_key = _signed_in(f.administrator())

    assert client.put("/admin/logout/").status_code == 405
    assert client.delete("/compte/deconnexion/").status_code == 405
    assert Session.objects.filter(session_key=session_key).exists()


def test_the_pages_sign_out_with_a_post_form(client):
    client.force_login(f.member())

    for url in ("/espace/", "/compte/"):
        html = client.get(url).content.decode()
        assert '<form method="post" action="/compte/deconnexion/"' in html
        assert 'href="/compte/deconnexion/"' not in html
