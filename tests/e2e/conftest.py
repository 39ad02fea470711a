"""Fixtures of the browser tests: the system's Chromium, axe-core from npm, and one seeded `portal serve`.

Without Chromium or axe-core the tests are skipped with a one-line reason, except under CI (`CI=true`), where that
is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from tests.e2e.page_audit import WIDTHS
from tests.e2e.portal_server import ROOT, PortalServer, running_portal

CHROMIUM_FALLBACK = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = WIDTHS["desktop"]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or (CHROMIUM_FALLBACK if Path(CHROMIUM_FALLBACK).exists() else None)
    if path is None:
        _missing("Chromium is not installed (make system-deps installs it)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        _missing("axe-core is not installed (make browser-deps installs it)")
    return AXE


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalServer]:
    with running_portal(tmp_path_factory.mktemp("portal")) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_session(chromium_path: str) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright, chromium_path: str) -> Iterator[Browser]:
    launched = playwright_session.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, portal: PortalServer) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) that prefers Danish, at desktop size."""
    made = browser.new_context(base_url=portal.base_url, locale="da-DK", viewport=DESKTOP)
    yield made
    made.close()
