"""The port's structs survive an encode/decode round trip (they travel in job messages and logs of state)."""

from __future__ import annotations

from datetime import UTC
from typing import get_args

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.ports.mobilepay_gateway import (
    RegisteredWebhook,
    VendorAggregate,
    VendorEvent,
    VendorEventName,
    VendorPayment,
    VendorState,
    WebhookRegistration,
)

pytestmark = pytest.mark.adapter

_minor = st.integers(min_value=0, max_value=65_000_000)
_text = st.text(min_size=1, max_size=40)
_aggregates = st.builds(VendorAggregate, authorized=_minor, cancelled=_minor, captured=_minor, refunded=_minor)
_payments = st.builds(
    VendorPayment,
    reference=_text,
    state=st.sampled_from(get_args(VendorState)),
    amount=_minor,
    currency=st.sampled_from(["DKK", "EUR"]),
    aggregate=_aggregates,
    psp_reference=_text,
)
_events = st.builds(
    VendorEvent,
    reference=_text,
    psp_reference=_text,
    name=st.sampled_from(get_args(VendorEventName)),
    amount=_minor,
    currency=st.sampled_from(["DKK", "EUR"]),
    timestamp=st.datetimes(timezones=st.just(UTC)),
    success=st.booleans(),
    idempotency_key=st.none() | _text,
    msn=st.none() | st.from_regex(r"\d{4,10}", fullmatch=True),
)
_structs = (
    _payments
    | _events
    | st.builds(WebhookRegistration, id=_text, secret=_text)
    | st.builds(RegisteredWebhook, id=_text, url=_text, events=st.tuples(_text, _text))
)


@given(_structs)
def test_port_structs_round_trip_through_json(value: msgspec.Struct) -> None:
    assert msgspec.json.decode(msgspec.json.encode(value), type=type(value)) == value


@given(_payments)
def test_capturable_is_never_negative_and_never_more_than_authorized(payment: VendorPayment) -> None:
    assert 0 <= payment.capturable <= payment.aggregate.authorized
