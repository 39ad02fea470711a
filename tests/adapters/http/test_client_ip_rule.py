"""The client IP rule (PRODUCT §3): the socket peer, unless a trusted proxy; then the right-most untrusted hop."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infrastructure.settings import SettingsError
from interfaces.http.customer.client_ip import client_address
from tests.conftest import make_settings

pytestmark = pytest.mark.adapter

PROXIES = ("10.0.0.0/8", "192.0.2.1", "2001:db8::/32")


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert client_address("198.51.100.7", ["1.2.3.4"], PROXIES) == "198.51.100.7"
    assert client_address("127.0.0.1", ["1.2.3.4"], ()) == "127.0.0.1"
    assert client_address("127.0.0.1", ["1.2.3.4, 5.6.7.8"], ("10.0.0.1",)) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() -> None:
    # the client claimed 6.6.6.6; the proxy appended the address it really saw
    assert client_address("10.0.0.5", ["6.6.6.6, 203.0.113.9"], PROXIES) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    chain = ["6.6.6.6, 203.0.113.9, 192.0.2.1, 10.1.2.3"]
    assert client_address("10.0.0.5", chain, PROXIES) == "203.0.113.9"


def test_several_header_lines_are_one_list_in_order() -> None:
    assert client_address("10.0.0.5", ["6.6.6.6", "203.0.113.9, 10.9.9.9"], PROXIES) == "203.0.113.9"


def test_values_that_are_not_ip_addresses_are_never_used() -> None:
    assert client_address("10.0.0.5", ["not-an-ip"], PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", ["203.0.113.9:4711, unknown, , _hidden"], PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", ["203.0.113.9, not-an-ip"], PROXIES) == "203.0.113.9"
    assert client_address("10.0.0.5", [""], PROXIES) == "10.0.0.5"


def test_when_every_hop_is_a_trusted_proxy_the_left_most_is_the_client() -> None:
    assert client_address("10.0.0.5", ["10.7.7.7, 192.0.2.1"], PROXIES) == "10.7.7.7"


def test_ipv6_networks_and_ipv4_mapped_addresses() -> None:
    assert client_address("2001:db8::1", ["2001:DB8::2, 2a00:1450::5"], PROXIES) == "2a00:1450::5"
    assert client_address("::ffff:10.0.0.5", ["::ffff:203.0.113.9"], PROXIES) == "203.0.113.9"
    assert client_address("::ffff:198.51.100.7", [], PROXIES) == "198.51.100.7"


def test_a_peerless_connection_is_unknown() -> None:
    assert client_address(None, ["1.2.3.4"], PROXIES) == "unknown"


@settings(max_examples=300)
@given(
    peer=st.sampled_from(["10.0.0.5", "198.51.100.7", "192.0.2.1"]),
    lines=st.lists(st.text(max_size=40) | st.ip_addresses().map(str), max_size=4),
)
def test_the_answer_is_the_peer_or_an_address_from_the_header(peer: str, lines: list[str]) -> None:
    hops = [hop for line in lines for part in line.split(",") if (hop := _normalised(part)) is not None]
    answer = client_address(peer, lines, PROXIES)
    assert answer == peer or answer in hops
    if peer == "198.51.100.7":  # not a proxy: the header is never read
        assert answer == peer


def _normalised(text: str) -> str | None:
    try:
        ip = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return str(mapped or ip)


def test_a_bad_trusted_proxy_entry_stops_the_start(tmp_path: Path) -> None:
    assert make_settings(tmp_path, trusted_proxies="10.0.0.0/8, 192.0.2.1,::1").trusted_proxies == (
        "10.0.0.0/8",
        "192.0.2.1",
        "::1",
    )
    with pytest.raises(SettingsError, match="PORTAL_TRUSTED_PROXIES"):
        make_settings(tmp_path, trusted_proxies="10.0.0.0/8,proxy.internal")
