"""`portal worker`: the outbox relay and the dramatiq actors in one process; also embeddable in `portal serve`."""

from __future__ import annotations

import asyncio
import importlib
import signal
import threading

import dramatiq
import structlog

from infrastructure.container import Container, build_container, close_container, share_embedded
from infrastructure.settings import Settings
from interfaces.worker.inbox_middleware import InboxMiddleware
from interfaces.worker.runtime import WorkerRuntime, install

_log = structlog.get_logger("portal.worker")


def start_actors(settings: Settings, *, threads: int = 4, container: Container | None = None) -> dramatiq.Worker:
    """Set the broker, import the actors, and start a dramatiq worker on its own threads.

    - The one place the inbox middleware joins a broker, before any actor (which names its option) is declared.
    """
    actor_container = container or build_container(settings)
    broker = actor_container.broker()
    if not any(isinstance(middleware, InboxMiddleware) for middleware in broker.middleware):
        broker.add_middleware(InboxMiddleware())
    dramatiq.set_broker(broker)  # the actor module, imported once per process, declares its actors here first
    actors = importlib.import_module("interfaces.worker.actors")
    for actor in actors.ACTORS:  # bind to this broker even if an earlier one was set when the module was imported
        actor.broker = broker
        broker.declare_actor(actor)
    install(WorkerRuntime(actor_container))
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker


async def run_relay(container: Container, stop: asyncio.Event) -> None:
    relay = container.relay()
    await relay.run(stop)


def run_worker(settings: Settings, *, threads: int = 4) -> None:
    """Blocks until SIGTERM or SIGINT; then stops taking messages, finishes the current ones, and exits."""
    actor_container = build_container(settings)
    worker = start_actors(settings, threads=threads, container=actor_container)
    container = build_container(settings)
    share_embedded(container, actor_container)
    stop = asyncio.Event()

    async def _main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        _log.info("worker.started", threads=threads)
        try:
            await run_relay(container, stop)
        finally:
            await close_container(container)

    try:
        asyncio.run(_main())
    finally:
        stopper = threading.Thread(target=worker.stop, daemon=True)
        stopper.start()
        stopper.join(timeout=30)
        _log.info("worker.stopped")
