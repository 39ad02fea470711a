"""A failing webhook is retried by dramatiq with backoff, on the same idempotency key, then the run is marked failed."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

import dramatiq
import pytest

from application import jobs
from application.commands.payments.record_payment_page_opened import RecordPaymentPageOpened
from infrastructure.container import Container
from interfaces.worker.main import start_actors
from tests.integration.automation.flows_support import apply, pump, receiver, runs, seed_invoice

pytestmark = pytest.mark.integration


async def test_a_webhook_answering_503_is_retried_then_the_run_is_marked_failed(
    flow_container: Callable[..., Container],
) -> None:
    with receiver(statuses=[503] * 10) as hook:
        container = flow_container()
        document_id = await seed_invoice(container)
        await apply(
            container,
            f"""
[[flow]]
name = "erp"
on = "payment.page_opened"
[[flow.action]]
type = "webhook"
url = "{hook.url}/hook"
secret = "s"
""",
        )
        await container.bus().handle(RecordPaymentPageOpened(document_id=document_id, number="INV-1", party="C-1001"))
        await pump(container, only=(jobs.PORTAL_EVENT,))
        (run,) = await runs(container)

        actors = flow_container()  # the worker's own container (its own event loop and pool), on the stub broker
        worker = start_actors(actors.settings(), threads=1, container=actors)
        try:
            # The production backoff is 1 s … 1 h over 12 retries; the message's own options shorten it here.
            actors.broker().enqueue(
                dramatiq.Message(
                    queue_name=jobs.QUEUE,
                    actor_name=jobs.RUN_FLOW_ACTION,
                    args=({"run_id": str(run["id"])},),
                    kwargs={},
                    options={"max_retries": 2, "min_backoff": 20, "max_backoff": 100},
                    message_id=str(uuid.uuid4()),
                )
            )
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (await runs(container))[0]["status"] != "failed":
                await asyncio.sleep(0.05)
        finally:
            worker.stop()
        (run,) = await runs(container)
        assert (run["status"], run["attempts"]) == ("failed", 3)
        assert run["detail"] == "gave up: answered HTTP 503"
        assert hook.keys() == [f"erp:{run['event_id']}"] * 3, "one first try and two retries, all on the same key"
