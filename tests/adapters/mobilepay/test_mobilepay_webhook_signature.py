"""The webhook signature verifier against the vendor's published test vector, and every way to break it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.ports.mobilepay_gateway import InvalidWebhookSignature
from infrastructure.mobilepay.webhook_signature import (
    authorization_header,
    content_hash,
    signature,
    verify_webhook_signature,
)

pytestmark = pytest.mark.adapter

# The vendor's test vector (Webhooks API, request authentication).
SECRET = "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A=="
HOST = "webhook.site"
PATH = "/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63"
DATE = "Thu, 30 Mar 2023 08:38:32 GMT"
BODY = b'{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}'
HASH = "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4="
SIGNATURE = "agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U="
SIGNED_AT = datetime(2023, 3, 30, 8, 38, 32, tzinfo=UTC)


def _headers(**overrides: str) -> dict[str, str]:
    headers = {
        "X-Ms-Date": DATE,
        "x-ms-content-sha256": HASH,
        "Authorization": f"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={SIGNATURE}",
        "Host": HOST,
    }
    headers.update(overrides)
    return headers


def _verify(headers: dict[str, str], body: bytes = BODY, *, now: datetime = SIGNED_AT, path: str = PATH) -> None:
    verify_webhook_signature(headers=headers, body=body, path_and_query=path, secret=SECRET, now=now)


def test_the_vendor_vector_hashes_and_signs_as_published() -> None:
    assert content_hash(BODY) == HASH
    assert signature(secret=SECRET, path_and_query=PATH, date=DATE, host=HOST, body_hash=HASH) == SIGNATURE


def test_the_vendor_vector_verifies() -> None:
    _verify(_headers())


@pytest.mark.parametrize("offset", [timedelta(minutes=5), timedelta(minutes=-5), timedelta(0)])
def test_a_date_up_to_five_minutes_away_is_accepted(offset: timedelta) -> None:
    _verify(_headers(), now=SIGNED_AT + offset)


@pytest.mark.parametrize("offset", [timedelta(minutes=5, seconds=1), timedelta(minutes=-5, seconds=-1)])
def test_a_date_more_than_five_minutes_away_is_refused(offset: timedelta) -> None:
    with pytest.raises(InvalidWebhookSignature, match="too far"):
        _verify(_headers(), now=SIGNED_AT + offset)


def test_an_altered_body_is_refused() -> None:
    with pytest.raises(InvalidWebhookSignature, match="content hash"):
        _verify(_headers(), BODY.replace(b"hello", b"hellO"))


def test_a_body_with_its_hash_replaced_is_refused_by_the_signature() -> None:
    forged = b'{"some-unique-content":"forged"}'
    with pytest.raises(InvalidWebhookSignature, match="signature does not match"):
        _verify(_headers(**{"x-ms-content-sha256": content_hash(forged)}), forged)


def test_a_changed_date_breaks_the_signature() -> None:
    with pytest.raises(InvalidWebhookSignature, match="signature does not match"):
        _verify(_headers(**{"X-Ms-Date": "Thu, 30 Mar 2023 08:38:33 GMT"}))


def test_another_secret_is_refused() -> None:
    with pytest.raises(InvalidWebhookSignature):
        verify_webhook_signature(headers=_headers(), body=BODY, path_and_query=PATH, secret="other", now=SIGNED_AT)


@pytest.mark.parametrize(("path", "host"), [("/other", HOST), (PATH, "evil.example"), (PATH + "?x=1", HOST)])
def test_another_path_or_host_is_refused(path: str, host: str) -> None:
    with pytest.raises(InvalidWebhookSignature):
        _verify(_headers(Host=host), path=path)


def test_the_registered_host_can_replace_a_rewritten_host_header() -> None:
    verify_webhook_signature(
        headers=_headers(Host="internal:8000"), body=BODY, path_and_query=PATH, secret=SECRET, now=SIGNED_AT, host=HOST
    )


@pytest.mark.parametrize("missing", ["X-Ms-Date", "x-ms-content-sha256", "Authorization", "Host"])
def test_a_missing_header_is_refused(missing: str) -> None:
    headers = _headers()
    del headers[missing]
    with pytest.raises(InvalidWebhookSignature, match="missing"):
        _verify(headers)


@pytest.mark.parametrize("date", ["yesterday", "Thu, 30 Mar 2023 08:38:32 -0000"])
def test_an_unreadable_or_zoneless_date_is_refused(date: str) -> None:
    with pytest.raises(InvalidWebhookSignature):
        _verify(_headers(**{"X-Ms-Date": date}))


def test_a_signature_in_another_scheme_is_refused() -> None:
    with pytest.raises(InvalidWebhookSignature):
        _verify(_headers(Authorization=f"HMAC-SHA256 Signature={SIGNATURE}"))


@given(body=st.binary(max_size=512), secret=st.text(min_size=1, max_size=64), flip=st.integers(min_value=0))
def test_any_signed_body_verifies_and_any_flipped_byte_does_not(body: bytes, secret: str, flip: int) -> None:
    body_hash = content_hash(body)
    sig = signature(
        secret=secret, path_and_query="/webhooks/mobilepay", date=DATE, host="portal.example", body_hash=body_hash
    )
    headers = {
        "x-ms-date": DATE,
        "x-ms-content-sha256": body_hash,
        "authorization": authorization_header(sig),
        "host": "portal.example",
    }

    def verify(payload: bytes) -> None:
        verify_webhook_signature(
            headers=headers, body=payload, path_and_query="/webhooks/mobilepay", secret=secret, now=SIGNED_AT
        )

    verify(body)
    if body:
        index = flip % len(body)
        with pytest.raises(InvalidWebhookSignature):
            verify(body[:index] + bytes([body[index] ^ 0x01]) + body[index + 1 :])
