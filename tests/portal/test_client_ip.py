"""The client's address (portal/core/client_ip.py): X-Forwarded-For is believed only as
far as trusted proxies wrote it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal.core.client_ip import client_ip
from portal.env import env_networks

PROXY = "10.0.0.2"


def _ip(remote_addr=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []

    assert _ip("203.0.113.7", forwarded="198.51.100.1") == "203.0.113.7"


def test_an_untrusted_peers_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert _ip("192.0.2.50", forwarded="198.51.100.1") == "192.0.2.50"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_entry(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # The client wrote "1.2.3.4" itself; nginx appended the address it saw.
    assert _ip(forwarded="1.2.3.4, 198.51.100.7") == "198.51.100.7"
    # Two trusted proxies in a row: their entries are skipped.
    assert _ip(forwarded="1.2.3.4, 198.51.100.7, 10.1.1.1") == "198.51.100.7"


def test_a_trusted_proxy_without_the_header_counts_as_the_client(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert _ip() == PROXY
    assert _ip(forwarded="") == PROXY


def test_garbage_stops_the_walk_at_the_last_trusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert _ip(forwarded="198.51.100.7, pas-une-adresse, 10.1.1.1") == "10.1.1.1"
    assert _ip(forwarded="pas-une-adresse") == PROXY


def test_ports_brackets_and_mapped_addresses_are_read(settings):
    settings.TRUSTED_PROXIES = [PROXY, "::1"]

    assert _ip(forwarded="198.51.100.7:51000") == "198.51.100.7"
    assert _ip(forwarded="[2001:db8::5]:443") == "2001:db8::5"
    assert _ip("::1", forwarded="2001:db8::5") == "2001:db8::5"
    assert _ip("::ffff:10.0.0.2", forwarded="198.51.100.7") == "198.51.100.7"


def test_every_entry_trusted_gives_the_left_most(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert _ip(forwarded="10.9.9.9, 10.1.1.1") == "10.9.9.9"


def test_no_peer_address_gives_none(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    assert _ip("") is None


def test_trusted_proxies_are_checked_when_the_settings_load(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 172.16.0.0/12,::1")
    assert env_networks("TRUSTED_PROXIES") == ["10.0.0.1", "172.16.0.0/12", "::1"]

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1,nginx")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES.*'nginx'"):
        env_networks("TRUSTED_PROXIES")
