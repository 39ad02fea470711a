"""What every benchmark prints first (the machine it ran on) and the percentile its timings are read by."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path


def machine_line() -> str:
    """`machine: 2 cores, <CPU model>, Linux 6.x; python 3.11.7 (cpython)`."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")]
        model = names[0] if names else model
    where = f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"
    return f"machine: {where}; python {platform.python_version()} ({sys.implementation.name})"


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` (0..1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
