"""SQLAlchemy repositories of the identity context."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from domain.identity.challenge import LoginChallenge
from domain.identity.session import CustomerSession
from infrastructure.persistence.repositories.tracking import TrackingRepository
from infrastructure.persistence.tables.identity import login_challenges

c = login_challenges.c


class SqlAlchemyChallengeRepository(TrackingRepository):
    """Loads challenges `FOR UPDATE` (PostgreSQL): the verifications of one email queue behind each other."""

    def add(self, challenge: LoginChallenge) -> None:
        self._add(challenge)

    async def get(self, challenge_id: uuid.UUID) -> LoginChallenge | None:
        return self._track(await self._session.get(LoginChallenge, challenge_id))

    async def open_for(self, email: str, now: dt.datetime) -> list[LoginChallenge]:
        query = (
            select(LoginChallenge)
            .where(c.email == email, c.consumed_at.is_(None), c.ended_at.is_(None), c.expires_at > now)
            .order_by(c.issued_at, c.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return [x for x in (await self._session.scalars(query)).all() if self._track(x) is not None]

    async def latest_email_asked_by(
        self, browser_hash: bytes, now: dt.datetime, *, open_only: bool = True
    ) -> str | None:
        query = (
            select(c.email)
            .where(c.browser_hash == browser_hash, c.consumed_at.is_(None))
            .order_by(c.issued_at.desc(), c.id.desc())
            .limit(1)
        )
        if open_only:
            query = query.where(c.ended_at.is_(None), c.expires_at > now)
        email: str | None = await self._session.scalar(query)
        return email

    async def by_link_hash(self, link_hash: bytes) -> LoginChallenge | None:
        query = (
            select(LoginChallenge)
            .where(c.link_hash == link_hash)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._track((await self._session.scalars(query)).one_or_none())


class SqlAlchemySessionRepository(TrackingRepository):
    def add(self, session: CustomerSession) -> None:
        self._add(session)

    async def get(self, id_hash: bytes) -> CustomerSession | None:
        return self._track(await self._session.get(CustomerSession, id_hash))
