"""Tokens, codes and session ids never appear in logs (PRODUCT §3): a whole sign-in, with every log at DEBUG."""

from __future__ import annotations

import logging
import re

import pytest

from infrastructure.container import Container
from interfaces.cli.logging_setup import configure_logging
from interfaces.http.app import create_app
from tests.asgi import asgi_client
from tests.builders import upsert_customer
from tests.integration.identity.signin_helpers import code_and_token, deliver_login_mail

pytestmark = pytest.mark.integration
MAIL = "mette@example.dk"


async def test_a_full_sign_in_logs_no_code_token_or_session_id(
    pg_container: Container, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging(verbose=True)
    caplog.set_level(logging.DEBUG)
    try:
        await pg_container.bus().handle(upsert_customer(customer_no="C-1001", email=MAIL))
        async with asgi_client(create_app(pg_container)) as api:
            await api.post("/api/v1/auth/login", json={"email": MAIL})
            await deliver_login_mail(pg_container)
            code, token = code_and_token(pg_container, MAIL)
            await api.post("/api/v1/auth/link", json={"token": token})
            session_id = api.cookies["portal_session"]
            await api.get("/api/v1/me")
            wrong = await api.post("/api/v1/auth/verify", json={"email": MAIL, "code": code})
            assert wrong.status_code == 400
            await api.post("/api/v1/auth/logout")
    finally:
        configure_logging(verbose=False)
    captured = capfd.readouterr()
    logs = captured.out + captured.err + caplog.text
    assert "message.end" in logs, "the test must actually see the log lines"
    for secret in (token, session_id):
        assert secret not in logs
    # the code is six digits: look for it as a whole number, not inside a timestamp's longer digit run
    assert re.search(rf"(?<![\d.]){code}(?!\d)", logs) is None
