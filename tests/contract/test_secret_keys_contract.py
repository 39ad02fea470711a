"""SecretHasher and SecretSealer (PRODUCT §2.2, §12; ADR-0015, ADR-0036), one contract run on the fakes and on the
key-ring adapters (HMAC-SHA256, AES-256-GCM): a digest is a function of purpose and value, the signing key's digest
comes first among the ones a lookup tries, and sealed text opens only for its purpose and only unaltered."""

from __future__ import annotations

import pytest

from application.ports.identity import SecretHasher, SecretSealer
from infrastructure.security.aes_sealer import AesGcmSealer
from infrastructure.security.hmac_hasher import HmacSecretHasher
from infrastructure.security.key_ring import KeyRing
from tests.fakes import FakeSecretHasher, FakeSecretSealer

pytestmark = pytest.mark.contract
RING = KeyRing((("k2", b"n" * 32), ("k1", b"o" * 32)))


@pytest.fixture(params=["fake", "key-ring"])
def hasher(request: pytest.FixtureRequest) -> SecretHasher:
    return FakeSecretHasher(("k2", "k1")) if request.param == "fake" else HmacSecretHasher(RING)


@pytest.fixture(params=["fake", "key-ring"])
def sealer(request: pytest.FixtureRequest) -> SecretSealer:
    return FakeSecretSealer() if request.param == "fake" else AesGcmSealer(RING)


def test_a_digest_is_a_function_of_purpose_and_value(hasher: SecretHasher) -> None:
    code = hasher.digest("login-code", "123456")
    assert code == hasher.digest("login-code", "123456")
    assert code != hasher.digest("login-link", "123456")
    assert code != hasher.digest("login-code", "123457")
    assert len(code) >= 32


def test_a_lookup_tries_every_key_the_signing_key_first(hasher: SecretHasher) -> None:
    digests = hasher.digests("session", "abc")
    assert len(digests) == 2
    assert digests[0] == hasher.digest("session", "abc")
    assert digests[1] != digests[0]


def test_sealed_text_opens_for_its_purpose_only(sealer: SecretSealer) -> None:
    sealed = sealer.seal("login-code", b"123456")
    assert b"123456" not in sealed.encode()
    assert sealer.open("login-code", sealed) == b"123456"
    with pytest.raises(ValueError, match="sealed"):
        sealer.open("login-link", sealed)


def test_altered_or_foreign_text_does_not_open(sealer: SecretSealer) -> None:
    sealed = sealer.seal("login-code", b"123456")
    middle = len(sealed) // 2 + 2  # inside the ciphertext, past the key id
    altered = sealed[:middle] + ("A" if sealed[middle] != "A" else "B") + sealed[middle + 1 :]
    for text in (altered, "", "k1.", "not sealed"):
        with pytest.raises(ValueError, match="sealed"):
            sealer.open("login-code", text)
