"""Clock, one contract run on the fake and on the system clock: `now()` is an aware datetime in UTC that never goes
back between two calls."""

from __future__ import annotations

import datetime as dt

import pytest

from application.ports.clock import Clock
from infrastructure.clock import SystemClock
from tests.fakes import FakeClock

pytestmark = pytest.mark.contract


@pytest.mark.parametrize("clock", [FakeClock(), SystemClock()], ids=["fake", "system"])
def test_now_is_aware_utc_and_never_goes_back(clock: Clock) -> None:
    first = clock.now()
    assert first.utcoffset() == dt.timedelta(0)
    assert clock.now() >= first
