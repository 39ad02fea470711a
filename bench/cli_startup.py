"""How long the `portal` CLI takes to start (PRODUCT §11: `portal --help` and `portal links share` ≤ 0.5 s of import
time). Prints the import time of what each command loads (`python -X importtime`, the cumulative figure of the
top module, median of five runs) and the wall time of `portal --help`.

    python bench/cli_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.5
RUNS = 5
CASES = {
    "portal --help": "import interfaces.cli.main",
    "portal links share": "import interfaces.cli.main, interfaces.cli.links",
    "portal serve": "import interfaces.cli.main, interfaces.cli.serve",
}


def import_seconds(statement: str) -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement], cwd=ROOT, capture_output=True, text=True, check=True
    )
    total = 0
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):  # a top-level import
            total += int(parts[1].strip())
    return total / 1_000_000


def help_wall_seconds() -> float:
    started = time.perf_counter()
    command = [sys.executable, "-c", "from interfaces.cli.main import main; main()", "--help"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; Python {sys.version.split()[0]}")
    for name, statement in CASES.items():
        median = statistics.median(import_seconds(statement) for _ in range(RUNS))
        verdict = "(no target)" if name == "portal serve" else f"target ≤ {TARGET} s {'✔' if median <= TARGET else '✗'}"
        print(f"{name:<20} import {median:5.2f} s (median of {RUNS})  {verdict}")
    print(f"portal --help wall time {help_wall_seconds():.2f} s")


if __name__ == "__main__":
    main()
