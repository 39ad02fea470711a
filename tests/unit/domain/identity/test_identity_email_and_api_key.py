"""Email normalisation and admin API keys (PRODUCT §1, §3, §7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity import (
    ApiKey,
    EmailAddress,
    InvalidApiKey,
    InvalidEmailAddress,
    normalise_email,
)

pytestmark = pytest.mark.unit

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
KEY_HASH = b"\x07" * 32


def test_of_strips_and_lower_cases() -> None:
    assert EmailAddress.of("  Jens.Hansen@Example.DK \n").value == "jens.hansen@example.dk"
    assert EmailAddress.of("JENS@EXAMPLE.DK") == EmailAddress.of("jens@example.dk")
    assert str(EmailAddress.of("Jens@Example.dk")) == "jens@example.dk"


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_an_empty_address_is_refused(raw: str) -> None:
    with pytest.raises(InvalidEmailAddress, match="empty"):
        EmailAddress.of(raw)


@pytest.mark.parametrize("value", ["Jens@example.dk", " jens@example.dk", "jens@example.dk\n"])
def test_the_constructor_takes_only_normalised_addresses(value: str) -> None:
    with pytest.raises(InvalidEmailAddress, match="not normalised"):
        EmailAddress(value=value)


@pytest.mark.parametrize(
    ("address", "masked"),
    [("jens@example.dk", "j•••@example.dk"), ("a@b.dk", "a•••@b.dk"), ("x.y@z@example.dk", "x•••@example.dk")],
)
def test_masked_shows_only_the_first_letter_and_the_domain(address: str, masked: str) -> None:
    assert EmailAddress(value=address).masked == masked


@given(st.text(min_size=1))
def test_normalising_is_idempotent_and_accepted_by_the_value_object(raw: str) -> None:
    once = normalise_email(raw)
    assert normalise_email(once) == once
    if once:
        assert EmailAddress.of(raw).value == once


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1), st.sampled_from(["", " "]))
def test_ascii_addresses_match_regardless_of_case_and_padding(raw: str, pad: str) -> None:
    assert EmailAddress.of(f"{pad}{raw.upper()}{pad}") == EmailAddress.of(raw.lower())


def _key(name: str = "Business system", prefix: str = "pk_ab12") -> ApiKey:
    return ApiKey.create(key_id=uuid4(), name=name, key_hash=KEY_HASH, prefix=prefix, now=T0)


def test_a_new_key_is_named_and_accepts_its_own_hash_only() -> None:
    key = _key(name="  Business system  ")
    assert key.name == "Business system"
    assert key.prefix == "pk_ab12"
    assert key.created_at == T0
    assert not key.is_revoked
    assert key.accepts(KEY_HASH)
    assert not key.accepts(b"\x08" * 32)


@pytest.mark.parametrize(
    ("name", "prefix", "key_hash"),
    [
        ("", "pk", KEY_HASH),
        ("   ", "pk", KEY_HASH),
        ("x" * 101, "pk", KEY_HASH),
        ("ok", "", KEY_HASH),
        ("ok", "p" * 17, KEY_HASH),
        ("ok", "pk 1", KEY_HASH),
        ("ok", "pk", b""),
    ],
)
def test_bad_keys_are_refused(name: str, prefix: str, key_hash: bytes) -> None:
    with pytest.raises(InvalidApiKey):
        ApiKey.create(key_id=uuid4(), name=name, key_hash=key_hash, prefix=prefix, now=T0)


def test_a_name_of_exactly_one_hundred_characters_is_fine() -> None:
    assert len(_key(name="x" * 100).name) == 100


def test_revoking_is_final_and_a_second_revoke_changes_nothing() -> None:
    key = _key()
    assert key.revoke(T0 + timedelta(days=1)) is True
    assert key.is_revoked
    assert key.revoked_at == T0 + timedelta(days=1)
    assert not key.accepts(KEY_HASH)
    assert key.revoke(T0 + timedelta(days=2)) is False
    assert key.revoked_at == T0 + timedelta(days=1)


def test_keys_compare_by_id_and_repr_hides_the_hash() -> None:
    key = _key()
    twin = ApiKey(key_id=key.id, name="other", key_hash=b"x", prefix="p", created_at=T0)
    assert key == twin
    assert key != _key()
    assert KEY_HASH.hex() not in repr(key)
