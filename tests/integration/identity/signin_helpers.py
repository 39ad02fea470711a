"""Helpers for the sign-in tests: drive the outbox's mail job and read the code and link from real SMTP."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select, update

from application import jobs
from application.commands.identity.send_login_email import SendLoginEmail
from infrastructure.container import Container
from infrastructure.persistence.tables.outbox import outbox

CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
LINK = re.compile(r"https?://\S+/login/link/([A-Za-z0-9_\-]+)")


async def deliver_login_mail(container: Container) -> int:
    """Run every unsent `send_login_email` job through the bus (as the worker would); returns how many."""
    async with container.session_factory()() as session, session.begin():
        rows = (
            await session.execute(
                select(outbox.c.seq, outbox.c.payload).where(
                    outbox.c.actor == jobs.SEND_LOGIN_EMAIL, outbox.c.sent_at.is_(None)
                )
            )
        ).all()
        await session.execute(update(outbox).where(outbox.c.seq.in_([r.seq for r in rows])).values(sent_at=_now()))
    for row in rows:
        await container.bus().handle(
            SendLoginEmail(challenge_id=uuid.UUID(row.payload["challenge_id"]), sealed=row.payload["sealed"])
        )
    return len(rows)


def _now() -> Any:
    import datetime as dt  # noqa: PLC0415

    return dt.datetime.now(dt.UTC)


def code_and_token(container: Container, email: str) -> tuple[str, str]:
    mail = container.embedded_smtp().latest_to(email)
    assert mail is not None, f"no mail to {email}"
    code = CODE.search(mail.text)
    link = LINK.search(mail.text)
    assert code is not None
    assert link is not None
    return code.group(1), link.group(1)
