"""Errors the application layer raises for the edges to map (STYLE §6)."""

from __future__ import annotations

from application.ports.mailer import MailUnavailable
from application.ports.mobilepay_gateway import MobilePayUnavailable
from application.ports.sms import SmsUnavailable
from application.ports.webhooks import WebhookFailed


class StoreUnavailable(Exception):
    """The database cannot be reached or failed mid-transaction (HTTP 503); nothing was written."""


class BrokerUnavailable(Exception):
    """The job broker cannot be reached (HTTP 503)."""


class Unauthorized(Exception):
    """No valid credentials for this scope (HTTP 401)."""


class RateLimited(Exception):
    """Too many attempts (HTTP 429 with Retry-After); never says whether an address exists."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"too many attempts; try again in {retry_after_seconds} seconds")
        self.retry_after_seconds = max(1, retry_after_seconds)


class SignInRefused(Exception):
    """A code or link that cannot sign anyone in: wrong, expired, used or locked alike (HTTP 400)."""


#: Faults of something outside that a job expects and simply retries later, without a traceback (PRODUCT §10):
#: the database, the broker, MobilePay, the mail server, the SMS gateway, a flow's webhook receiver.
TRANSIENT_FAULTS: tuple[type[Exception], ...] = (
    StoreUnavailable,
    BrokerUnavailable,
    MobilePayUnavailable,
    MailUnavailable,
    SmsUnavailable,
    WebhookFailed,
)
