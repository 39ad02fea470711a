"""TokenSigner (PRODUCT §7, ADR-0020, ADR-0036), one contract run on the fake and on the HMAC signer: a signed token
verifies to its claims, and a token altered in any byte, or never signed, verifies to None. Key rotation is the
HMAC signer's own test (tests/adapters/security/test_link_signer.py)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from application.ports.links import LinkClaims, TokenSigner
from infrastructure.security.key_ring import KeyRing
from infrastructure.security.link_signer import HmacTokenSigner
from tests.fakes import FakeTokenSigner

pytestmark = pytest.mark.contract
CLAIMS = LinkClaims(
    link_id=uuid.UUID(int=1),
    document_id=uuid.UUID(int=2),
    role="bill_to",
    expires_at=dt.datetime(2026, 12, 25, 12, 0, tzinfo=dt.UTC),
)


@pytest.fixture(params=["fake", "hmac"])
def signer(request: pytest.FixtureRequest) -> TokenSigner:
    return FakeTokenSigner() if request.param == "fake" else HmacTokenSigner(KeyRing((("k1", b"k" * 32),)))


def test_a_signed_token_verifies_to_its_claims(signer: TokenSigner) -> None:
    token = signer.sign(CLAIMS)
    assert signer.verify(token) == CLAIMS
    other = LinkClaims(
        link_id=uuid.UUID(int=3), document_id=CLAIMS.document_id, role="customer", expires_at=CLAIMS.expires_at
    )
    other_token = signer.sign(other)
    assert other_token != token
    assert signer.verify(other_token) == other


def test_a_token_altered_in_any_byte_verifies_to_none(signer: TokenSigner) -> None:
    token = signer.sign(CLAIMS)
    for position in range(len(token)):
        replacement = "A" if token[position] != "A" else "B"
        altered = token[:position] + replacement + token[position + 1 :]
        assert signer.verify(altered) is None, position
    assert signer.verify(token + "A") is None
    assert signer.verify(token[:-1]) is None


@pytest.mark.parametrize("token", ["", ".", "k1.", "not-a-token", "k1.e30.AAAA"])
def test_a_token_never_signed_verifies_to_none(signer: TokenSigner, token: str) -> None:
    assert signer.verify(token) is None
