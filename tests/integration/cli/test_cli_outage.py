"""The CLI with its database or broker away, or a setting missing: one line on stderr and exit 1 (PRODUCT §10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.mobilepay.live_server import free_port

pytestmark = pytest.mark.integration
PORTAL = str(Path(sys.executable).with_name("portal"))
COMMANDS = [
    ("documents", "list"),
    ("links", "share", "invoice", "INV-1"),
    ("payments", "reconcile"),
    ("apikeys", "list"),
    ("db", "upgrade"),
    ("serve", "--port", "1"),
]


def _run(args: tuple[str, ...], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PORTAL, *args], env=env, capture_output=True, timeout=60, check=False, text=True, input=stdin
    )


@pytest.fixture
def unreachable_database(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PORTAL_VAR_DIR": str(tmp_path / "var")}
    env["PORTAL_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
    env.pop("PORTAL_ENV", None)
    return env


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unreachable_database_is_one_line_and_exit_1(
    args: tuple[str, ...], unreachable_database: dict[str, str]
) -> None:
    done = _run(args, unreachable_database)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: the database cannot be reached")
    assert "Traceback" not in done.stderr


def test_an_import_stops_with_one_line_when_the_database_is_away(
    unreachable_database: dict[str, str], tmp_path: Path
) -> None:
    records = "\n".join(json.dumps({"customer_no": f"C-{n}", "name": "A", "email": "a@x.dk"}) for n in range(50))
    done = _run(("import", "customers", "-"), unreachable_database, stdin=records)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip().splitlines()[0]]
    assert "cannot be reached" in done.stderr


def test_a_worker_without_its_broker_is_one_line_and_exit_1(pg_database: str, tmp_path: Path) -> None:
    env = {**os.environ, "PORTAL_VAR_DIR": str(tmp_path / "var"), "PORTAL_DATABASE_URL": pg_database}
    env["PORTAL_BROKER_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    env.pop("PORTAL_ENV", None)
    done = _run(("worker",), env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["error: the broker cannot be reached (PORTAL_BROKER_URL)"]


def test_serve_in_production_without_the_webhook_secret_is_one_line(pg_database: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "PORTAL_DATABASE_URL": pg_database,
        "PORTAL_BROKER_URL": "redis://127.0.0.1:6379/15",
        "PORTAL_BASE_URL": "https://portal.example.dk",
        "PORTAL_SECRET_KEYS": "k1:" + "s" * 40,
        "PORTAL_SMTP_HOST": "127.0.0.1",
        "PORTAL_MAIL_FROM": "portal@example.dk",
        "PORTAL_SOURCE_URL": "https://example.dk/source",
        "PORTAL_MOBILEPAY_BASE_URL": "http://127.0.0.1:1",
        "PORTAL_MOBILEPAY_CLIENT_ID": "id",
        "PORTAL_MOBILEPAY_CLIENT_SECRET": "secret",
        "PORTAL_MOBILEPAY_SUBSCRIPTION_KEY": "key",
        "PORTAL_MOBILEPAY_MSN": "123456",
    }
    env.pop("PORTAL_MOBILEPAY_WEBHOOK_SECRET", None)
    done = _run(("serve", "--port", str(free_port())), env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "PORTAL_MOBILEPAY_WEBHOOK_SECRET" in lines[0]
