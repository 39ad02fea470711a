"""The dramatiq brokers: Redis or RabbitMQ in production, the in-memory StubBroker in embedded mode.

Which one a process gets is chosen in the composition root (`Settings.broker_kind`); each is declared as dramatiq's
global broker before any actor module is imported.
"""

from __future__ import annotations

import dramatiq
import pika.exceptions
import redis.exceptions
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO, CurrentMessage

from application.jobs import QUEUE

#: What an unreachable broker raises when a message is handed to it.
BROKER_FAULTS: tuple[type[BaseException], ...] = (
    dramatiq.errors.BrokerConnectionError,
    redis.exceptions.RedisError,
    pika.exceptions.AMQPError,
    OSError,
)


def stub_broker() -> dramatiq.Broker:
    """Embedded mode without PORTAL_BROKER_URL: drained by the worker thread `portal serve` runs inside itself."""
    broker = StubBroker()
    broker.emit_after("process_boot")
    return _declared(broker)


def redis_broker(url: str) -> dramatiq.Broker:
    # A killed worker's unacknowledged messages return after its heartbeat stops: check for that often (1 command
    # in 20 instead of 1 in 1,000) and give up on a silent worker after 20 s instead of 60 s.
    broker = RedisBroker(url=url, maintenance_chance=50_000, heartbeat_timeout=20_000)  # type: ignore[no-untyped-call]
    return _declared(broker)


def rabbitmq_broker(url: str) -> dramatiq.Broker:
    return _declared(RabbitmqBroker(url=url))


def _declared(broker: dramatiq.Broker) -> dramatiq.Broker:
    """The AsyncIO middleware lets actors be `async def`; CurrentMessage gives them their message id."""
    broker.add_middleware(AsyncIO())
    broker.add_middleware(CurrentMessage())
    broker.declare_queue(QUEUE)
    dramatiq.set_broker(broker)
    return broker
