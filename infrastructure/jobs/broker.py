"""The dramatiq broker: Redis or RabbitMQ in production, the in-memory StubBroker in embedded mode."""

from __future__ import annotations

import dramatiq
import pika.exceptions
import redis.exceptions
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO, CurrentMessage

from application.jobs import QUEUE
from infrastructure.settings import Settings

#: What an unreachable broker raises when a message is handed to it.
BROKER_FAULTS: tuple[type[BaseException], ...] = (
    dramatiq.errors.BrokerConnectionError,
    redis.exceptions.RedisError,
    pika.exceptions.AMQPError,
    OSError,
)


def make_broker(settings: Settings) -> dramatiq.Broker:
    """A broker for the settings, declared as dramatiq's global broker before any actor module is imported.

    - `PORTAL_BROKER_URL` set: Redis (`redis://`) or RabbitMQ (`amqp://`), in every mode.
    - Unset (embedded only; production refuses to start without it): StubBroker, drained by the worker thread
      that `portal serve` runs inside itself.
    - The AsyncIO middleware lets actors be `async def`; CurrentMessage gives them their message id.
    """
    url = settings.broker_url
    broker: dramatiq.Broker
    if url is None:
        broker = StubBroker()
        broker.emit_after("process_boot")
    elif url.startswith(("amqp://", "amqps://")):
        broker = RabbitmqBroker(url=url)
    else:
        # A killed worker's unacknowledged messages return after its heartbeat stops: check for that often (1 command
        # in 20 instead of 1 in 1,000) and give up on a silent worker after 20 s instead of 60 s.
        broker = RedisBroker(url=url, maintenance_chance=50_000, heartbeat_timeout=20_000)  # type: ignore[no-untyped-call]
    broker.add_middleware(AsyncIO())
    broker.add_middleware(CurrentMessage())
    broker.declare_queue(QUEUE)
    dramatiq.set_broker(broker)
    return broker
