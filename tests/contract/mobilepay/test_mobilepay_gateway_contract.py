"""The MobilePayGateway contract: one abstract suite, run against HttpxMobilePayGateway and the simulator over real
HTTP, and against FakeMobilePayGateway (the unit tests' MobilePay), so the fake cannot drift. What only the wire can
show (each exchange checked against the vendor's files) stays in the httpx class."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID, uuid4

import pytest

from application.ports.mobilepay_gateway import (
    MobilePayGateway,
    MobilePayPaymentNotFound,
    MobilePayRefused,
)
from tests.contract.mobilepay.contract_support import CheckedExchanges, SimulatorCustomer
from tests.unit.application.payments.payment_fakes import FakeMobilePayGateway

pytestmark = pytest.mark.contract

PHONE = "+4520123456"


class Customer(Protocol):
    async def approve(self, payment_id: UUID) -> None: ...
    async def reject(self, payment_id: UUID) -> None: ...


class MobilePayGatewayContract:
    """What every MobilePayGateway does. Subclasses provide the `gateway` and `customer` fixtures."""

    @pytest.fixture
    def gateway(self) -> MobilePayGateway:
        raise NotImplementedError

    @pytest.fixture
    def customer(self) -> Customer:
        raise NotImplementedError

    async def _authorized(self, gateway: MobilePayGateway, customer: Customer, amount: int = 12500) -> UUID:
        payment_id = uuid4()
        await gateway.create_payment(
            payment_id=payment_id, amount=amount, currency="DKK", phone_number=PHONE, description="Invoice INV-10023"
        )
        await customer.approve(payment_id)
        return payment_id

    async def test_a_created_payment_waits_for_the_customer(self, gateway: MobilePayGateway) -> None:
        payment_id = uuid4()
        reference = await gateway.create_payment(
            payment_id=payment_id, amount=12500, currency="DKK", phone_number=PHONE
        )
        payment = await gateway.get_payment(payment_id)
        assert reference == payment.reference == str(payment_id)
        assert (payment.state, payment.amount, payment.currency) == ("CREATED", 12500, "DKK")
        assert payment.aggregate.authorized == 0

    async def test_creating_twice_makes_one_payment(self, gateway: MobilePayGateway) -> None:
        payment_id = uuid4()
        for _ in range(2):
            await gateway.create_payment(payment_id=payment_id, amount=500, currency="DKK", phone_number=PHONE)
        assert [e.name for e in await gateway.list_events(payment_id)] == ["CREATED"]

    async def test_approval_authorizes_the_whole_amount(self, gateway: MobilePayGateway, customer: Customer) -> None:
        payment_id = await self._authorized(gateway, customer)
        payment = await gateway.get_payment(payment_id)
        assert payment.state == "AUTHORIZED"
        assert payment.aggregate.authorized == payment.capturable == 12500

    async def test_capture_moves_money_but_not_the_state(self, gateway: MobilePayGateway, customer: Customer) -> None:
        payment_id = await self._authorized(gateway, customer)
        captured = await gateway.capture(payment_id, amount=12500, currency="DKK")
        assert (captured.state, captured.aggregate.captured, captured.capturable) == ("AUTHORIZED", 12500, 0)
        events = await gateway.list_events(payment_id)
        assert [e.name for e in events] == ["CREATED", "AUTHORIZED", "CAPTURED"]
        assert events[-1].idempotency_key == f"capture-{payment_id}"
        assert events[-1].amount == 12500
        assert len({e.psp_reference for e in events}) == 3

    async def test_a_repeated_capture_on_the_same_key_captures_once(
        self, gateway: MobilePayGateway, customer: Customer
    ) -> None:
        payment_id = await self._authorized(gateway, customer)
        first = await gateway.capture(payment_id, amount=10000, currency="DKK")
        again = await gateway.capture(payment_id, amount=10000, currency="DKK")
        assert first.aggregate == again.aggregate
        assert [e.name for e in await gateway.list_events(payment_id)].count("CAPTURED") == 1

    async def test_capturing_more_than_authorized_is_refused(
        self, gateway: MobilePayGateway, customer: Customer
    ) -> None:
        payment_id = await self._authorized(gateway, customer, amount=1000)
        with pytest.raises(MobilePayRefused) as raised:
            await gateway.capture(payment_id, amount=1001, currency="DKK")
        assert raised.value.reason == "amount_exceeds_authorized"

    async def test_cancel_after_a_partial_capture_releases_the_rest(
        self, gateway: MobilePayGateway, customer: Customer
    ) -> None:
        payment_id = await self._authorized(gateway, customer)
        await gateway.capture(payment_id, amount=4000, currency="DKK")
        cancelled = await gateway.cancel(payment_id)
        assert (cancelled.aggregate.captured, cancelled.aggregate.cancelled, cancelled.capturable) == (4000, 8500, 0)

    async def test_cancel_before_approval_terminates(self, gateway: MobilePayGateway) -> None:
        payment_id = uuid4()
        await gateway.create_payment(payment_id=payment_id, amount=700, currency="DKK", phone_number=PHONE)
        assert (await gateway.cancel(payment_id)).state == "TERMINATED"
        assert [e.name for e in await gateway.list_events(payment_id)] == ["CREATED", "TERMINATED"]

    async def test_refunds_add_up_to_at_most_what_was_captured(
        self, gateway: MobilePayGateway, customer: Customer
    ) -> None:
        payment_id = await self._authorized(gateway, customer)
        await gateway.capture(payment_id, amount=12500, currency="DKK")
        refunded = await gateway.refund(
            payment_id, amount=2500, currency="DKK", idempotency_key=f"refund-{payment_id}-1"
        )
        assert refunded.aggregate.refunded == 2500
        with pytest.raises(MobilePayRefused) as raised:
            await gateway.refund(payment_id, amount=10001, currency="DKK", idempotency_key=f"refund-{payment_id}-2")
        assert raised.value.reason == "amount_exceeds_captured"

    async def test_a_rejected_payment_is_aborted_and_cannot_be_captured(
        self, gateway: MobilePayGateway, customer: Customer
    ) -> None:
        payment_id = uuid4()
        await gateway.create_payment(payment_id=payment_id, amount=900, currency="DKK", phone_number=PHONE)
        await customer.reject(payment_id)
        assert (await gateway.get_payment(payment_id)).state == "ABORTED"
        with pytest.raises(MobilePayRefused):
            await gateway.capture(payment_id, amount=900, currency="DKK")

    async def test_an_invalid_phone_is_refused_with_a_reason(self, gateway: MobilePayGateway) -> None:
        with pytest.raises(MobilePayRefused) as raised:
            await gateway.create_payment(payment_id=uuid4(), amount=100, currency="DKK", phone_number="12345")
        assert (raised.value.reason, raised.value.code) == ("invalid_phone", "4070")

    async def test_an_unknown_payment_is_not_found(self, gateway: MobilePayGateway) -> None:
        unknown = uuid4()
        with pytest.raises(MobilePayPaymentNotFound):
            await gateway.get_payment(unknown)
        with pytest.raises(MobilePayPaymentNotFound):
            await gateway.list_events(unknown)
        with pytest.raises(MobilePayPaymentNotFound):
            await gateway.capture(unknown, amount=1, currency="DKK")

    async def test_webhooks_are_registered_listed_and_deleted(self, gateway: MobilePayGateway) -> None:
        registration = await gateway.register_webhook(url="http://127.0.0.1:9/webhooks/mobilepay")
        assert registration.secret
        assert registration.id in {w.id for w in await gateway.list_webhooks()}
        await gateway.delete_webhook(registration.id)
        assert registration.id not in {w.id for w in await gateway.list_webhooks()}


class _FakePhone:
    """The person's phone for the fake gateway: approving or rejecting in memory."""

    def __init__(self, gateway: FakeMobilePayGateway) -> None:
        self._gateway = gateway

    async def approve(self, payment_id: UUID) -> None:
        self._gateway.approve(payment_id)

    async def reject(self, payment_id: UUID) -> None:
        self._gateway.reject(payment_id)


class TestFakeGateway(MobilePayGatewayContract):
    @pytest.fixture
    def fake(self) -> FakeMobilePayGateway:
        return FakeMobilePayGateway()

    @pytest.fixture
    def gateway(self, fake: FakeMobilePayGateway) -> MobilePayGateway:
        return fake

    @pytest.fixture
    def customer(self, fake: FakeMobilePayGateway) -> Customer:
        return _FakePhone(fake)


class TestHttpxGatewayAgainstSimulator(MobilePayGatewayContract):
    @pytest.fixture
    def gateway(self, real_gateway: MobilePayGateway) -> MobilePayGateway:
        return real_gateway

    @pytest.fixture
    def customer(self, simulator_customer: SimulatorCustomer) -> Customer:
        return simulator_customer

    # HTTP only: a fake has no exchanges to check against the vendor's OpenAPI files.
    async def test_every_exchange_was_checked_against_the_vendor_files(
        self, gateway: MobilePayGateway, customer: Customer, checked: CheckedExchanges
    ) -> None:
        payment_id = await self._authorized(gateway, customer)
        await gateway.capture(payment_id, amount=100, currency="DKK")
        await gateway.refund(payment_id, amount=100, currency="DKK", idempotency_key=f"refund-{payment_id}")
        await gateway.cancel(payment_id)
        await gateway.list_events(payment_id)
        paths = {(r.method, r.url.path.replace(str(payment_id), "{reference}")) for r, _ in checked.exchanges}
        assert paths >= {
            ("POST", "/accesstoken/get"),
            ("POST", "/epayment/v1/payments"),
            ("POST", "/epayment/v1/test/payments/{reference}/approve"),
            ("POST", "/epayment/v1/payments/{reference}/capture"),
            ("POST", "/epayment/v1/payments/{reference}/refund"),
            ("POST", "/epayment/v1/payments/{reference}/cancel"),
            ("GET", "/epayment/v1/payments/{reference}/events"),
        }
