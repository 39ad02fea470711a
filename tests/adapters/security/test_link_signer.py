"""Signed direct-link tokens (PRODUCT §7): tamper-proof, key rotation by key id."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from application.ports.links import LinkClaims
from infrastructure.security.key_ring import KeyRing
from infrastructure.security.link_signer import HmacTokenSigner
from tests.example_budget import examples

pytestmark = pytest.mark.adapter
OLD = ("k1", b"o" * 32)
NEW = ("k2", b"n" * 32)
CLAIMS = LinkClaims(
    link_id=uuid.UUID(int=1),
    document_id=uuid.UUID(int=2),
    role="bill_to",
    expires_at=dt.datetime(2026, 12, 25, 12, 0, tzinfo=dt.UTC),
)
TOKEN = HmacTokenSigner(KeyRing((NEW, OLD))).sign(CLAIMS)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


def test_a_token_round_trips_and_names_its_key() -> None:
    signer = HmacTokenSigner(KeyRing((NEW, OLD)))
    assert TOKEN.startswith("k2.")
    assert signer.verify(TOKEN) == CLAIMS


def test_rotation_old_tokens_verify_while_their_key_is_configured_and_not_after() -> None:
    old_token = HmacTokenSigner(KeyRing((OLD,))).sign(CLAIMS)
    assert HmacTokenSigner(KeyRing((NEW, OLD))).verify(old_token) == CLAIMS
    assert HmacTokenSigner(KeyRing((NEW,))).verify(old_token) is None


def test_the_same_kid_with_another_secret_is_rejected() -> None:
    assert HmacTokenSigner(KeyRing((("k2", b"x" * 32),))).verify(TOKEN) is None


@settings(max_examples=examples(300))
@given(position=st.integers(min_value=0, max_value=len(TOKEN) - 1), replacement=st.sampled_from(ALPHABET))
def test_any_change_to_any_byte_is_rejected(position: int, replacement: str) -> None:
    if TOKEN[position] == replacement:
        return
    altered = TOKEN[:position] + replacement + TOKEN[position + 1 :]
    assert HmacTokenSigner(KeyRing((NEW, OLD))).verify(altered) is None


@given(st.text(max_size=200))
def test_garbage_never_verifies_and_never_raises(text: str) -> None:
    assert HmacTokenSigner(KeyRing((NEW, OLD))).verify(text) is None


def test_truncated_and_extended_tokens_are_rejected() -> None:
    signer = HmacTokenSigner(KeyRing((NEW, OLD)))
    assert signer.verify(TOKEN[:-1]) is None
    assert signer.verify(TOKEN + "A") is None
    assert signer.verify("." + TOKEN) is None
