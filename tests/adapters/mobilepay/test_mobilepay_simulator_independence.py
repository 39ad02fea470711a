"""The simulator is a second, independent reading of the vendor's description: it must not share code with the
portal's adapter, or a misreading in one would hide in both."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import infrastructure.mobilepay.simulator as simulator_package

pytestmark = pytest.mark.adapter


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_simulator_imports_nothing_of_the_adapter_or_the_portal() -> None:
    package_dir = Path(simulator_package.__file__).parent
    modules = sorted(package_dir.glob("*.py"))
    assert len(modules) > 10
    foreign = {
        (path.name, module)
        for path in modules
        for module in _imported_modules(path)
        if module.split(".")[0] in {"application", "domain", "interfaces", "infrastructure"}
        and not module.startswith("infrastructure.mobilepay.simulator")
    }
    assert foreign == set()
