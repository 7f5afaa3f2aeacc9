"""Failed logins behind the reverse proxy: counted per client address (read from
X-Forwarded-For when the proxy is trusted), per account and per address, each against
its own limit, on the portal's login and on the admin's."""

import pytest

from tests.network import factories as f

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
LOCKED = "Connexion temporairement bloquée"


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 20
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 50


def _login(client, username, client_address, password=f.PASSWORD, peer=PROXY,
           url="/compte/connexion/"):
    return client.post(url, {"username": username, "password": password},
                       REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=client_address)


def test_failures_of_many_clients_through_the_proxy_do_not_lock_the_account(client):
    f.UserFactory(username="facilitateur.dijon")
    for n in range(5):
        assert _login(client, "facilitateur.dijon", f"203.0.113.{n + 1}", "faux").status_code == 200

    assert _login(client, "facilitateur.dijon", "198.51.100.7").status_code == 302


def test_one_client_through_the_proxy_is_locked_on_that_account(client):
    f.UserFactory(username="facilitateur.dijon")
    f.UserFactory(username="membre.urpa")
    for _ in range(5):
        _login(client, "facilitateur.dijon", "203.0.113.1", "faux")

    locked = _login(client, "facilitateur.dijon", "203.0.113.1")

    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert _login(client, "facilitateur.dijon", "198.51.100.7").status_code == 302
    assert _login(client, "membre.urpa", "203.0.113.1").status_code == 302


def test_the_account_limit_locks_the_account_from_every_address(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 8
    f.UserFactory(username="facilitateur.dijon")
    f.UserFactory(username="membre.urpa")
    for n in range(8):
        _login(client, "facilitateur.dijon", f"203.0.113.{n + 1}", "faux")

    locked = _login(client, "facilitateur.dijon", "198.51.100.7")

    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert "pendant 15 minutes" in locked.content.decode()
    assert _login(client, "membre.urpa", "198.51.100.7").status_code == 302


def test_the_address_limit_locks_every_account_from_that_address(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    f.UserFactory(username="membre.urpa")
    for n in range(6):
        _login(client, f"compte.essaye{n}", "203.0.113.9", "faux")

    assert _login(client, "membre.urpa", "203.0.113.9").status_code == 429
    assert _login(client, "membre.urpa", "198.51.100.7").status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_address_count(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    f.UserFactory(username="complice")
    for n in range(3):
        _login(client, f"compte.essaye{n}", "203.0.113.9", "faux")

    assert _login(client, "complice", "203.0.113.9").status_code == 302
    client.logout()
    _login(client, "compte.essaye9", "203.0.113.9", "faux")

    assert _login(client, "complice", "203.0.113.9").status_code == 429


def test_success_clears_the_accounts_failures(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 4
    f.UserFactory(username="membre.urpa")
    for n in range(3):
        _login(client, "membre.urpa", f"203.0.113.{n + 1}", "faux")

    assert _login(client, "membre.urpa", "198.51.100.7").status_code == 302
    client.logout()
    _login(client, "membre.urpa", "203.0.113.4", "faux")

    assert _login(client, "membre.urpa", "198.51.100.8").status_code == 302


def test_an_untrusted_peers_forwarded_for_is_ignored(client):
    f.UserFactory(username="facilitateur.dijon")
    for n in range(5):
        _login(client, "facilitateur.dijon", f"203.0.113.{n + 1}", "faux", peer="192.0.2.50")

    elsewhere = _login(client, "facilitateur.dijon", "198.51.100.7", peer="192.0.2.50")
    assert elsewhere.status_code == 429
    assert _login(client, "facilitateur.dijon", "198.51.100.7").status_code == 302


def test_the_admin_login_is_limited_the_same_way_and_answers_in_french(client):
    f.administrator(username="admin")
    for n in range(5):
        _login(client, "admin", f"203.0.113.{n + 1}", "faux", url="/admin/login/")
    assert _login(client, "admin", "198.51.100.7", url="/admin/login/").status_code == 302
    client.logout()

    for _ in range(5):
        _login(client, "admin", "203.0.113.1", "faux", url="/admin/login/")
    locked = _login(client, "admin", "203.0.113.1", url="/admin/login/")

    assert locked.status_code == 429 and LOCKED in locked.content.decode()
