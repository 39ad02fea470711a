"""The GatewayAPI SMS adapter: `POST {PORTAL_SMS_URL}` with HTTP Basic (the token as user name) (PRODUCT §8)."""

from __future__ import annotations

import re

import httpx
import structlog

from application.ports.sms import SmsMessage, SmsRejected, SmsUnavailable

_log = structlog.get_logger("portal.sms")
_NOT_DIGITS = re.compile(r"\D")
_MIN_DIGITS = 8
_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
_RETRY_LATER = 429


def msisdn(phone: str) -> int:
    """`+45 20 12 34 56` or `0045…` → 4520123456 (country code first, digits only); SmsRejected when too short."""
    digits = _NOT_DIGITS.sub("", phone.strip())
    digits = digits.removeprefix("00")
    if len(digits) < _MIN_DIGITS:
        raise SmsRejected(f"not a phone number with a country code: {phone!r}")
    return int(digits)


class GatewayApiSmsGateway:
    """Speaks GatewayAPI's REST API.

    - Body `{"sender", "message", "recipients": [{"msisdn"}], "userref"}`; `userref` carries the run's idempotency
      key, so the gateway's delivery reports and logs name the run.
    - A 2xx answers `{"ids": [...]}`: the first id is returned. Timeouts, transport errors, 5xx and 429 raise
      `SmsUnavailable` (the job retries); any other 4xx raises `SmsRejected`.
    """

    def __init__(self, client: httpx.AsyncClient, url: str, token: str | None, sender: str) -> None:
        self._client = client
        self._url = url
        self._auth = httpx.BasicAuth(token or "", "")
        self._sender = sender

    async def send(self, message: SmsMessage) -> str:
        body = {
            "sender": self._sender,
            "message": message.text,
            "recipients": [{"msisdn": msisdn(message.to)}],
            "userref": message.key,
        }
        try:
            response = await self._client.post(self._url, json=body, auth=self._auth, timeout=_TIMEOUT)
        except httpx.HTTPError as exc:
            raise SmsUnavailable(f"GatewayAPI unreachable: {type(exc).__name__}") from exc
        if response.status_code >= httpx.codes.INTERNAL_SERVER_ERROR or response.status_code == _RETRY_LATER:
            raise SmsUnavailable(f"GatewayAPI answered {response.status_code}")
        if not response.is_success:
            raise SmsRejected(f"GatewayAPI refused the message: {response.status_code}")
        try:
            ids = response.json()["ids"]
            sms_id = str(ids[0])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise SmsUnavailable("GatewayAPI answered 2xx without ids") from exc
        _log.info("sms.sent", gateway="gatewayapi", sms_id=sms_id)
        return sms_id
