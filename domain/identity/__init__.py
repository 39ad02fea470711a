"""Identity context: passwordless sign-in, customer sessions and admin API keys (PRODUCT §2, §3)."""

from domain.identity.api_key import ApiKey
from domain.identity.challenge import DEFAULT_LOGIN_TTL, MAX_CODE_ATTEMPTS, LoginChallenge
from domain.identity.challenge_status import ChallengeStatus
from domain.identity.email_address import EmailAddress, normalise_email
from domain.identity.errors import (
    ChallengeNotUsable,
    InvalidApiKey,
    InvalidEmailAddress,
    InvalidLoginChallenge,
    InvalidRateLimit,
    SessionNotActive,
    WrongLinkToken,
)
from domain.identity.events import CustomerSignedIn, LoginChallengeIssued, LoginChallengeLocked
from domain.identity.rate_limit import RateLimit, RateWindow
from domain.identity.session import DEFAULT_SESSION_IDLE, DEFAULT_SESSION_MAX_AGE, TOUCH_INTERVAL, CustomerSession
from domain.identity.sign_in import check_code, end_other_challenges

__all__ = [
    "DEFAULT_LOGIN_TTL",
    "DEFAULT_SESSION_IDLE",
    "DEFAULT_SESSION_MAX_AGE",
    "MAX_CODE_ATTEMPTS",
    "TOUCH_INTERVAL",
    "ApiKey",
    "ChallengeNotUsable",
    "ChallengeStatus",
    "CustomerSession",
    "CustomerSignedIn",
    "EmailAddress",
    "InvalidApiKey",
    "InvalidEmailAddress",
    "InvalidLoginChallenge",
    "InvalidRateLimit",
    "LoginChallenge",
    "LoginChallengeIssued",
    "LoginChallengeLocked",
    "RateLimit",
    "RateWindow",
    "SessionNotActive",
    "WrongLinkToken",
    "check_code",
    "end_other_challenges",
    "normalise_email",
]
