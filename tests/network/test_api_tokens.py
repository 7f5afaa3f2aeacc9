"""API tokens: revoked when the password changes or is reset, and listed, made and
revoked by their owner in /compte/jetons/."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import APIToken

from network.tokens import create_token
from tests.network import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/marches"
NEW_PASSWORD = "un-nouveau-mot-de-passe-solide"


def _api_status(token):
    return Client().get(API, headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_token_stops_working_after_a_password_change_in_the_account_pages(client):
    user = f.member()
    _, token = create_token(user, "Tableur")
    assert _api_status(token) == 200
    client.force_login(user)

    client.post("/compte/mot-de-passe/", {
        "old_password": f.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })

    assert _api_status(token) == 401
    assert APIToken.objects.get(user=user).revoked_at is not None


def test_a_token_stops_working_after_a_password_reset(client):
    user = f.member(email="membre@exemple.fr")
    _, token = create_token(user, "Tableur")

    client.post("/compte/mot-de-passe/oublie/", {"email": "membre@exemple.fr"})
    link = re.search(r"http://[^/]+(/compte/reinitialisation/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert _api_status(token) == 401


def test_a_token_stops_working_after_the_admin_sets_a_new_password(client):
    user = f.UserFactory(username="membre.urpa", email="membre@exemple.fr")
    _, token = create_token(user, "Tableur")
    client.force_login(f.administrator())

    client.post(f"/admin/users/edit/{user.pk}/", {
        "username": "membre.urpa", "email": "membre@exemple.fr", "first_name": "Camille",
        "last_name": "Martin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "is_active": "on",
    })

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert _api_status(token) == 401


def test_the_changepassword_command_revokes_too(monkeypatch):
    user = f.UserFactory(username="membre.urpa")
    _, token = create_token(user, "Tableur")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)

    call_command("changepassword", "membre.urpa", stdout=None)

    assert _api_status(token) == 401


def test_other_saves_of_the_account_keep_its_tokens(client):
    user = f.member()
    _, token = create_token(user, "Tableur")
    client.force_login(user)

    client.post("/compte/", {"first_name": "Noël", "last_name": "Durand",
                             "email": "noel@exemple.fr", "job_title": "", "phone": ""})
    client.post("/compte/connexion/", {"username": user.username, "password": f.PASSWORD})

    assert _api_status(token) == 200


def test_a_member_makes_a_token_and_sees_it_once(client):
    user = f.member()
    client.force_login(user)

    response = client.post("/compte/jetons/", {"name": "Script de suivi des heures"})

    html = response.content.decode()
    plaintext = re.search(r'value="(wagtail_\w+)"', html).group(1)
    assert "Copiez-le maintenant : il ne sera plus jamais affiché." in html
    assert "no-store" in response["Cache-Control"]
    assert _api_status(plaintext) == 200
    listing = client.get("/compte/jetons/").content.decode()
    assert "Script de suivi des heures" in listing and plaintext not in listing
    assert plaintext[:12] in listing  # its beginning, to recognise it


def test_a_member_lists_only_their_own_tokens(client):
    user = f.member()
    create_token(user, "Mon tableur")
    create_token(f.member(), "Le script de quelqu'un d'autre")
    client.force_login(user)

    html = client.get("/compte/jetons/").content.decode()

    assert "Mon tableur" in html and "quelqu&#x27;un d&#x27;autre" not in html


def test_a_member_revokes_their_token(client):
    user = f.member()
    record, token = create_token(user, "Tableur")
    client.force_login(user)

    response = client.post(f"/compte/jetons/{record.pk}/revoquer/", follow=True)

    assert "Le jeton « Tableur » est révoqué" in response.content.decode()
    assert _api_status(token) == 401
    assert "révoqué le" in client.get("/compte/jetons/").content.decode()


def test_nobody_revokes_someone_elses_token(client):
    record, token = create_token(f.member(), "Tableur")
    client.force_login(f.member())

    assert client.post(f"/compte/jetons/{record.pk}/revoquer/").status_code == 404
    assert _api_status(token) == 200


def test_revoking_takes_a_post_with_its_csrf_token():
    user = f.member()
    record, token = create_token(user, "Tableur")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert client.get(f"/compte/jetons/{record.pk}/revoquer/").status_code == 405
    assert client.post(f"/compte/jetons/{record.pk}/revoquer/").status_code == 403
    assert _api_status(token) == 200


def test_the_token_pages_are_for_signed_in_members(client):
    record, _ = create_token(f.member(), "Tableur")

    assert client.get("/compte/jetons/")["Location"].startswith("/compte/connexion/")
    refused = client.post(f"/compte/jetons/{record.pk}/revoquer/")
    assert refused["Location"].startswith("/compte/connexion/")
    assert APIToken.objects.get(pk=record.pk).revoked_at is None
