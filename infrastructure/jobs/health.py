"""Readiness probe of the broker."""

from __future__ import annotations

import asyncio

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker


class BrokerProbe:
    def __init__(self, broker: dramatiq.Broker) -> None:
        self._broker = broker

    async def ready(self) -> bool:
        return await asyncio.to_thread(self._ping)

    def _ping(self) -> bool:
        try:
            if isinstance(self._broker, RedisBroker):
                return bool(self._broker.client.ping())
            if isinstance(self._broker, RabbitmqBroker):
                self._broker.get_queue_message_counts(next(iter(self._broker.get_declared_queues())))
        except Exception:  # noqa: BLE001 - any failure to answer means not ready
            return False
        return True
