"""Chooses the SMS adapter: GatewayAPI when PORTAL_SMS_URL is set, else the embedded outbox (embedded mode)."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from application.ports.clock import Clock
from application.ports.sms import SmsGateway, SmsMessage, SmsRejected
from infrastructure.settings import Settings
from infrastructure.sms.embedded_outbox import EmbeddedSmsOutbox
from infrastructure.sms.gatewayapi import GatewayApiSmsGateway


class UnconfiguredSmsGateway:
    """Production without PORTAL_SMS_URL (start-up refuses this once a flow uses sms; this is the last guard)."""

    async def send(self, message: SmsMessage) -> str:
        raise SmsRejected("PORTAL_SMS_URL: required in production once a flow uses sms")


def make_sms_gateway(
    settings: Settings,
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock,
) -> SmsGateway:
    if settings.sms_url:
        return GatewayApiSmsGateway(client, settings.sms_url, settings.sms_token or "", settings.sms_sender)
    if settings.embedded:
        return EmbeddedSmsOutbox(session_factory, clock, settings.sms_sender)
    return UnconfiguredSmsGateway()
