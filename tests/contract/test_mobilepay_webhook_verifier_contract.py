"""MobilePayWebhookVerifier (PRODUCT §6), one contract run on the fake and on the HMAC verifier: a delivery signed
as MobilePay signs it verifies and decodes to its event; an altered body, signed header or path is refused, and so is
an `x-ms-date` more than 5 minutes from now; a signed body that is no ePayment event is unreadable.

The HMAC verifier's deliveries are signed here as MobilePay signs them (the vendor's Webhooks API, "request
authentication"), not with the adapter's own functions; the vendor's published test vector checks this signer."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime

import msgspec
import pytest

from application.ports.mobilepay_gateway import (
    InvalidWebhookSignature,
    MobilePayWebhookVerifier,
    UnreadableWebhookEvent,
    VendorEvent,
)
from infrastructure.mobilepay.webhook_verifier import HmacWebhookVerifier
from tests.fakes import FakeWebhookVerifier

pytestmark = pytest.mark.contract
SECRET, HOST, PATH = "registration-secret-æøå", "portal.example.dk:8443", "/webhooks/mobilepay?portal=1"
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
EVENT = VendorEvent(
    reference="6f1c0c9e-8f43-4a40-9d4f-3b0a7d1f0e11",
    psp_reference="psp-41",
    name="AUTHORIZED",
    amount=24950,
    currency="DKK",
    timestamp=NOW - dt.timedelta(seconds=3),
    success=True,
    idempotency_key=None,
    msn="123456",
)
BODY = msgspec.json.encode(
    {
        "msn": EVENT.msn,
        "reference": EVENT.reference,
        "pspReference": EVENT.psp_reference,
        "name": EVENT.name,
        "amount": {"currency": EVENT.currency, "value": EVENT.amount},
        "timestamp": "2026-11-20T08:59:57Z",
        "success": True,
        "idempotencyKey": None,
    }
)
Sign = Callable[[bytes, str, dt.datetime], dict[str, str]]


def mobilepay_signed(
    body: bytes, path_and_query: str, at: dt.datetime, *, secret: str = SECRET, host: str = HOST
) -> dict[str, str]:
    """The headers MobilePay sends: HMAC-SHA256 with the secret's UTF-8 bytes over
    "POST" LF path_and_query LF x-ms-date ";" host ";" x-ms-content-sha256."""
    date = format_datetime(at.astimezone(dt.UTC), usegmt=True)
    content = base64.b64encode(hashlib.sha256(body).digest()).decode()
    to_sign = f"POST\n{path_and_query}\n{date};{host};{content}"
    mac = base64.b64encode(hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).digest()).decode()
    return {
        "x-ms-date": date,
        "host": host,
        "x-ms-content-sha256": content,
        "authorization": f"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={mac}",
    }


@dataclass(frozen=True)
class Subject:
    verifier: MobilePayWebhookVerifier
    sign: Sign


@pytest.fixture(params=["fake", "hmac"])
def subject(request: pytest.FixtureRequest) -> Subject:
    if request.param == "fake":
        fake = FakeWebhookVerifier(host=HOST)
        return Subject(fake, lambda body, path, at: fake.sign(body, path_and_query=path, at=at))
    return Subject(HmacWebhookVerifier(secret=SECRET), mobilepay_signed)


def _verify(subject: Subject, headers: dict[str, str], body: bytes = BODY, path: str = PATH) -> VendorEvent:
    return subject.verifier.verify(headers=headers, body=body, path_and_query=path, now=NOW)


def test_a_signed_delivery_verifies_and_decodes_to_its_event(subject: Subject) -> None:
    headers = subject.sign(BODY, PATH, NOW)
    assert _verify(subject, headers) == EVENT
    shouted = {name.title(): value for name, value in headers.items()} | {"Content-Type": "application/json"}
    assert _verify(subject, shouted) == EVENT, "header names in any case; unsigned headers do not matter"


def test_an_altered_body_is_refused(subject: Subject) -> None:
    headers = subject.sign(BODY, PATH, NOW)
    for body in (BODY.replace(b"24950", b"24951"), BODY + b" ", b""):
        with pytest.raises(InvalidWebhookSignature):
            _verify(subject, headers, body=body)


@pytest.mark.parametrize("name", ["x-ms-date", "host", "x-ms-content-sha256", "authorization"])
def test_an_altered_or_missing_signed_header_is_refused(subject: Subject, name: str) -> None:
    headers = subject.sign(BODY, PATH, NOW)
    other = subject.sign(BODY.replace(b"24950", b"100"), PATH, NOW + dt.timedelta(seconds=1))
    with pytest.raises(InvalidWebhookSignature):
        _verify(subject, headers | {name: other[name] if name != "host" else "evil.example"})
    with pytest.raises(InvalidWebhookSignature):
        _verify(subject, {k: v for k, v in headers.items() if k != name})


def test_a_delivery_signed_for_another_path_is_refused(subject: Subject) -> None:
    headers = subject.sign(BODY, PATH, NOW)
    for path in ("/webhooks/mobilepay", "/webhooks/mobilepay?portal=2", "/other?portal=1"):
        with pytest.raises(InvalidWebhookSignature):
            _verify(subject, headers, path=path)


def test_a_date_more_than_five_minutes_from_now_is_refused(subject: Subject) -> None:
    five = dt.timedelta(minutes=5)
    for at in (NOW - five, NOW + five):
        assert _verify(subject, subject.sign(BODY, PATH, at)) == EVENT, "five minutes either way still holds"
    for at in (NOW - five - dt.timedelta(seconds=1), NOW + five + dt.timedelta(seconds=1)):
        with pytest.raises(InvalidWebhookSignature):
            _verify(subject, subject.sign(BODY, PATH, at))


def test_a_signed_body_that_is_no_epayment_event_is_unreadable(subject: Subject) -> None:
    for body in (b'{"hello": "world"}', b"not json"):
        with pytest.raises(UnreadableWebhookEvent):
            _verify(subject, subject.sign(body, PATH, NOW), body=body)


def test_the_signer_here_is_mobilepays_own_published_example() -> None:
    """The vendor's test vector (Webhooks API, request authentication): this module signs as MobilePay does, and the
    HMAC verifier accepts it (its body is no ePayment event, so it is unreadable only after the signature held)."""
    secret = "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A=="
    body = b'{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}'
    path, at = "/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63", dt.datetime(2023, 3, 30, 8, 38, 32, tzinfo=dt.UTC)
    headers = mobilepay_signed(body, path, at, secret=secret, host="webhook.site")
    assert headers["x-ms-date"] == "Thu, 30 Mar 2023 08:38:32 GMT"
    assert headers["x-ms-content-sha256"] == "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4="
    assert headers["authorization"].endswith("&Signature=agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U=")
    with pytest.raises(UnreadableWebhookEvent):
        HmacWebhookVerifier(secret=secret).verify(headers=headers, body=body, path_and_query=path, now=at)
