"""The OpenAPI document against the running portal (issue 14): schemathesis, all checks, a fixed seed.

Two runs against one seeded `portal serve` on PostgreSQL: the customer API (`/api/v1/…`, the session cookie) and the
rest (the admin API with its key, the webhook, the health probes). Each must end with 0 server errors and 0
conformance failures. schemathesis lives in an environment of its own (`make fuzz-env`): it brings `requests`, which
must never be importable beside borb (PRODUCT §5).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.http.fuzz_portal import ROOT, FuzzPortal, fuzz_portal

# One run takes about a minute on the quiet 2-core machine and twice that when it is busy; the first test also
# starts the server. Bounds, never timing assertions.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(270)]
SCHEMATHESIS = ROOT / ".tools" / "fuzz" / "bin" / "schemathesis"
SEED = 1
MAX_EXAMPLES = 30
RUN_SECONDS = 210

#: Deliberate answers that no JSON Schema can express, so a schema-valid request may get them. Each names why.
_ACCEPTED_REFUSALS = {
    # `format: email` admits special-use domains (`a@b.test`); email-validator refuses them, as mail cannot reach them.
    "auth.login": ["422"],
    # A code or token is a secret: any well-formed one that is wrong, expired, used or locked is 400 (PRODUCT §12).
    "auth.verify": ["400"],
    "auth.link": ["400"],
    # Cross-field and content rules: customer_no in the body must equal the path's, a phone must be a real number.
    "admin.customers.put": ["422"],
    # The totals must add up to the lines, lines and customer must exist (PRODUCT §12, import format).
    "admin.documents.put": ["422"],
    # The amount may not exceed what is outstanding, and the phone must be a real number (PRODUCT §6).
    "payments.start": ["422"],
    # A link for the bill-to party needs a document that has one (state, not shape).
    "admin.links.create": ["422"],
    # A sign-in link needs a customer with an email address (the fuzzed upserts may remove one).
    "admin.login_links.create": ["422"],
    # A cursor is opaque: only one the list gave out is one, anything else is 422 (the coverage phase sends `0`).
    "documents.list": ["422"],
    "admin.events.list": ["422"],
}
_CURSORS = {"cursor", "after"}
_POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis's own default, extended above
RUNS = {
    # The session cookie is sent where the schema asks for it (the `session` scheme), so sign-out never ends it.
    "customer": ["--include-path-regex", "^/api/v1/"],
    "admin, webhook and health": ["--exclude-path-regex", "^/api/v1/"],
}


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, pg_database: str) -> Iterator[FuzzPortal]:
    if not SCHEMATHESIS.exists():
        reason = "schemathesis is not installed (make fuzz-env installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required when CI=true)")
        pytest.skip(reason)
    with fuzz_portal(tmp_path_factory.mktemp("fuzz"), pg_database) as server:
        yield server


def config_for(portal: FuzzPortal) -> str:
    """schemathesis.toml: the two credentials, the seeded resources, and the accepted refusals above."""
    lines = [
        "max-stream-events = 1",  # the event stream of a pending payment does not end by itself
        "request-timeout = 10",
        "[auth.openapi.session]",
        f"api_key = {json.dumps(portal.session)}",
        "[auth.openapi.apiKey]",
        f"bearer = {json.dumps(portal.api_key)}",
    ]
    for name, values in portal.known.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
    lines.append("[parameters]")
    # Half of the ids and keys are existing ones, so the operations get past 404; the other half stay free. A cursor
    # is opaque: only one the list gave out is one (any other is 422, which no schema can tell apart).
    lines += [
        f'"{name}" = {{ dictionary = "{name}", probability = {1.0 if name in _CURSORS else 0.5} }}'
        for name in portal.known
    ]
    for operation_id, statuses in _ACCEPTED_REFUSALS.items():
        lines += [
            "[[operations]]",
            f"include-operation-id = {json.dumps(operation_id)}",
            f"checks.positive_data_acceptance.expected-statuses = {json.dumps(_POSITIVE + statuses)}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("run", RUNS)
def test_the_api_conforms_to_its_openapi_document(
    portal: FuzzPortal, run: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(config_for(portal))
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{portal.base_url}/schema/openapi.json",
        "--checks",
        "all",
        "--seed",
        str(SEED),
        "--max-examples",
        str(MAX_EXAMPLES),
        # One worker: CPython 3.11 races on `ast.parse` from two threads (hypothesis describes strategies with it),
        # and the run is CPU-bound under the GIL anyway.
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        *RUNS[run],
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=RUN_SECONDS, check=False)
    heading = done.stdout.find("=== SUMMARY")
    summary = done.stdout[done.stdout.rfind("\n", 0, heading) + 1 :] if heading >= 0 else done.stdout[-3000:]
    with capsys.disabled():  # the figures belong in the test command's output, passed or not
        print(f"\nschemathesis, {run}:\n{summary}")
    assert done.returncode == 0, f"{done.stdout[-20000:]}\n{done.stderr[-3000:]}"
