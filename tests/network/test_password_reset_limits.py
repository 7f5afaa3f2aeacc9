"""Password reset requests are limited per client address and per e-mail address, on
the portal and in the admin; beyond a limit no e-mail leaves, and the answer is the
same whether an account has the address or not."""

import pytest
from django.core import mail

from tests.network import factories as f

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
REFUSED = "Trop de demandes de réinitialisation"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 10
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60


def _ask(client, email, client_address="203.0.113.1", url="/compte/mot-de-passe/oublie/"):
    return client.post(url, {"email": email}, REMOTE_ADDR=PROXY,
                       HTTP_X_FORWARDED_FOR=client_address)


@pytest.mark.parametrize("email", ["facilitatrice@plie-nevers.fr", "personne@exemple.fr"])
def test_beyond_the_limit_per_email_nothing_is_sent_whether_the_account_exists(client, email):
    f.UserFactory(email="facilitatrice@plie-nevers.fr")
    for n in range(3):
        assert _ask(client, email, f"203.0.113.{n + 1}").status_code == 302

    sent = len(mail.outbox)
    refused = _ask(client, email.upper(), "198.51.100.7")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert REFUSED in html and "Réessayez dans 60 minutes" in html
    assert len(mail.outbox) == sent
    assert sent == (3 if email.startswith("facilitatrice") else 0)


def test_beyond_the_limit_per_address_nothing_is_sent(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    f.UserFactory(email="facilitatrice@plie-nevers.fr")
    for n in range(4):
        _ask(client, f"inconnu{n}@exemple.fr", "203.0.113.9")

    refused = _ask(client, "facilitatrice@plie-nevers.fr", "203.0.113.9")
    other_client = _ask(client, "facilitatrice@plie-nevers.fr", "198.51.100.7")

    assert refused.status_code == 429 and REFUSED in refused.content.decode()
    assert other_client.status_code == 302
    assert [m.to for m in mail.outbox] == [["facilitatrice@plie-nevers.fr"]]


def test_the_admin_password_reset_has_the_same_limits(client):
    f.administrator(email="admin@exemple.fr")
    for n in range(3):
        assert _ask(client, "admin@exemple.fr", f"203.0.113.{n + 1}",
                    url="/admin/password_reset/").status_code == 302

    refused = _ask(client, "admin@exemple.fr", "198.51.100.7", url="/admin/password_reset/")

    assert refused.status_code == 429 and REFUSED in refused.content.decode()
    assert len(mail.outbox) == 3
    assert "lang=\"fr\"" in refused.content.decode()
