"""`portal flows apply|list|runs` and `portal maintenance daily` through the real entry point, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from application.commands.identity.create_api_key import CreateApiKey
from infrastructure.container import Container
from tests.builders import document, upsert_customer, upsert_document
from tests.integration.automation.flows_support import pump

pytestmark = pytest.mark.integration
PORTAL = str(Path(sys.executable).with_name("portal"))
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "flows" / "example.toml"


def portal(*args: str, database_url: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PORTAL_DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(tmp_path / "var"), **env}
    if "PORTAL_ENV" not in env:
        environ.pop("PORTAL_ENV", None)
    return subprocess.run([PORTAL, *args], env=environ, capture_output=True, timeout=60, check=False, text=True)


def _flows(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


async def test_apply_list_and_reapply_the_shipped_example(
    pg_container: Container, pg_database: str, tmp_path: Path
) -> None:
    applied = portal("flows", "apply", str(EXAMPLE), database_url=pg_database, tmp_path=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines() == [
        "created payment-reminder",
        "created events-to-flow-builder",
        "created sign-in-log",
    ]
    listed = _flows(portal("flows", "list", "--json", database_url=pg_database, tmp_path=tmp_path))
    assert [(f["name"], f["on"], f["actions"]) for f in listed] == [
        ("events-to-flow-builder", "*", ["webhook"]),
        ("payment-reminder", "payment.page_opened", ["sms"]),
        ("sign-in-log", "customer.signed_in", ["log"]),
    ]
    reminder = next(f for f in listed if f["name"] == "payment-reminder")
    assert (reminder["wait_seconds"], reminder["unless"], reminder["when"]) == (
        900,
        "payment.completed",
        {"document.type": "invoice"},
    )

    smaller = tmp_path / "smaller.toml"
    smaller.write_text(EXAMPLE.read_text().split("# Every event")[0].replace('"15m"', '"30m"'))
    again = portal("flows", "apply", str(smaller), database_url=pg_database, tmp_path=tmp_path)
    assert again.stdout.splitlines() == [
        "updated payment-reminder",
        "removed events-to-flow-builder",
        "removed sign-in-log",
    ]
    table = portal("flows", "list", database_url=pg_database, tmp_path=tmp_path, COLUMNS="200")
    assert "payment-reminder" in table.stdout
    assert "sign-in-log" not in table.stdout


async def test_an_invalid_file_is_rejected_whole_naming_line_and_field(
    pg_container: Container, pg_database: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[flow]]\nname = "good"\non = "customer.signed_in"\n[[flow.action]]\ntype = "log"\ntext = "hi"\n\n'
        '[[flow]]\nname = "bad"\non = "payment.page_opened"\nwait = "soon"\n[[flow.action]]\ntype = "fax"\n'
    )
    result = portal("flows", "apply", str(bad), database_url=pg_database, tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, "one line on stderr"
    assert "line 11, field wait: must be a positive whole number" in result.stderr
    assert "line 13, field action[0].type: must be one of sms, email, webhook, log" in result.stderr
    assert _flows(portal("flows", "list", "--json", database_url=pg_database, tmp_path=tmp_path)) == []

    usage = portal("flows", "apply", str(tmp_path / "missing.toml"), database_url=pg_database, tmp_path=tmp_path)
    assert usage.returncode == 2


async def test_production_refuses_an_sms_flow_without_the_sms_settings(
    pg_container: Container, pg_database: str, tmp_path: Path
) -> None:
    production = {
        "PORTAL_ENV": "production",
        "PORTAL_BROKER_URL": "redis://127.0.0.1:6379/15",
        "PORTAL_BASE_URL": "https://portal.example.dk",
        "PORTAL_SECRET_KEYS": "k1:" + "x" * 40,
        "PORTAL_SMTP_HOST": "127.0.0.1",
        "PORTAL_MAIL_FROM": "portal@example.dk",
        "PORTAL_SOURCE_URL": "https://example.dk/source",
        "PORTAL_MOBILEPAY_BASE_URL": "https://mobilepay.example.dk",
        "PORTAL_MOBILEPAY_CLIENT_ID": "id",
        "PORTAL_MOBILEPAY_CLIENT_SECRET": "secret",
        "PORTAL_MOBILEPAY_SUBSCRIPTION_KEY": "key",
        "PORTAL_MOBILEPAY_MSN": "123456",
    }
    result = portal("flows", "apply", str(EXAMPLE), database_url=pg_database, tmp_path=tmp_path, **production)
    assert (result.returncode, result.stderr.strip()) == (
        1,
        "error: PORTAL_SMS_URL: required in production once a flow uses sms",
    )
    with_sms = {**production, "PORTAL_SMS_URL": "https://gatewayapi.example.dk/rest/mtsms", "PORTAL_SMS_TOKEN": "t"}
    assert (
        portal("flows", "apply", str(EXAMPLE), database_url=pg_database, tmp_path=tmp_path, **with_sms).returncode == 0
    )


async def test_runs_lists_what_each_run_did(pg_container: Container, pg_database: str, tmp_path: Path) -> None:
    flows = tmp_path / "log.toml"
    flows.write_text(
        '[[flow]]\nname = "keys-log"\non = "document.published"\n'
        '[[flow.action]]\ntype = "log"\ntext = "{{ document.type }} {{ document.number }} v{{ data.version }}"\n'
    )
    assert portal("flows", "apply", str(flows), database_url=pg_database, tmp_path=tmp_path).returncode == 0
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    await bus.handle(upsert_document(document("invoice", "INV-7")))
    await bus.handle(CreateApiKey(name="not-an-event"))
    await pump(pg_container)
    runs = _flows(portal("flows", "runs", "--json", database_url=pg_database, tmp_path=tmp_path))
    assert [(r["flow"], r["action"], r["event_type"], r["status"], r["detail"]) for r in runs] == [
        ("keys-log", "log", "document.published", "done", "invoice INV-7 v1")
    ]
    none = portal("flows", "runs", "--json", "--status", "failed", database_url=pg_database, tmp_path=tmp_path)
    assert _flows(none) == []


async def test_maintenance_daily_reports_overdue_invoices_once(
    pg_container: Container, pg_database: str, tmp_path: Path
) -> None:
    bus = pg_container.bus()
    await bus.handle(upsert_customer(customer_no="C-1001"))
    long_ago = dt.date.today() - dt.timedelta(days=60)  # noqa: DTZ011 - the subprocess uses the real clock
    await bus.handle(upsert_document(document("invoice", "INV-OLD", issue_date=long_ago)))
    first = portal("maintenance", "daily", database_url=pg_database, tmp_path=tmp_path)
    second = portal("maintenance", "daily", database_url=pg_database, tmp_path=tmp_path)
    assert (first.returncode, first.stderr.strip()) == (0, "invoice.overdue: 1 reported")
    assert second.stderr.strip() == "invoice.overdue: 0 reported"
