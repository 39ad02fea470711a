"""Reads a flow file (PRODUCT §8 TOML) into flow specs, naming the line and field of every problem."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from application.commands.automation.flow_templates import template_problem
from domain.automation.errors import InvalidFlow
from domain.automation.flow import FlowAction, FlowSpec, action_problems, parse_duration

_FLOW_KEYS = ("name", "on", "when", "wait", "unless", "action")
_ACTION_KEYS = ("type", "text", "to", "subject", "url", "secret")
_HEADER = re.compile(r"^\s*\[\[\s*flow(\s*\.\s*action)?\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*flow(?:\s*\.\s*action)?\s*\.\s*([A-Za-z0-9_\"-]+)\s*\]")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(\s*\.\s*[A-Za-z0-9_"'-]+)*\s*=""")

Place = tuple[int, int | None, str]  # flow index, action index (None for the flow itself), key


class _Lines:
    """Where each `[[flow]]`, `[[flow.action]]` and key starts in the source (tomllib keeps no positions)."""

    def __init__(self, source: str) -> None:
        self._at: dict[Place, int] = {}
        flow, action, quotes = -1, None, False
        for number, line in enumerate(source.splitlines(), start=1):
            if quotes:
                quotes = (line.count('"""') + line.count("'''")) % 2 == 0
                continue
            if header := _HEADER.match(line):
                if header.group(1):  # [[flow.action]]: the next action of the current flow
                    action = 0 if action is None else action + 1
                else:
                    flow, action = flow + 1, None
                self._at.setdefault((flow, action, ""), number)
            elif table := _TABLE.match(line):
                self._at.setdefault((flow, action, table.group(1).strip("\"'")), number)
            elif key := _KEY.match(line):
                self._at.setdefault((flow, action, key.group(1).strip("\"'")), number)
            quotes = (line.count('"""') + line.count("'''")) % 2 == 1

    def of(self, flow: int, action: int | None = None, key: str = "") -> int:
        for place in ((flow, action, key), (flow, action, ""), (flow, None, ""), (0, None, "")):
            if place in self._at:
                return self._at[place]
        return 1


def parse_flow_file(source: str) -> list[FlowSpec]:
    """Every flow of the file, or InvalidFlow listing (`line N, field F`, detail) for each problem found."""
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        where = f"line {found.group(1)}" if found else "line 1"
        raise InvalidFlow(f"not valid TOML: {exc}", [(f"{where}, field (syntax)", str(exc).split(" (at")[0])]) from None
    lines = _Lines(source)
    problems: list[tuple[str, str]] = []
    unknown = sorted(set(document) - {"flow"})
    problems += [
        (f"line {lines.of(0)}, field {k}", "unknown top-level key (flows are [[flow]] tables)") for k in unknown
    ]
    raw_flows = document.get("flow", [])
    if not isinstance(raw_flows, list):
        raw_flows = []
        problems.append(("line 1, field flow", "must be [[flow]] tables"))
    specs: list[FlowSpec] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_flows):

        def report(key: str, detail: str, action: int | None = None, field: str = "", *, at: int = index) -> None:
            line = lines.of(at, action, key)
            problems.append((f"line {line}, field {field or key}", detail))

        spec = _flow(raw, report)
        if spec is None:
            continue
        if spec.name in seen:
            report("name", f"duplicate flow name {spec.name!r} (first at line {seen[spec.name]})")
            continue
        seen[spec.name] = lines.of(index, None, "name")
        specs.append(spec)
    if problems:
        raise InvalidFlow("; ".join(f"{p}: {d}" for p, d in problems), problems)
    return specs


Report = Callable[..., None]


def _flow(raw: Mapping[str, Any], report: Report) -> FlowSpec | None:
    texts, when, wait, ok = _scalars(raw, report)
    actions = _actions(raw.get("action", []), report)
    spec = FlowSpec(
        name=texts.get("name", ""),
        on=texts.get("on", ""),
        when=when if isinstance(when, dict) else {},
        wait=wait,
        unless=texts.get("unless"),
        actions=actions or (),
    )
    problems = spec.problems()
    for key, detail in problems:
        if (key in ("name", "on") and key not in texts) or (key == "action" and actions is None):
            continue  # already reported: missing, not a string, or a broken action
        report("" if key == "action" else key, detail, field=key)
    return spec if ok and actions is not None and not problems else None


def _scalars(raw: Mapping[str, Any], report: Report) -> tuple[dict[str, str], Any, timedelta | None, bool]:
    ok = True
    for key in sorted(set(raw) - set(_FLOW_KEYS)):
        report(key, "unknown field")
        ok = False
    texts: dict[str, str] = {}
    for key in ("name", "on", "wait", "unless"):
        if key in raw and not isinstance(raw[key], str):
            report(key, "must be a string")
            ok = False
        elif key in raw:
            texts[key] = raw[key]
        elif key in ("name", "on"):
            report("", "required", field=key)
            ok = False
    when = raw.get("when", {})
    if not isinstance(when, dict) or any(not isinstance(v, str | int | bool | float) for v in when.values()):
        report("when", "must be a table of dotted envelope paths to plain values")
        ok = False
    wait = None
    if "wait" in texts:
        try:
            wait = parse_duration(texts["wait"])
        except ValueError as exc:
            report("wait", str(exc))
            ok = False
    return texts, when, wait, ok


def _actions(raw: object, report: Report) -> tuple[FlowAction, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(a, dict) for a in raw):
        report("action", "must be [[flow.action]] tables")
        return None
    actions: list[FlowAction] = []
    ok = True
    for position, item in enumerate(raw):
        where = f"action[{position}]"
        fields: dict[str, str] = {}
        typed = True
        for key, value in item.items():
            if key not in _ACTION_KEYS:
                report(key, "unknown field", position, f"{where}.{key}")
                typed = False
            elif not isinstance(value, str):
                report(key, "must be a string", position, f"{where}.{key}")
                typed = False
            else:
                fields[key] = value
        reported = set(item) - set(fields)  # unknown or not a string: named already
        problems = [(k, d) for k, d in action_problems(fields) if k not in reported]
        for key, detail in problems:
            report(key if key in fields else "", detail, position, f"{where}.{key}")
        templates = {k: fields[k] for k in ("subject", "text") if k in fields and fields.get("type") != "webhook"}
        for key, template in templates.items() if not problems else ():
            if (trouble := template_problem(template)) is not None:
                report(key, trouble, position, f"{where}.{key}")
                problems.append((key, trouble))
        if problems or not typed:
            ok = False
            continue
        actions.append(FlowAction(**fields))
    return tuple(actions) if ok else None
