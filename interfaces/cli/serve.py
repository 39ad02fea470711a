"""`portal serve` and `portal worker`: the HTTP server (with the embedded worker when embedded) and the worker."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import click
import uvicorn
from litestar import Litestar
from uvicorn.supervisors import Multiprocess

from infrastructure.container import Container, build_container, share_embedded, standalone_simulator
from infrastructure.settings import Settings, SettingsError, listening_at, load_settings
from interfaces.cli.logging_setup import configure_logging
from interfaces.cli.runtime import fail, run, settings_or_exit
from interfaces.http.app import create_app
from interfaces.http.security_headers import security_headers
from interfaces.http.server_protocol import ServerConfig
from interfaces.worker.main import run_worker, start_actors
from interfaces.worker.startup import prepare_worker


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port (one per core); production mode only.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the portal over HTTP. Never migrates: refuses a database behind the code's migrations."""
    settings = listening_at(settings_or_exit(), host, port)
    if not settings.mobilepay_webhook_secret:
        fail("PORTAL_MOBILEPAY_WEBHOOK_SECRET: required by `portal serve` (`payments register-webhook` prints it)")
    if workers > 1 and settings.embedded:
        fail("--workers: embedded mode runs one process (its worker, broker and SQLite live in it)")
    refuse_if_behind(settings)
    configure_logging(verbose=_verbose(), readable=settings.embedded)
    if _verbose():
        os.environ[VERBOSE_WORKERS] = "1"
    serve_app(settings, host=host, port=port, workers=workers)


@click.command("simulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8081, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--webhook-secret", default=None, help="Sign every webhook with this secret (else one per registration).")
def simulator(host: str, port: int, webhook_secret: str | None) -> None:
    """Run the MobilePay simulator alone (for tests and demos; never point real customers at it)."""
    configure_logging(verbose=_verbose())
    app = standalone_simulator(webhook_secret)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, proxy_headers=False)


@click.command("worker")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Actor threads.")
def worker(threads: int) -> None:
    """Run the outbox relay and the job actors until SIGTERM."""
    settings = settings_or_exit()
    if settings.broker_url is None:
        fail("PORTAL_BROKER_URL: required by `portal worker` (embedded mode runs the worker inside `portal serve`)")
    refuse_if_behind(settings)
    refuse_without_broker(settings)
    try:
        run(prepare_worker, settings)  # the SMS settings stored flows need; the next daily run (PRODUCT §8, §9)
    except SettingsError as exc:
        fail(str(exc))
    configure_logging(verbose=_verbose())
    run_worker(settings, threads=threads)


def refuse_without_broker(settings: Settings) -> None:
    """A worker that cannot reach its broker at start says so in one line and exits 1 (PRODUCT §10)."""

    async def check(_bus: Any, container: Container) -> bool:
        up: bool = await container.broker_probe().ready()
        return up

    if not run(check, settings):
        fail("the broker cannot be reached (PORTAL_BROKER_URL)")


def refuse_if_behind(settings: Settings) -> None:
    async def check(_bus: Any, container: Container) -> str | None:
        reason: str | None = await container.database_probe().schema_behind()
        return reason

    reason = run(check, settings)
    if reason is not None:
        fail(reason)


def build_app(settings: Settings, *, banner: str | None = None) -> Litestar:
    """The app for these settings; without a broker URL it carries the embedded worker and relay. A `banner` is
    printed to stderr each time the app has started (after the embedded worker is up).
    """
    container = build_container(settings)
    lifespans = [] if settings.broker_url else [_embedded_worker(settings, container)]
    if banner is not None:
        lifespans.append(_banner(banner))
    return create_app(container, extra_lifespans=lifespans)


def serve_app(settings: Settings, *, host: str, port: int, banner: str | None = None, workers: int = 1) -> None:
    """Serve until SIGTERM. With `workers` > 1 (production mode), uvicorn's supervisor runs that many processes on
    one socket, each making its app from the environment's settings (`production_app`) and restarting if one dies.
    """
    if workers == 1:
        server = uvicorn.Server(server_config(build_app(settings, banner=banner), settings, host=host, port=port))
        server.run()
        if not server.started:
            sys.exit(3)  # uvicorn's own exit code for a server that could not start (the port taken, say)
        return
    config = server_config(PRODUCTION_APP, settings, host=host, port=port, workers=workers, factory=True)
    Multiprocess(config, sockets=[config.bind_socket()]).run()


#: What each worker process of `portal serve --workers N` serves (settings from the environment, as the parent's).
PRODUCTION_APP = "interfaces.cli.serve:production_app"


def production_app() -> Litestar:
    settings = load_settings()
    configure_logging(verbose=bool(os.environ.get(VERBOSE_WORKERS)), readable=False)
    return build_app(settings)


#: set by `portal -v serve --workers N` for its worker processes, which start afresh (no click context)
VERBOSE_WORKERS = "PORTAL_SERVE_VERBOSE"


def _banner(text: str) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        click.echo(text, err=True)
        yield

    return lifespan


def server_config(app: Any, settings: Settings, **options: Any) -> ServerConfig:
    """The ASGI server's config for the portal (`app` an app, or an import string with `factory=True`).

    - uvloop and the httptools parser (ADR-0025: measured against plain asyncio with h11).
    - Its proxy handling is off: it would trust X-Forwarded-For from 127.0.0.1 whatever PORTAL_TRUSTED_PROXIES
      says. The app alone derives the client address (`interfaces.http.customer.client_ip`, PRODUCT §3).
    - Its own 400 for an unparsable request carries the security headers (`interfaces.http.server_protocol`).
    """
    return ServerConfig(
        app,
        security_headers=security_headers(settings.base_url),
        loop="uvloop",
        proxy_headers=False,
        log_config=None,
        access_log=False,
        server_header=False,
        **options,
    )


def _embedded_worker(settings: Settings, container: Container) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        actor_container = build_container(settings)
        share_embedded(actor_container, container)
        actors = start_actors(settings, threads=2, container=actor_container)
        await prepare_worker(container.bus(), container)
        stop = asyncio.Event()
        relay = asyncio.create_task(container.relay().run(stop))
        try:
            yield
        finally:
            stop.set()
            await relay
            await asyncio.to_thread(actors.stop)

    return lifespan


def _verbose() -> bool:
    """Whether `portal -v` was given (long-running commands log a line per request and job at INFO otherwise)."""
    context = click.get_current_context(silent=True)
    root = context.find_root() if context is not None else None
    return bool(root is not None and root.params.get("verbose"))
