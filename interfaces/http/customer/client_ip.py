"""The client's IP (PRODUCT §2.7, §3): the one home of the rule every rate limit keys on.

The ASGI server runs with its own proxy handling off (`portal serve`), so the connection's client is the socket peer
and nothing but this module reads `X-Forwarded-For`.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency

from infrastructure.settings import Settings

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


def client_ip(connection: ASGIConnection[Any, Any, Any, Any], trusted_proxies: Sequence[str]) -> str:
    """The client address of this connection under PORTAL_TRUSTED_PROXIES (see `client_address`)."""
    peer = connection.client.host if connection.client else None
    return client_address(peer, connection.headers.getall("x-forwarded-for", []), trusted_proxies)


def provide_client_ip(request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> str:
    """Litestar dependency `client_ip`: this request's client address (it takes the `settings` dependency)."""
    return client_ip(request, settings.trusted_proxies)


def client_address(peer: str | None, forwarded_for: Iterable[str], trusted_proxies: Sequence[str]) -> str:
    """The client's IP address, normalised.

    - The socket peer, unless the peer is in `trusted_proxies` (addresses or CIDR networks).
    - From a trusted peer: the right-most X-Forwarded-For entry that is not itself a trusted proxy (several header
      lines count as one list, in order). An entry that is not an IP address is ignored, never used.
    - When every entry is a trusted proxy, the left-most of them; without a usable entry, the peer.
    - An IPv4 address mapped into IPv6 is given as IPv4, so one client cannot appear under two spellings.
    """
    peer_ip = _parse(peer)
    if peer_ip is None:
        return peer or UNKNOWN
    networks = _networks(tuple(trusted_proxies))
    if not _is_trusted(peer_ip, networks):
        return str(peer_ip)
    hops = [ip for entry in forwarded_for for part in entry.split(",") if (ip := _parse(part)) is not None]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return str(hop)
    return str(hops[0] if hops else peer_ip)


def _parse(value: str | None) -> IpAddress | None:
    if value is None:
        return None
    try:
        ip = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


@functools.lru_cache(maxsize=8)
def _networks(trusted_proxies: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    """Settings validate each entry at start-up; an entry that still does not parse trusts nothing."""
    networks: list[IpNetwork] = []
    for entry in trusted_proxies:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _is_trusted(ip: IpAddress, networks: tuple[IpNetwork, ...]) -> bool:
    return any(ip.version == network.version and ip in network for network in networks)
