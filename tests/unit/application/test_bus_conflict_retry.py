"""The bus runs an idempotent command again when a concurrent change wins; any other command fails at once."""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec
import pytest

from application.messagebus import CONFLICT_ATTEMPTS, MessageBus
from domain.shared.errors import ConcurrencyConflict

pytestmark = pytest.mark.unit


class Idempotent(msgspec.Struct, frozen=True):
    retry_on_conflict: ClassVar[bool] = True


class Plain(msgspec.Struct, frozen=True):
    pass


class LosesRaces:
    def __init__(self, losses: int) -> None:
        self.losses = losses
        self.calls = 0

    def handler(self) -> Any:
        async def handle(_message: Any) -> str:
            self.calls += 1
            if self.calls <= self.losses:
                raise ConcurrencyConflict("a concurrent change won")
            return "done"

        return handle


async def test_an_idempotent_command_is_run_again_after_a_lost_race() -> None:
    races = LosesRaces(losses=2)
    bus = MessageBus({Idempotent: races.handler})
    assert await bus.handle(Idempotent()) == "done"
    assert races.calls == 3


async def test_it_gives_up_after_the_last_attempt() -> None:
    races = LosesRaces(losses=CONFLICT_ATTEMPTS)
    bus = MessageBus({Idempotent: races.handler})
    with pytest.raises(ConcurrencyConflict):
        await bus.handle(Idempotent())
    assert races.calls == CONFLICT_ATTEMPTS


async def test_a_command_without_the_flag_is_never_repeated() -> None:
    races = LosesRaces(losses=1)
    bus = MessageBus({Plain: races.handler})
    with pytest.raises(ConcurrencyConflict):
        await bus.handle(Plain())
    assert races.calls == 1
