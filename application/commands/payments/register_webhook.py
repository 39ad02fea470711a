"""RegisterWebhook: register the portal's webhook at MobilePay (PRODUCT §6.6); the secret is returned once."""

from __future__ import annotations

import msgspec

from application.ports.mobilepay_gateway import MobilePayGateway


class RegisterWebhook(msgspec.Struct, frozen=True, kw_only=True):
    url: str


class RegisteredWebhookSecret(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    secret: str


class RegisterWebhookHandler:
    """- Registers `{PORTAL_BASE_URL}/webhooks/mobilepay` for every payment event; nothing is stored locally: the
    operator puts the secret into PORTAL_MOBILEPAY_WEBHOOK_SECRET.
    """

    def __init__(self, gateway: MobilePayGateway) -> None:
        self._gateway = gateway

    async def __call__(self, cmd: RegisterWebhook) -> RegisteredWebhookSecret:
        registration = await self._gateway.register_webhook(url=cmd.url)
        return RegisteredWebhookSecret(id=str(registration.id), secret=registration.secret)
