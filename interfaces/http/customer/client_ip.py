"""The client's IP (PRODUCT §2.7): the socket peer, unless the peer is a trusted proxy; then X-Forwarded-For."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from litestar.connection import ASGIConnection


def client_ip(connection: ASGIConnection[Any, Any, Any, Any], trusted_proxies: Sequence[str]) -> str:
    """Walk X-Forwarded-For from the right while the hop is trusted; the first untrusted address is the client."""
    peer = connection.client.host if connection.client else "unknown"
    if not trusted_proxies or not _trusted(peer, trusted_proxies):
        return peer
    hops = [h.strip() for h in connection.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _valid(hop):
            return peer
        if not _trusted(hop, trusted_proxies):
            return hop
    return hops[0] if hops and _valid(hops[0]) else peer


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _trusted(address: str, trusted: Sequence[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in trusted:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False
