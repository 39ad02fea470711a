"""The SMS gateway of production without PORTAL_SMS_URL (start-up refuses this once a flow uses sms)."""

from __future__ import annotations

from application.ports.sms import SmsMessage, SmsRejected


class UnconfiguredSmsGateway:
    """The last guard: every send is refused, naming the missing variable."""

    async def send(self, message: SmsMessage) -> str:
        raise SmsRejected("PORTAL_SMS_URL: required in production once a flow uses sms")
