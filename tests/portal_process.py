"""A `portal` process for the tests that need a real server: its command, a free port, waiting until it answers,
and stopping it (the browser tests, the demo tour and the API fuzzer share these)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PORTAL = [sys.executable, "-c", "from interfaces.cli.main import main; main()"]
WAIT_SECONDS = 30  # an upper bound on waiting for the server, never a timing assertion


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_live(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until `/health/live` answers 200; fails with the log's tail if the process ends or never answers."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`portal` exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/health/live", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"`portal` did not answer within {WAIT_SECONDS} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 20 s: only the process the test started."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
