"""Sign-in does the same database work for known and unknown addresses (PRODUCT §2.1, §3 timing).

Timing itself is measured by `bench/signin_timing.py`, never here; these tests pin its cause: the statements sent
to PostgreSQL for a sign-in request and for a wrong code are the same, statement for statement, whether or not the
address belongs to a customer; and the decoy written for an unknown address can neither be mailed nor used.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import msgspec
import pytest
from sqlalchemy import select

from application.credentials.login_secrets import CODE_PURPOSE, SEAL_PURPOSE, LoginSecrets, looks_like_code
from infrastructure.container import Container
from infrastructure.persistence.tables.identity import login_challenges
from infrastructure.persistence.tables.outbox import outbox
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import upsert_customer
from tests.integration.identity.signin_helpers import deliver_login_mail
from tests.sql_log import sent_sql

pytestmark = pytest.mark.integration
KNOWN = "mette@example.dk"
UNKNOWN = "nobody@example.dk"


@pytest.fixture
async def api(pg_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    await pg_container.bus().handle(upsert_customer(customer_no="C-1001", email=KNOWN))
    async with asgi_client(create_app(pg_container)) as client:
        yield client


async def _post(api: httpx.AsyncClient, path: str, body: dict[str, str]) -> httpx.Response:
    api.cookies.clear()
    return await api.post(path, json=body)


async def test_a_sign_in_request_sends_the_same_statements_for_known_and_unknown_addresses(
    api: httpx.AsyncClient, pg_container: Container
) -> None:
    await _post(api, "/api/v1/auth/login", {"email": "warm-up@example.dk"})  # the first request loads metadata
    runs: dict[str, list[str]] = {}
    for email in (KNOWN, UNKNOWN):
        with sent_sql(pg_container) as seen:
            assert (await _post(api, "/api/v1/auth/login", {"email": email})).status_code == 202
        runs[email] = seen
    assert runs[KNOWN] == runs[UNKNOWN]
    assert any(s.startswith("INSERT INTO login_challenges") for s in runs[KNOWN])
    assert any(s.startswith("INSERT INTO outbox") for s in runs[KNOWN])


async def test_a_wrong_code_sends_the_same_statements_for_known_and_unknown_addresses(
    api: httpx.AsyncClient, pg_container: Container
) -> None:
    runs: dict[str, list[str]] = {}
    for email in (KNOWN, UNKNOWN):
        assert (await _post(api, "/api/v1/auth/login", {"email": email})).status_code == 202
        with sent_sql(pg_container) as seen:
            wrong = await _post(api, "/api/v1/auth/verify", {"email": email, "code": "000000"})
            assert wrong.status_code == 400
        runs[email] = seen
    assert runs[KNOWN] == runs[UNKNOWN]
    assert any(s.startswith("UPDATE login_challenges") for s in runs[KNOWN])
    async with pg_container.session_factory()() as session:
        attempts = dict((await session.execute(select(login_challenges.c.email, login_challenges.c.attempts))).all())
    assert attempts == {KNOWN: 1, UNKNOWN: 1}


async def test_the_decoy_of_an_unknown_address_is_never_mailed_and_holds_no_code(
    api: httpx.AsyncClient, pg_container: Container
) -> None:
    for email in (KNOWN, UNKNOWN):
        await _post(api, "/api/v1/auth/login", {"email": email})
    async with pg_container.session_factory()() as session:
        jobs = (await session.scalars(select(outbox.c.payload).order_by(outbox.c.seq))).all()
        hashes = dict((await session.execute(select(login_challenges.c.id, login_challenges.c.code_hash))).all())
    sealer, hasher = pg_container.sealer(), pg_container.hasher()
    sealed = [msgspec.json.decode(sealer.open(SEAL_PURPOSE, job["sealed"]), type=LoginSecrets) for job in jobs]
    assert [looks_like_code(s.code) for s in sealed] == [True, False]  # a code check hashes 6-digit codes only
    for job, secrets_ in zip(jobs, sealed, strict=True):
        assert hashes[uuid.UUID(job["challenge_id"])] == hasher.digest(CODE_PURPOSE, secrets_.code)
    assert await deliver_login_mail(pg_container) == 2  # both jobs run; only one sends
    smtp = pg_container.embedded_smtp()
    assert smtp.latest_to(KNOWN) is not None
    assert smtp.latest_to(UNKNOWN) is None
