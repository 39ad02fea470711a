"""How CLI commands reach the application: settings, a container, the bus, and one-line errors with exit 1."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import click
from rich.console import Console

from application.errors import BrokerUnavailable, StoreUnavailable, Unauthorized
from application.messagebus import MessageBus
from application.ports.mobilepay_gateway import MobilePayUnavailable
from domain.shared.errors import ConcurrencyConflict, Conflict, DomainError, NotFound
from infrastructure.container import Container, build_container, close_container
from infrastructure.settings import Settings, SettingsError, load_settings

T = TypeVar("T")
USER_ERRORS = (
    DomainError,
    NotFound,
    Conflict,
    ConcurrencyConflict,
    Unauthorized,
    StoreUnavailable,
    BrokerUnavailable,
    MobilePayUnavailable,
)


def fail(message: str) -> NoReturn:
    """One line on stderr and exit 1 (a user error, PRODUCT §7)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc))


def run(work: Callable[[MessageBus, Container], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run async work with a started container; application errors become one line and exit 1."""
    container = build_container(settings or settings_or_exit())

    async def _main() -> T:
        try:
            return await work(container.bus(), container)
        finally:
            await close_container(container)

    try:
        return asyncio.run(_main())
    except USER_ERRORS as exc:
        fail(describe(exc))


def describe(exc: BaseException) -> str:
    if isinstance(exc, DomainError) and exc.errors:
        return "; ".join(f"{pointer or '/'}: {detail}" for pointer, detail in exc.errors)
    if isinstance(exc, StoreUnavailable):
        return f"the database cannot be reached ({exc})" if str(exc) else "the database cannot be reached"
    if isinstance(exc, MobilePayUnavailable):
        return f"MobilePay cannot be reached ({exc})" if str(exc) else "MobilePay cannot be reached"
    if isinstance(exc, BrokerUnavailable):
        return f"the broker cannot be reached ({exc})" if str(exc) else "the broker cannot be reached"
    return str(getattr(exc, "message", None) or exc) or type(exc).__name__


def stderr_console() -> Console:
    """Progress bars and notes go to stderr; results go to stdout (PRODUCT §9)."""
    return Console(stderr=True)
