"""`portal import` through the real entry point: each bad record named, good ones kept, same state on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from infrastructure.container import Container
from infrastructure.persistence.tables.documents import customers, documents
from infrastructure.persistence.tables.outbox import events
from tests.builders import customer, document, line

pytestmark = pytest.mark.integration
PORTAL = str(Path(sys.executable).with_name("portal"))


def portal(
    *args: str, database_url: str, tmp_path: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(tmp_path / "var")}
    env.pop("PORTAL_ENV", None)
    return subprocess.run(
        [PORTAL, *args],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        input=stdin.decode() if stdin else None,
        text=True,
    )


def _files(tmp_path: Path) -> tuple[Path, Path]:
    people = tmp_path / "customers.ndjson"
    people.write_text(
        "\n".join(
            json.dumps(c)
            for c in [
                customer("C-1001"),
                customer("C-2001", email="Mette@Example.dk"),
                {"customer_no": "C-BAD", "name": ""},
                customer("C-3001", email="not-an-email"),
            ]
        )
    )
    bad_totals = document("invoice", "INV-2")
    bad_totals["totals"]["vat"] -= 1
    docs = tmp_path / "documents.json"
    docs.write_text(
        json.dumps(
            [
                document("invoice", "INV-1", bill_to_no="C-2001", vehicle={"registration_no": "AB12345"}),
                bad_totals,
                document("quote", "Q-1", lines=[line(quantity="1.2345")]),
                document("credit_note", "CN-1", related=[{"type": "invoice", "number": "INV-1"}]),
                document("order", "ORD-1", customer_no="C-404"),
                document("quote", "Q-2", lines=[line(unit_price=1999, discount_percent="12.5", quantity="2.5")]),
            ],
            ensure_ascii=False,
        )
    )
    return people, docs


async def _state(container: Container) -> dict[str, Any]:
    async with container.session_factory()() as session:
        docs = (await session.execute(select(documents).order_by(documents.c.type, documents.c.number))).all()
        people = (await session.execute(select(customers).order_by(customers.c.customer_no))).all()
        event_types = sorted((await session.execute(select(events.c.type))).scalars().all())
    skip = {"id", "version_at", "updated_at", "lock_version"}
    return {
        "documents": [{k: v for k, v in r._asdict().items() if k not in skip} for r in docs],
        "customers": [{k: v for k, v in r._asdict().items() if k not in skip} for r in people],
        "events": event_types,
    }


async def _import_both(url: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    people, docs = _files(tmp_path)
    first = portal("import", "customers", str(people), database_url=url, tmp_path=tmp_path)
    second = portal("import", "documents", "-", database_url=url, tmp_path=tmp_path, stdin=docs.read_bytes())
    return first, second


async def test_import_reports_each_rejected_record_and_keeps_the_good_ones(
    pg_container: Container, pg_database: str, tmp_path: Path
) -> None:
    people, docs = await _import_both(pg_database, tmp_path)
    assert people.returncode == 1
    assert "record 3 (C-BAD): /name: must not be empty" in people.stderr
    assert "record 4 (C-3001): /email: not a valid email address" in people.stderr
    assert docs.returncode == 1
    lines = [line for line in docs.stderr.splitlines() if line.startswith("record ")]
    assert lines[0].startswith("record 2 (invoice INV-2): /totals/vat: stated ")
    assert lines[1].startswith("record 3 (quote Q-1): /lines/0/quantity: at most 3 decimal places")
    assert lines[2] == "record 5 (order ORD-1): /customer_no: unknown customer C-404"
    assert len(lines) == 3
    state = await _state(pg_container)
    assert [d["number"] for d in state["documents"]] == ["CN-1", "INV-1", "Q-2"]
    assert [c["customer_no"] for c in state["customers"]] == ["C-1001", "C-2001"]
    assert state["events"] == ["document.published"] * 3
    assert docs.stdout == ""


async def test_same_import_same_state_on_sqlite_and_postgresql_and_reimport_changes_nothing(
    pg_container: Container, pg_database: str, sqlite_container: Container, sqlite_url: str, tmp_path: Path
) -> None:
    for url, sub in ((pg_database, "pg"), (sqlite_url, "lite")):
        (tmp_path / sub).mkdir()
        await _import_both(url, tmp_path / sub)
    on_pg, on_sqlite = await _state(pg_container), await _state(sqlite_container)
    assert on_pg == on_sqlite
    invoice = next(d for d in on_pg["documents"] if d["number"] == "INV-1")
    assert invoice["outstanding"] == 0  # fully credited by CN-1 of the same amount
    await _import_both(pg_database, tmp_path / "pg")
    assert await _state(pg_container) == on_pg


def test_the_cli_gives_one_line_errors_and_usage_exit_2(tmp_path: Path, sqlite_url: str) -> None:
    missing = portal("import", "documents", str(tmp_path / "nope.json"), database_url=sqlite_url, tmp_path=tmp_path)
    assert missing.returncode == 2
    garbage = tmp_path / "garbage.json"
    garbage.write_text("[{")
    bad = portal("import", "documents", str(garbage), database_url=sqlite_url, tmp_path=tmp_path)
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1
    prod = subprocess.run(
        [PORTAL, "serve"],
        env={**os.environ, "PORTAL_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert prod.returncode == 1
    assert prod.stderr.strip() == "error: PORTAL_DATABASE_URL: required in production"
    helped = portal("--help", database_url=sqlite_url, tmp_path=tmp_path)
    assert helped.returncode == 0
    assert "import" in helped.stdout
