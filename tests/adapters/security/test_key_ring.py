"""The key ring (PORTAL_SECRET_KEYS, PRODUCT §12; ADR-0036): what any configured key made verifies, a changed byte
never does, what the ring makes is byte for byte what the portal made before it, and no two uses share a purpose.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given
from hypothesis import strategies as st

from application.credentials import browser_cookie, login_secrets
from application.credentials.browser_cookie import browser_hashes, new_browser_cookie
from application.credentials.login_secrets import BROWSER_PURPOSE, SEAL_PURPOSE, SESSION_PURPOSE
from application.ports.links import LinkClaims
from infrastructure.security import link_signer
from infrastructure.security.aes_sealer import AesGcmSealer
from infrastructure.security.hmac_hasher import HmacSecretHasher
from infrastructure.security.key_ring import KeyRing
from infrastructure.security.link_signer import HmacTokenSigner
from infrastructure.settings import SettingsError
from interfaces.http.customer.cookies import SESSION
from interfaces.http.pages import csrf
from interfaces.http.pages.csrf import CSRF_COOKIE, CsrfGuard, CsrfRefused
from tests.conftest import make_settings

pytestmark = pytest.mark.adapter
KEYS = (("k3", b"c" * 32), ("k2", b"b" * 40), ("k1", b"a" * 48))
RING = KeyRing(KEYS)
CLAIMS = LinkClaims(
    link_id=uuid.UUID(int=7),
    document_id=uuid.UUID(int=8),
    role="customer",
    expires_at=dt.datetime(2026, 12, 31, tzinfo=dt.UTC),
)
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


def _made_when_signing(kid: str) -> KeyRing:
    """The ring as it was when `kid` was the signing key (first), with the rest behind it."""
    return KeyRing(sorted(KEYS, key=lambda key: key[0] != kid))


def _request(**cookies: str) -> Any:
    return SimpleNamespace(cookies=cookies)


def _changed(text: str, position: int, replacement: str) -> str | None:
    """`text` with the character at `position` replaced, or None when that changes nothing."""
    position %= len(text)
    if text[position] == replacement:
        return None
    return text[:position] + replacement + text[position + 1 :]


signing_kids = st.sampled_from([kid for kid, _ in KEYS])
changes = st.tuples(st.integers(min_value=0, max_value=500), st.sampled_from(URLSAFE))


@given(kid=signing_kids, value=st.text(max_size=80))
def test_a_keyed_hash_made_under_any_key_is_among_the_ring_s_and_the_signing_key_s_comes_first(
    kid: str, value: str
) -> None:
    made = HmacSecretHasher(_made_when_signing(kid)).digest(SESSION_PURPOSE, value)
    tried = HmacSecretHasher(RING).digests(SESSION_PURPOSE, value)
    assert made in tried
    assert tried[0] == HmacSecretHasher(RING).digest(SESSION_PURPOSE, value)
    assert len(set(tried)) == len(KEYS)


@given(
    kid=signing_kids,
    plain=st.binary(max_size=200),
    position=st.integers(min_value=0, max_value=500),
    flip=st.integers(min_value=1, max_value=255),
    other=signing_kids,
)
def test_sealed_under_any_key_opens_and_a_changed_byte_or_kid_never_does(
    kid: str, plain: bytes, position: int, flip: int, other: str
) -> None:
    sealed = AesGcmSealer(_made_when_signing(kid)).seal(SEAL_PURPOSE, plain)
    assert sealed.startswith(f"{kid}.")
    assert AesGcmSealer(RING).open(SEAL_PURPOSE, sealed) == plain
    raw = bytearray(base64.urlsafe_b64decode(sealed.split(".")[1]))
    raw[position % len(raw)] ^= flip
    with pytest.raises(ValueError, match="not sealed by this server"):
        AesGcmSealer(RING).open(SEAL_PURPOSE, f"{kid}.{base64.urlsafe_b64encode(bytes(raw)).decode()}")
    if other != kid:
        with pytest.raises(ValueError, match="not sealed by this server"):
            AesGcmSealer(RING).open(SEAL_PURPOSE, f"{other}.{sealed.split('.')[1]}")


@given(kid=signing_kids, change=changes)
def test_a_portal_login_cookie_signed_under_any_key_verifies_and_a_changed_byte_never_does(
    kid: str, change: tuple[int, str]
) -> None:
    then = HmacSecretHasher(_made_when_signing(kid))
    cookie = new_browser_cookie(then)
    nonce = cookie.split(".")[0]
    assert then.digest(BROWSER_PURPOSE, nonce) in browser_hashes(HmacSecretHasher(RING), cookie)
    altered = _changed(cookie, *change)
    if altered is not None and altered.split(".")[0] == nonce:  # a new nonce is a new (unsigned) cookie
        assert browser_hashes(HmacSecretHasher(RING), altered) == ()


@given(kid=signing_kids, change=changes)
def test_a_csrf_token_made_under_any_key_verifies_and_a_changed_byte_never_does(
    kid: str, change: tuple[int, str]
) -> None:
    browser = _request(**{CSRF_COOKIE: "n" * 43, SESSION: "some-session"})
    token, _ = CsrfGuard(HmacSecretHasher(_made_when_signing(kid)), secure=True).token_for(browser)
    guard = CsrfGuard(HmacSecretHasher(RING), secure=True)
    guard.check(browser, token)
    altered = _changed(token, *change)
    if altered is not None:
        with pytest.raises(CsrfRefused):
            guard.check(browser, altered)


@given(kid=signing_kids)
def test_a_link_token_signed_under_any_key_verifies(kid: str) -> None:
    token = HmacTokenSigner(_made_when_signing(kid)).sign(CLAIMS)
    assert HmacTokenSigner(RING).verify(token) == CLAIMS


def test_once_a_key_is_removed_nothing_it_made_verifies_opens_or_is_tried() -> None:
    old = _made_when_signing("k1")
    without = KeyRing(KEYS[:2])
    assert HmacSecretHasher(old).digest(SESSION_PURPOSE, "s") not in HmacSecretHasher(without).digests(
        SESSION_PURPOSE, "s"
    )
    with pytest.raises(ValueError, match="not sealed by this server"):
        AesGcmSealer(without).open(SEAL_PURPOSE, AesGcmSealer(old).seal(SEAL_PURPOSE, b"secret"))
    assert browser_hashes(HmacSecretHasher(without), new_browser_cookie(HmacSecretHasher(old))) == ()
    assert HmacTokenSigner(without).verify(HmacTokenSigner(old).sign(CLAIMS)) is None
    browser = _request(**{CSRF_COOKIE: "n" * 43})
    token, _ = CsrfGuard(HmacSecretHasher(old), secure=True).token_for(browser)
    with pytest.raises(CsrfRefused):
        CsrfGuard(HmacSecretHasher(without), secure=True).check(browser, token)


def test_what_the_ring_makes_is_byte_for_byte_what_was_made_before_it() -> None:
    """Deploying the ring signs no one out: stored hashes, cookies, CSRF tokens and link tokens keep their bytes."""
    kid, key = KEYS[0]
    assert HmacSecretHasher(RING).digest("session", "abc") == hmac.new(key, b"session\x00abc", hashlib.sha256).digest()
    token = HmacTokenSigner(RING).sign(CLAIMS)
    body, signature = token.rsplit(".", 1)
    before = hmac.new(key, f"link\x00{body}".encode(), hashlib.sha256).digest()
    assert signature == base64.urlsafe_b64encode(before).decode().rstrip("=")
    assert token.startswith(f"{kid}.")


def test_text_sealed_before_kids_were_carried_still_opens() -> None:
    """Jobs in the outbox when the ring is deployed were sealed as bare base64, under the first key's HKDF key."""
    key = KEYS[1][1]
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal-seal:login-email").derive(key)
    nonce = os.urandom(12)
    legacy = base64.urlsafe_b64encode(nonce + AESGCM(derived).encrypt(nonce, b"{}", b"login-email")).decode()
    assert AesGcmSealer(RING).open(SEAL_PURPOSE, legacy) == b"{}"
    with pytest.raises(ValueError, match="not sealed by this server"):
        AesGcmSealer(KeyRing(KEYS[:1])).open(SEAL_PURPOSE, legacy)


def test_a_sealed_text_opens_only_for_its_purpose() -> None:
    sealed = AesGcmSealer(RING).seal(SEAL_PURPOSE, b"x")
    with pytest.raises(ValueError, match="not sealed by this server"):
        AesGcmSealer(RING).open("another-purpose", sealed)


def test_no_two_uses_of_the_keys_share_a_purpose() -> None:
    purposes = [
        login_secrets.CODE_PURPOSE,
        login_secrets.LINK_PURPOSE,
        login_secrets.BROWSER_PURPOSE,
        login_secrets.SESSION_PURPOSE,
        browser_cookie._SIGNATURE_PURPOSE,  # the private names: this test is where every purpose is listed
        csrf._PURPOSE,
        link_signer._PURPOSE,
    ]
    assert len(set(purposes)) == len(purposes)
    assert all(purpose and "\x00" not in purpose for purpose in purposes)


@pytest.mark.parametrize("keys", [(), (("a", b"x" * 32), ("a", b"y" * 32)), (("a.b", b"x" * 32),), (("", b"x"),)])
def test_a_ring_needs_keys_with_distinct_kids_free_of_dots(keys: tuple[tuple[str, bytes], ...]) -> None:
    with pytest.raises(ValueError, match="key"):
        KeyRing(keys)


def test_a_purpose_with_nul_is_refused() -> None:
    with pytest.raises(ValueError, match="purpose"):
        RING.mac("a\x00b", b"")


@pytest.mark.parametrize("value", ["a:" + "x" * 32 + ",a:" + "y" * 32, "v1.2:" + "x" * 32])
def test_settings_refuse_repeated_kids_and_kids_with_dots(tmp_path: Path, value: str) -> None:
    with pytest.raises(SettingsError, match="PORTAL_SECRET_KEYS: key ids must be distinct"):
        make_settings(tmp_path, secret_keys=value)


def test_settings_keep_the_order_given_the_first_key_signs(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, secret_keys="new:" + "n" * 32 + ", old:" + "o" * 32)
    assert KeyRing(settings.secret_keys).kids == ("new", "old")
