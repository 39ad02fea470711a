"""How long the `portal` CLI takes to start (PRODUCT §11: `portal --help` and `portal links share` ≤ 0.5 s of import
time).

Each figure is the import time of everything the command loads while it runs (`python -X importtime`, the sum of
the top-level imports, median of five runs): `portal links share` really shares a link, against a demo database
seeded in a temporary directory. The commands run in an environment installed as a deployment installs the portal
(`uv sync --no-dev` into `.tools/prod-env`, made here when missing): the test tools bring pydantic, which
dependency-injector imports when it finds it, and a deployment has none.

    python bench/cli_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_DIR = ROOT / ".tools" / "prod-env"
PYTHON = ENV_DIR / "bin" / "python"
TARGET = 0.5
RUNS = 5
CLI = "from interfaces.cli.main import main; main()"
CASES: dict[str, tuple[list[str], float | None]] = {
    "portal --help": (["--help"], TARGET),
    "portal links share": (["links", "share", "invoice", "INV-10022"], TARGET),
    "portal documents list": (["documents", "list", "--limit", "5"], None),
}


def production_environment() -> None:
    if PYTHON.exists():
        return
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(ENV_DIR)}
    uv = ROOT / ".tools" / "bin" / "uv"
    subprocess.run(
        [str(uv), "sync", "--frozen", "--no-dev", "--quiet", "--compile-bytecode"], cwd=ROOT, env=env, check=True
    )


def import_seconds(argv: list[str], env: dict[str, str]) -> float:
    done = subprocess.run(
        [str(PYTHON), "-X", "importtime", "-c", CLI, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"portal {' '.join(argv)} failed: {done.stderr.splitlines()[-1:]}")
    total = 0
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):  # a top-level import
            total += int(parts[1].strip())
    return total / 1_000_000


def wall_seconds(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(PYTHON), "-c", CLI, *argv], cwd=ROOT, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    production_environment()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as var_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        env.update(PORTAL_VAR_DIR=var_dir, PYTHONDONTWRITEBYTECODE="1")
        subprocess.run(
            [str(PYTHON), "-c", CLI, "demo", "--no-serve"], cwd=ROOT, env=env, capture_output=True, check=True
        )
        for name, (argv, target) in CASES.items():
            median = statistics.median(import_seconds(argv, env) for _ in range(RUNS))
            verdict = f"target ≤ {target} s {'✔' if median <= target else '✗'}" if target else "(no target)"
            wall = statistics.median(wall_seconds(argv, env) for _ in range(3))
            print(f"{name:<22} import {median:5.2f} s (median of {RUNS}), wall {wall:4.2f} s  {verdict}")


if __name__ == "__main__":
    main()
