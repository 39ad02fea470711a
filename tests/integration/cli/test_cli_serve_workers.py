"""`portal serve --workers N` (PRODUCT §11, ADR-0025): N server processes on one socket under uvicorn's supervisor,
each making its app from the environment, each answering the server's own 400 with the security headers; SIGTERM
stops them all. Embedded mode refuses more than one process in one line."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
from pathlib import Path

import psutil
import pytest

from tests.portal_process import PORTAL, ROOT, free_port, wait_until_live

pytestmark = pytest.mark.integration


def _production(database_url: str, tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    base = f"https://127.0.0.1:{port}"
    return env | {
        "PORTAL_ENV": "production",
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_BROKER_URL": "redis://127.0.0.1:6379/15",
        "PORTAL_BASE_URL": base,
        "PORTAL_SECRET_KEYS": f"k1:{secrets.token_urlsafe(48)}",
        "PORTAL_SMTP_HOST": "127.0.0.1",
        "PORTAL_MAIL_FROM": "portal@example.dk",
        "PORTAL_SOURCE_URL": f"{base}/source",
        "PORTAL_MOBILEPAY_BASE_URL": "http://127.0.0.1:9",
        "PORTAL_MOBILEPAY_CLIENT_ID": "id",
        "PORTAL_MOBILEPAY_CLIENT_SECRET": "secret",
        "PORTAL_MOBILEPAY_SUBSCRIPTION_KEY": "key",
        "PORTAL_MOBILEPAY_MSN": "123456",
        "PORTAL_MOBILEPAY_WEBHOOK_SECRET": "webhook-secret",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
    }


def _server_400(port: int) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n")
        raw = b""
        while chunk := conn.recv(4096):
            raw += chunk
    return raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()


def test_workers_serve_on_one_port_carry_the_headers_and_stop_together(pg_database: str, tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "serve.log"
    command = [*PORTAL, "serve", "--port", str(port), "--workers", "2"]
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command, cwd=ROOT, env=_production(pg_database, tmp_path, port), stdout=sink, stderr=sink
        )
    supervisor = psutil.Process(server.pid)
    try:
        wait_until_live(f"http://127.0.0.1:{port}", server, log)
        workers = [p for p in supervisor.children() if "spawn" in " ".join(p.cmdline())]
        assert len(workers) == 2, [p.cmdline() for p in supervisor.children()]
        for _ in range(4):  # whichever worker takes the connection
            head = _server_400(port)
            assert head.startswith("http/1.1 400"), head
            assert "x-content-type-options: nosniff" in head
            assert "strict-transport-security: " in head  # the https base URL reached the workers' config
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    assert code == 0, log.read_text()[-2000:]
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_embedded_mode_runs_one_process(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")} | {"PORTAL_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [*PORTAL, "serve", "--workers", "2"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: --workers: embedded mode runs one process (its worker, broker and SQLite live in it)"
    ]
