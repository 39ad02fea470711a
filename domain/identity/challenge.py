"""The login challenge: one emailed code and one emailed link, two keys to a single sign-in (PRODUCT §2)."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta
from uuid import UUID

from domain.identity.challenge_status import ChallengeStatus
from domain.identity.email_address import EmailAddress
from domain.identity.errors import ChallengeNotUsable, InvalidLoginChallenge, WrongLinkToken
from domain.identity.events import CustomerSignedIn, LoginChallengeIssued, LoginChallengeLocked, SignInMethod
from domain.identity.instant import require_aware
from domain.identity.landing import site_path
from domain.shared.aggregate import AggregateRoot

DEFAULT_LOGIN_TTL = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5


class LoginChallenge(AggregateRoot):
    """A login challenge for one email address.

    - The domain holds only keyed hashes of the code and the link token (the `SecretHasher` port makes them) and
      compares them in constant time.
    - It is open from `issued_at` until `expires_at` (issue + ttl, 10 minutes by default), exclusive.
    - Single use: a matching code or link consumes it, and a consumed challenge accepts neither key again.
    - Issuing a newer challenge does not touch this one; a sign-in through another challenge of the email ends it.
    - Each wrong code counts one attempt; at the fifth it locks, and a locked challenge accepts neither key.
    - A challenge that is not open never changes again, except that it may still expire.
    """

    id: UUID
    _email: str
    _code_hash: bytes
    _link_hash: bytes
    _issued_at: datetime
    _expires_at: datetime
    _attempts: int
    _consumed_at: datetime | None
    _ended_at: datetime | None

    def __init__(
        self,
        *,
        challenge_id: UUID,
        email: str,
        code_hash: bytes,
        link_hash: bytes,
        issued_at: datetime,
        expires_at: datetime,
        attempts: int = 0,
        consumed_at: datetime | None = None,
        ended_at: datetime | None = None,
    ) -> None:
        self.id = challenge_id
        self._email = email
        self._code_hash = code_hash
        self._link_hash = link_hash
        self._issued_at = issued_at
        self._expires_at = expires_at
        self._attempts = attempts
        self._consumed_at = consumed_at
        self._ended_at = ended_at
        self._browser_hash: bytes | None = None
        self._landing: str | None = None

    @classmethod
    def issue(
        cls,
        *,
        challenge_id: UUID,
        email: EmailAddress,
        code_hash: bytes,
        link_hash: bytes,
        issued_at: datetime,
        ttl: timedelta = DEFAULT_LOGIN_TTL,
    ) -> LoginChallenge:
        """Issue a fresh, open challenge; records `LoginChallengeIssued`."""
        require_aware(issued_at, "issued_at")
        if not code_hash or not link_hash:
            raise InvalidLoginChallenge("a login challenge needs both a code hash and a link hash")
        if hmac.compare_digest(code_hash, link_hash):
            raise InvalidLoginChallenge("the code hash and the link hash must differ")
        if ttl <= timedelta(0):
            raise InvalidLoginChallenge("a login challenge must live for a positive time")
        challenge = cls(
            challenge_id=challenge_id,
            email=email.value,
            code_hash=code_hash,
            link_hash=link_hash,
            issued_at=issued_at,
            expires_at=issued_at + ttl,
        )
        challenge._record(
            LoginChallengeIssued(
                challenge_id=challenge_id,
                email=email.value,
                issued_at=issued_at,
                expires_at=challenge._expires_at,
            )
        )
        return challenge

    @property
    def email(self) -> EmailAddress:
        return EmailAddress(value=self._email)

    @property
    def issued_at(self) -> datetime:
        return self._issued_at

    @property
    def expires_at(self) -> datetime:
        return self._expires_at

    @property
    def attempts(self) -> int:
        """Wrong codes counted so far (0 to 5)."""
        return self._attempts

    @property
    def consumed_at(self) -> datetime | None:
        return self._consumed_at

    @property
    def ended_at(self) -> datetime | None:
        return self._ended_at

    @property
    def is_locked(self) -> bool:
        return self._attempts >= MAX_CODE_ATTEMPTS

    def status(self, now: datetime) -> ChallengeStatus:
        """The state at `now`; recorded facts take precedence over expiry."""
        require_aware(now, "now")
        if self._consumed_at is not None:
            return ChallengeStatus.CONSUMED
        if self._ended_at is not None:
            return ChallengeStatus.ENDED
        if self.is_locked:
            return ChallengeStatus.LOCKED
        if now >= self._expires_at:
            return ChallengeStatus.EXPIRED
        return ChallengeStatus.OPEN

    def is_open(self, now: datetime) -> bool:
        return self.status(now) is ChallengeStatus.OPEN

    def matches_code(self, code_hash: bytes) -> bool:
        """Whether `code_hash` is this challenge's code hash (constant time; says nothing about the state)."""
        return hmac.compare_digest(self._code_hash, code_hash)

    def verify_code(self, code_hash: bytes, now: datetime, *, party: str | None = None) -> bool:
        """Try a code against this challenge alone.

        - Open and matching: consumed, records `CustomerSignedIn`, returns True.
        - Open and not matching: counts one wrong attempt, returns False.
        - Not open: returns False and changes nothing.
        - Against all challenges of an email, use `domain.identity.sign_in.check_code`, which counts a code as
          wrong only when it matches none of them.
        """
        matches = self.matches_code(code_hash)
        if not self.is_open(now):
            return False
        if not matches:
            self.record_wrong_code(now)
            return False
        self._consume(now, "code", party)
        return True

    def record_wrong_code(self, now: datetime) -> None:
        """Count one wrong code; the fifth locks the challenge and records `LoginChallengeLocked`."""
        self._require_open(now)
        self._attempts += 1
        if self.is_locked:
            self._record(LoginChallengeLocked(challenge_id=self.id, email=self._email, occurred_at=now))

    def consume_link(self, link_hash: bytes, now: datetime, *, party: str | None = None) -> None:
        """Sign in with the link: consumes the challenge and records `CustomerSignedIn`.

        - A token of another challenge raises `WrongLinkToken`; a challenge that is not open raises
          `ChallengeNotUsable`. The token is checked first, so a wrong token learns nothing about the state.
        """
        if not hmac.compare_digest(self._link_hash, link_hash):
            raise WrongLinkToken("the link does not belong to this sign-in request")
        self._require_open(now)
        self._consume(now, "link", party)

    def end_by_sign_in(self, now: datetime) -> bool:
        """End this challenge because the email signed in through another one; False when it was not open."""
        if not self.is_open(now):
            return False
        self._ended_at = now
        return True

    def _require_open(self, now: datetime) -> None:
        status = self.status(now)
        if status is not ChallengeStatus.OPEN:
            raise ChallengeNotUsable(status)

    def bind_browser(self, browser_hash: bytes) -> None:
        """Remember the keyed hash of the nonce in the requesting browser's `portal_login` cookie (PRODUCT §2.8)."""
        self._browser_hash = browser_hash

    def land_on(self, path: str) -> None:
        """Where the person goes after signing in with this challenge: a path of this site only (no open redirect)."""
        if site_path(path) is None:
            raise InvalidLoginChallenge("a landing must be a path on this site")
        self._landing = path

    @property
    def landing(self) -> str | None:
        return self._landing

    def was_requested_by(self, browser_hash: bytes | None) -> bool:
        """Whether the browser presenting `browser_hash` is the one that asked for this challenge (constant time)."""
        mine = self._browser_hash
        return mine is not None and browser_hash is not None and hmac.compare_digest(mine, browser_hash)

    def _consume(self, now: datetime, method: SignInMethod, party: str | None) -> None:
        self._consumed_at = now
        self._record(
            CustomerSignedIn(challenge_id=self.id, email=self._email, method=method, occurred_at=now, party=party)
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoginChallenge) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        # Hashes and the address stay out of logs and tracebacks.
        return f"LoginChallenge(id={self.id!s}, attempts={self._attempts})"
