"""Flow matching (`on`, `when` on dotted envelope paths) and the life of a flow run."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from domain.automation.errors import InvalidRunTransition
from domain.automation.flow import Flow, FlowAction, FlowSpec
from domain.automation.run import FlowRun, TriggeringEvent, idempotency_key, run_id_for
from domain.automation.schedule import next_run

pytestmark = pytest.mark.unit
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
LOG = FlowAction(type="log", text="x")


def _envelope(**overrides: Any) -> dict[str, Any]:
    envelope = {
        "id": str(uuid.uuid4()),
        "type": "payment.page_opened",
        "schema_version": 1,
        "occurred_at": NOW.isoformat(),
        "party": "C-1001",
        "document": {"id": str(uuid.uuid4()), "type": "invoice", "number": "INV-1"},
        "data": {"method": "code"},
    }
    envelope.update(overrides)
    return envelope


def _flow(on: str = "payment.page_opened", **when: Any) -> Flow:
    return Flow(spec=FlowSpec(name="f", on=on, when=when, actions=(LOG,)), now=NOW)


def test_on_matches_the_type_or_every_type() -> None:
    assert _flow().matches(_envelope())
    assert not _flow().matches(_envelope(type="payment.started"))
    assert _flow("*").matches(_envelope(type="link.opened"))


def test_when_compares_dotted_paths_for_equality() -> None:
    invoices = _flow(**{"document.type": "invoice"})
    assert invoices.matches(_envelope())
    assert not invoices.matches(_envelope(document={"id": "x", "type": "quote", "number": "Q-1"}))
    assert not invoices.matches(_envelope(document=None)), "a missing path never matches"
    by_method = _flow("*", **{"data.method": "link", "party": "C-1001"})
    assert not by_method.matches(_envelope())
    assert by_method.matches(_envelope(data={"method": "link"}))


def test_replacing_a_flow_reports_whether_it_changed() -> None:
    flow = _flow()
    assert not flow.replace(flow.spec, now=NOW)
    assert flow.replace(FlowSpec(name="f", on="*", actions=(LOG,)), now=NOW)
    assert flow.spec.on == "*"


def _run(wait: dt.timedelta | None = None) -> FlowRun:
    spec = FlowSpec(name="reminder", on="payment.page_opened", wait=wait, unless="payment.completed", actions=(LOG,))
    event = TriggeringEvent(
        id=uuid.UUID(int=7), type="payment.page_opened", occurred_at=NOW, party="C-1001", document_id=uuid.uuid4()
    )
    (run,) = FlowRun.schedule(flow=spec, event=event, now=NOW)
    return run


def test_a_run_is_named_by_its_idempotency_key_and_due_after_the_wait() -> None:
    run = _run(dt.timedelta(minutes=15))
    assert run.key == f"reminder:{uuid.UUID(int=7)}"
    assert run.id == run_id_for("reminder", uuid.UUID(int=7), 0) == _run().id
    assert idempotency_key("reminder", uuid.UUID(int=7), 1).endswith("#1")
    assert run.due_at == NOW + dt.timedelta(minutes=15)


def test_a_run_moves_forward_only() -> None:
    run = _run()
    run.prepare({"text": "x"})
    with pytest.raises(InvalidRunTransition):
        run.cancel(now=NOW, reason="late")
    run.complete(now=NOW, attempts=1, detail="x")
    assert (run.status, run.finished) == ("done", True)
    for move in (lambda: run.fail(now=NOW, attempts=1, reason="x"), lambda: run.prepare({})):
        with pytest.raises(InvalidRunTransition):
            move()
    cancelled = _run()
    cancelled.cancel(now=NOW, reason="paid")
    assert cancelled.status == "cancelled"


@pytest.mark.parametrize(
    ("now", "day", "at"),
    [
        (dt.datetime(2026, 11, 20, 0, 59, tzinfo=dt.UTC), "2026-11-20", dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)),
        (dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC), "2026-11-21", dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.UTC)),
        (dt.datetime(2027, 3, 27, 23, 0, tzinfo=dt.UTC), "2027-03-28", dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.UTC)),
        (dt.datetime(2027, 7, 1, 12, 0, tzinfo=dt.UTC), "2027-07-02", dt.datetime(2027, 7, 2, 0, 0, tzinfo=dt.UTC)),
    ],
)
def test_the_daily_run_is_at_2am_copenhagen(now: dt.datetime, day: str, at: dt.datetime) -> None:
    assert next_run(now) == (dt.date.fromisoformat(day), at)
