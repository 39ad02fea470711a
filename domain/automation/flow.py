"""The Flow aggregate: a staff-written reaction to portal events (PRODUCT §8), and its matching rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.automation.errors import InvalidFlow
from domain.shared.aggregate import AggregateRoot

ACTION_TYPES = ("sms", "email", "webhook", "log")
_DURATION = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_EVENT_TYPE = re.compile(r"^(\*|[a-z_]+\.[a-z_]+)$")
_MISSING = object()


def parse_duration(text: str) -> timedelta:
    """`15m`, `2h`, `30s`, `1d` → a timedelta; anything else raises ValueError."""
    found = _DURATION.fullmatch(text.strip())
    if found is None or int(found.group(1)) == 0:
        raise ValueError("must be a positive whole number followed by s, m, h or d (e.g. 15m)")
    return timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)])


def lookup(envelope: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of the envelope (`document.type`, `data.method`), or a sentinel when absent."""
    current: Any = envelope
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return _MISSING
        current = current[part]
    return current


_ACTION_FIELDS = ("type", "text", "to", "subject", "url", "secret")
_REQUIRED = {"sms": ("text",), "email": ("to", "subject", "text"), "webhook": ("url", "secret"), "log": ("text",)}


def action_problems(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(field, detail) for every rule an action with these fields breaks (`to` defaults to "party")."""
    kind = values.get("type", "")
    if kind not in ACTION_TYPES:
        return [("type", f"must be one of {', '.join(ACTION_TYPES)}" if kind else "required")]
    found = [
        (name, "required")
        for name in _REQUIRED[kind]
        if not str(values.get(name, "party" if name == "to" else "")).strip()
    ]
    url = values.get("url", "")
    if kind == "webhook" and url and not url.startswith(("http://", "https://")):
        found.append(("url", "must be an http(s) URL"))
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowAction:
    """One action of a flow: `sms` (text), `email` (to, subject, text), `webhook` (url, secret), `log` (text)."""

    type: str
    text: str = ""
    to: str = "party"
    subject: str = ""
    url: str = ""
    secret: str = ""

    def __post_init__(self) -> None:
        problems = action_problems({name: getattr(self, name) for name in _ACTION_FIELDS})
        if problems:
            raise InvalidFlow(problems[0][1], problems)

    @property
    def templates(self) -> tuple[str, ...]:
        """The texts rendered as templates for this action."""
        return {"sms": (self.text,), "email": (self.subject, self.text), "log": (self.text,)}.get(self.type, ())


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowSpec:
    """What a flow file says about one flow."""

    name: str
    on: str
    when: Mapping[str, Any] = field(default_factory=dict)
    wait: timedelta | None = None
    unless: str | None = None
    actions: tuple[FlowAction, ...] = ()

    def problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if not _NAME.fullmatch(self.name):
            found.append(("name", "lower-case letters, digits, '-', '_' or '.', at most 64"))
        if not _EVENT_TYPE.fullmatch(self.on):
            found.append(("on", "must be an event type such as payment.page_opened, or *"))
        if self.unless is not None and not _EVENT_TYPE.fullmatch(self.unless):
            found.append(("unless", "must be an event type"))
        if self.unless is not None and self.wait is None:
            found.append(("unless", "needs a wait (it is checked within the wait)"))
        if not self.actions:
            found.append(("action", "at least one [[flow.action]] is required"))
        return found


class Flow(AggregateRoot):
    """A named flow: `on` an event type (or `*`), `when` the envelope's dotted fields equal the given values,
    after an optional `wait`, `unless` an event of that type for the same document arrived within the wait.

    - Stored flows equal the last applied file, by name.
    """

    def __init__(self, *, spec: FlowSpec, now: datetime) -> None:
        problems = spec.problems()
        if problems:
            raise InvalidFlow(problems[0][1], problems)
        self.name = spec.name
        self._on_type = spec.on
        self._conditions = dict(spec.when)
        self._wait_seconds = int(spec.wait.total_seconds()) if spec.wait else None
        self._unless = spec.unless
        self._actions = tuple(spec.actions)
        self._updated_at = now

    @property
    def spec(self) -> FlowSpec:
        wait = timedelta(seconds=self._wait_seconds) if self._wait_seconds is not None else None
        return FlowSpec(
            name=self.name,
            on=self._on_type,
            when=dict(self._conditions),
            wait=wait,
            unless=self._unless,
            actions=self._actions,
        )

    @property
    def updated_at(self) -> datetime:
        return self._updated_at

    def replace(self, spec: FlowSpec, *, now: datetime) -> bool:
        """Take a new definition of the same name; returns whether anything changed."""
        if spec == self.spec:
            return False
        problems = spec.problems()
        if problems:
            raise InvalidFlow(problems[0][1], problems)
        self._on_type = spec.on
        self._conditions = dict(spec.when)
        self._wait_seconds = int(spec.wait.total_seconds()) if spec.wait else None
        self._unless = spec.unless
        self._actions = tuple(spec.actions)
        self._updated_at = now
        return True

    def matches(self, envelope: Mapping[str, Any]) -> bool:
        """The event's type is `on` (or `on` is `*`) and every `when` path equals its value."""
        if self._on_type not in ("*", envelope.get("type")):
            return False
        return all(lookup(envelope, path) == expected for path, expected in self._conditions.items())

    def uses_sms(self) -> bool:
        return any(action.type == "sms" for action in self._actions)
