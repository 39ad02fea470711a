"""Pieces of the fault drill (`bench/drill.py`): a capturing SMTP server, supervised processes, log spans.

Everything here listens on or talks to 127.0.0.1 only, and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any

import httpx
import psutil
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

LOOPBACK = "127.0.0.1"
_CODE_LINE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


# --- mail ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mail:
    message_id: str
    recipients: tuple[str, ...]
    subject: str
    code: str | None
    received_at: float


class _Handler:
    def __init__(self, box: MailBox) -> None:
        self._box = box

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or b""
        message = message_from_bytes(raw, policy=policy.default)
        text = ""
        if isinstance(message, EmailMessage):
            body = message.get_body(preferencelist=("plain",))
            if isinstance(body, EmailMessage):
                with contextlib.suppress(LookupError, ValueError):
                    text = str(body.get_content())
        found = _CODE_LINE.search(text)
        self._box.add(
            Mail(
                message_id=str(message.get("Message-ID", "")).strip().strip("<>"),
                recipients=tuple(r.strip().lower() for r in envelope.rcpt_tos),
                subject=str(message.get("Subject", "")),
                code=found.group(1) if found else None,
                received_at=time.monotonic(),
            )
        )
        return "250 Message accepted"


class MailBox:
    """An SMTP server on 127.0.0.1 that keeps every message's Message-ID, recipients and sign-in code."""

    def __init__(self) -> None:
        self.port = free_port()
        self._lock = threading.Lock()
        self._mail: list[Mail] = []
        self._controller = Controller(_Handler(self), hostname=LOOPBACK, port=self.port, ready_timeout=10)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._controller.stop()

    def add(self, mail: Mail) -> None:
        with self._lock:
            self._mail.append(mail)

    def all(self) -> list[Mail]:
        with self._lock:
            return list(self._mail)

    def count_to(self, address: str) -> int:
        wanted = address.lower()
        return sum(1 for m in self.all() if wanted in m.recipients)

    async def code_for(self, address: str, *, seen: int, timeout: float) -> str | None:
        """The code of a sign-in mail to `address` beyond the first `seen` ones, waiting at most `timeout` s."""
        wanted = address.lower()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            mine = [m for m in self.all() if wanted in m.recipients]
            codes = [m.code for m in mine[seen:] if m.code]
            if codes:
                return codes[-1]
            await asyncio.sleep(0.2)
        return None

    def duplicates(self) -> dict[tuple[str, str], int]:
        """(Message-ID, recipient) pairs delivered more than once, with how often."""
        counts: Counter[tuple[str, str]] = Counter()
        for mail in self.all():
            for recipient in mail.recipients:
                counts[(mail.message_id, recipient)] += 1
        return {key: n for key, n in counts.items() if n > 1}


# --- processes ----------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Service:
    """One supervised subprocess (`portal serve`, `portal worker`, the simulator) with its stderr in a file.

    Each (re)start writes a new log file `<name>.<incarnation>.log`, so a killed process's log stays readable.
    """

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    log_dir: Path
    port: int | None = None
    incarnation: int = 0
    process: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)
    _log_file: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    @property
    def log(self) -> Path:
        return self.logs[-1]

    def start(self) -> None:
        self.incarnation += 1
        path = self.log_dir / f"{self.name}.{self.incarnation}.log"
        self.logs.append(path)
        self._close_log()
        self._log_file = path.open("ab")
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=self._log_file,
            start_new_session=True,  # Ctrl-C reaches the drill only; the drill stops its children itself
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        if self.alive() and self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not ended within `timeout` seconds."""
        if self.process is not None and self.alive():
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def rss(self) -> int | None:
        """Resident memory of the process and its children, in bytes (None when it is not running)."""
        if not self.alive() or self.pid is None:
            return None
        try:
            root = psutil.Process(self.pid)
            return sum(int(p.memory_info().rss) for p in [root, *root.children(recursive=True)])
        except psutil.Error:
            return None

    def _close_log(self) -> None:
        if self._log_file is not None:
            with contextlib.suppress(OSError):
                self._log_file.close()
            self._log_file = None


async def wait_http(url: str, *, timeout: float, service: Service | None = None) -> float | None:
    """Seconds until GET `url` answers 200, or None after `timeout` (or when `service` has exited)."""
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() - started < timeout:
            if service is not None and not service.alive():
                return None
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code == 200:
                    return time.monotonic() - started
            await asyncio.sleep(0.1)
    return None


def run_cli(argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
    )


# --- logs ---------------------------------------------------------------------------------------------------------


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_span(path: Path, start: int, end: int | None = None) -> bytes:
    """The bytes of `path` from offset `start` up to `end` (the current end when None)."""
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            return handle.read() if end is None else handle.read(max(0, end - start))
    except OSError:
        return b""


def event_name(line: str) -> str | None:
    """The `event` of a structured (JSON) log line, or None for any other line."""
    try:
        parsed: Any = json.loads(line)
    except ValueError:
        return None
    return str(parsed.get("event")) if isinstance(parsed, dict) and "event" in parsed else None


def back_events(text: str) -> list[tuple[str, float]]:
    """(event, Unix time) of every `….back` line in `text`, in order."""
    found = []
    for line in text.splitlines():
        name = event_name(line)
        if name is None or not name.endswith(".back"):
            continue
        with contextlib.suppress(ValueError, KeyError, TypeError):
            stamp = json.loads(line)["timestamp"].replace("Z", "+00:00")
            found.append((name, datetime.fromisoformat(stamp).timestamp()))
    return found


def is_state_change(line: str) -> bool:
    """A `….down`, `….retrying` or `….back` line of an outage log."""
    name = event_name(line) or ""
    return name.endswith((".down", ".retrying", ".back"))
