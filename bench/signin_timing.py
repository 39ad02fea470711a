"""Sign-in timing for known and unknown addresses (PRODUCT §2.1, §3: the same time, measured, not assumed).

Creates its own PostgreSQL database, seeds one customer per round, serves the portal with uvicorn on 127.0.0.1 with
the options of `portal serve`, and in each round, in an order shuffled per round:
- login: `POST /api/v1/auth/login` for a known and for an unknown address (every address is used in one round only);
- code check: `POST /api/v1/auth/verify` with a wrong code for the same two addresses, right after their logins
  (so the known address has the open challenge its login made).
The rate limits are raised for the run (every request comes from one address). Prints, per path, the medians, their
difference and a Mann-Whitney U test: AUC is the chance that a request for a known address took longer than one for
an unknown address (0.5: indistinguishable), p the two-sided chance of a difference this large by luck alone. The
script stops by itself and never fails on a timing.

    .venv/bin/python bench/signin_timing.py [--rounds 200] [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import asyncpg
import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.commands.documents.upsert_customer import UpsertCustomer
from infrastructure.container import build_container, close_container, migrate_database
from infrastructure.settings import load_settings
from interfaces.cli.logging_setup import configure_logging
from interfaces.cli.serve import server_config
from interfaces.http.app import create_app

WARM_UP = 10
UNLIMITED = "1000000/10m"
WRONG_CODE = "000000"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def main(rounds: int, postgres: str) -> None:
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(postgres.replace("postgresql://", "postgres://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    port = _free_port()
    env = {
        "PORTAL_DATABASE_URL": postgres.rsplit("/", 1)[0] + f"/{name}",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_VAR_DIR": tempfile.mkdtemp(prefix="portal-bench-"),
        "PORTAL_LIMIT_LOGIN_EMAIL": UNLIMITED,
        "PORTAL_LIMIT_LOGIN_IP": UNLIMITED,
        "PORTAL_LIMIT_VERIFY_IP": UNLIMITED,
    }
    total = rounds + WARM_UP
    try:
        settings = load_settings(env)
        await asyncio.to_thread(migrate_database, settings)
        seed = build_container(settings)
        for i in range(total):
            await seed.bus().handle(UpsertCustomer(customer_no=f"K-{i:05d}", name="Bench", email=_known(i)))
        await close_container(seed)
        app = create_app(build_container(settings))
        server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=port))
        serving = threading.Thread(target=server.run, daemon=True)
        serving.start()
        while not server.started:
            time.sleep(0.01)
        samples = await _measure(f"http://127.0.0.1:{port}", total)
        server.should_exit = True
        await asyncio.to_thread(serving.join, 30)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    print(f"dataset: {total} known customers, {rounds} measured rounds after {WARM_UP} warm-up; PostgreSQL")
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}; portal on uvicorn in-process, one request at a time over loopback"
    )
    for path in ("login", "code check"):
        _report(path, samples[(path, "known")][WARM_UP:], samples[(path, "unknown")][WARM_UP:])


def _known(i: int) -> str:
    return f"known-{i:05d}@bench.example"


def _unknown(i: int) -> str:
    return f"unknown-{i:05d}@bench.example"


async def _measure(base: str, total: int) -> dict[tuple[str, str], list[float]]:
    samples: dict[tuple[str, str], list[float]] = {
        (path, kind): [] for path in ("login", "code check") for kind in ("known", "unknown")
    }
    shuffle = random.Random(20261204)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def timed(path: str, kind: str, url: str, body: dict[str, str]) -> None:
            client.cookies.clear()
            started = time.perf_counter()
            answer = await client.post(url, json=body)
            samples[(path, kind)].append((time.perf_counter() - started) * 1000)
            expected = 202 if path == "login" else 400
            if answer.status_code != expected:
                raise SystemExit(f"{path} for a {kind} address answered {answer.status_code}: {answer.text}")

        for i in range(total):
            addresses = {"known": _known(i), "unknown": _unknown(i)}
            order = ["known", "unknown"]
            shuffle.shuffle(order)
            for kind in order:
                await timed("login", kind, "/api/v1/auth/login", {"email": addresses[kind]})
            shuffle.shuffle(order)
            for kind in order:
                body = {"email": addresses[kind], "code": WRONG_CODE}
                await timed("code check", kind, "/api/v1/auth/verify", body)
    return samples


def _report(path: str, known: Sequence[float], unknown: Sequence[float]) -> None:
    u, auc, p = mann_whitney(known, unknown)
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    print(
        f"{path}: n={len(known)}+{len(unknown)} median known={known_median:.2f} ms unknown={unknown_median:.2f} ms "
        f"difference={known_median - unknown_median:+.2f} ms; Mann-Whitney U={u:.0f} AUC={auc:.3f} p={p:.3f}"
    )


def mann_whitney(first: Sequence[float], second: Sequence[float]) -> tuple[float, float, float]:
    """(U of `first`, AUC = U / (n1 n2), two-sided p) by the normal approximation with tie correction."""
    n1, n2 = len(first), len(second)
    pooled = sorted([(value, 0) for value in first] + [(value, 1) for value in second])
    ranks = [0.0] * len(pooled)
    ties = 0.0
    start = 0
    while start < len(pooled):
        end = start
        while end + 1 < len(pooled) and pooled[end + 1][0] == pooled[start][0]:
            end += 1
        for index in range(start, end + 1):
            ranks[index] = (start + end) / 2 + 1
        size = end - start + 1
        ties += size**3 - size
        start = end + 1
    rank_sum = sum(rank for rank, (_, group) in zip(ranks, pooled, strict=True) if group == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = (abs(u - n1 * n2 / 2) - 0.5) / sigma if sigma else 0.0
    p = 2 * (1 - statistics.NormalDist().cdf(max(z, 0.0)))
    return u, u / (n1 * n2), p


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    arguments = parser.parse_args()
    configure_logging(quiet=True)
    asyncio.run(main(arguments.rounds, arguments.postgres))
