"""Atomic consumption under concurrency on PostgreSQL, through the command handlers (PRODUCT §2.4, §2.6)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from dependency_injector import providers
from sqlalchemy import func, select

from application.commands.identity.consume_link import ConsumeLink
from application.commands.identity.request_login import RequestLogin
from application.commands.identity.verify_code import VerifyCode
from application.errors import SignInRefused
from infrastructure.container import Container
from infrastructure.persistence.tables.identity import customer_sessions, login_challenges
from tests.builders import GENEROUS_LOGIN, upsert_customer
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"


@pytest.fixture
async def container(pg_container: Container) -> Container:
    pg_container.login_policy.override(providers.Object(GENEROUS_LOGIN))
    await pg_container.bus().handle(upsert_customer(customer_no="C-1001", email=MAIL))
    await pg_container.bus().handle(RequestLogin(email=MAIL, ip="10.0.0.1"))
    await deliver_login_mail(pg_container)
    return pg_container


async def _outcomes(container: Container, commands: list[Any]) -> tuple[int, int]:
    results = await asyncio.gather(*(container.bus().handle(c) for c in commands), return_exceptions=True)
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, SignInRefused)]
    assert unexpected == []
    wins = sum(1 for r in results if not isinstance(r, BaseException))
    return wins, len(results) - wins


async def _count(container: Container, query: Any) -> int:
    async with container.session_factory()() as session:
        return int(await session.scalar(query) or 0)


async def test_fifty_concurrent_right_codes_make_exactly_one_session(container: Container) -> None:
    code, _ = code_and_token(container, MAIL)
    wins, refused = await _outcomes(container, [VerifyCode(email=MAIL, code=code, ip=f"10.1.0.{i}") for i in range(50)])
    sessions = await _count(container, select(func.count()).select_from(customer_sessions))
    print(f"\n50 concurrent right codes: {wins} signed in, {refused} refused, {sessions} session(s)")
    assert (wins, refused, sessions) == (1, 49, 1)


async def test_fifty_concurrent_wrong_codes_lock_the_challenge_counting_at_most_five(container: Container) -> None:
    code, _ = code_and_token(container, MAIL)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    wins, refused = await _outcomes(container, [VerifyCode(email=MAIL, code=wrong, ip="10.2.0.1") for _ in range(50)])
    attempts = await _count(container, select(func.max(login_challenges.c.attempts)))
    print(f"\n50 concurrent wrong codes: {refused} refused, attempts counted {attempts}")
    assert (wins, refused, attempts) == (0, 50, 5)
    right = await asyncio.gather(
        container.bus().handle(VerifyCode(email=MAIL, code=code, ip="10.2.0.2")), return_exceptions=True
    )
    assert isinstance(right[0], SignInRefused), "a locked challenge must refuse even the right code"


async def test_link_and_code_at_the_same_moment_one_wins(container: Container) -> None:
    code, token = code_and_token(container, MAIL)
    commands: list[Any] = []
    for i in range(10):
        commands += [VerifyCode(email=MAIL, code=code, ip=f"10.3.0.{i}"), ConsumeLink(token=token)]
    wins, _ = await _outcomes(container, commands)
    sessions = await _count(container, select(func.count()).select_from(customer_sessions))
    print(f"\nlink and code together, 20 attempts: {wins} signed in")
    assert (wins, sessions) == (1, 1)
