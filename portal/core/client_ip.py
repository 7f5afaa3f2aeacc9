"""The address a request comes from: what every limit on logins and password resets counts.

Behind a reverse proxy, REMOTE_ADDR is the proxy's own address: every client would
share one counter, and anyone could lock everyone out. X-Forwarded-For is read only
when the peer is one of settings.TRUSTED_PROXIES, and then from the right: each entry
was appended by the hop to its right, so entries are believed while that hop is a
trusted proxy, and the first one that is not a trusted proxy is the client. Whatever
lies further left was written by the client and may say anything.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """Addresses or networks ("10.0.0.1", "10.0.0.0/8", "::1"); ValueError names a bad one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"{entry!r} is neither an IP address nor a network") from exc
    return tuple(networks)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    return parse_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    # Some proxies append the port: "203.0.113.7:51000", "[2001:db8::1]:443".
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as text, or None when the request carries none."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    networks = trusted_proxies()
    if not _is_trusted(peer, networks):
        return str(peer)
    client = peer
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            # A hop we trust wrote something that is not an address: keep that hop.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
