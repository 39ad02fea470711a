"""A staff command loads only what it uses (PRODUCT §11): the composition root defers the heavy adapters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.deferred import Deferred

pytestmark = pytest.mark.adapter

ROOT = Path(__file__).resolve().parents[3]
#: the libraries `portal links share` has no use for: web framework, PDF, broker, migrations, mail server, HTTP client
HEAVY = ("litestar", "borb", "dramatiq", "alembic", "aiosmtpd", "httpx", "uvicorn")


def _loaded_after(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


def test_the_composition_root_and_the_links_command_import_no_heavy_adapter() -> None:
    loaded = _loaded_after("import infrastructure.container, interfaces.cli.links")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_a_provided_adapter_is_imported_when_first_made() -> None:
    loaded = _loaded_after("import infrastructure.container as c; c.Container().pdf_renderer()")
    assert "borb" in loaded


def test_deferred_imports_on_first_call_and_names_its_target() -> None:
    deferred = Deferred("fractions:Fraction")
    assert not deferred.resolved
    assert deferred(1, 3) * 3 == 1
    assert deferred.resolved
    assert repr(deferred) == "Deferred('fractions:Fraction')"


def test_deferred_refuses_a_path_without_an_attribute() -> None:
    with pytest.raises(ValueError, match=r"package\.module:attribute"):
        Deferred("fractions.Fraction")
