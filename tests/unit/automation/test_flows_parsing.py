"""Flow files (PRODUCT §8): parsed into specs, or rejected whole with the line and field of every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from application.commands.automation.flow_file import parse_flow_file
from domain.automation.errors import InvalidFlow
from domain.automation.flow import FlowAction, parse_duration

pytestmark = pytest.mark.unit
EXAMPLE = Path(__file__).resolve().parents[3] / "flows" / "example.toml"


def _problems(source: str) -> list[tuple[str, str]]:
    with pytest.raises(InvalidFlow) as caught:
        parse_flow_file(source)
    return caught.value.errors


def test_the_shipped_example_parses() -> None:
    reminder, webhook, sign_ins = parse_flow_file(EXAMPLE.read_text())
    assert (reminder.name, reminder.on, dict(reminder.when)) == (
        "payment-reminder",
        "payment.page_opened",
        {"document.type": "invoice"},
    )
    assert (reminder.wait, reminder.unless) == (dt.timedelta(minutes=15), "payment.completed")
    assert [a.type for a in reminder.actions] == ["sms"]
    assert (webhook.on, webhook.actions[0].type) == ("*", "webhook")
    assert (sign_ins.on, sign_ins.actions[0].type) == ("customer.signed_in", "log")


def test_every_problem_is_named_by_line_and_field() -> None:
    source = """\
[[flow]]
name = "ok"
on = "document.viewed"
[[flow.action]]
type = "log"
text = "{{ party }}"

[[flow]]
name = "Bad Name"
on = "viewed"
wait = "7y"
colour = "blue"
[[flow.action]]
type = "fax"
[[flow.action]]
type = "webhook"
url = "ftp://example.com"
[[flow.action]]
type = "sms"
text = "{{ unclosed "
[[flow.action]]
type = "email"
subject = 42
text = "hi"
"""
    assert _problems(source) == [
        ("line 12, field colour", "unknown field"),
        ("line 11, field wait", "must be a positive whole number followed by s, m, h or d (e.g. 15m)"),
        ("line 14, field action[0].type", "must be one of sms, email, webhook, log"),
        ("line 15, field action[1].secret", "required"),
        ("line 17, field action[1].url", "must be an http(s) URL"),
        (
            "line 20, field action[2].text",
            "template error on its line 1: unexpected end of template, expected 'end of print statement'.",
        ),
        ("line 23, field action[3].subject", "must be a string"),
        ("line 9, field name", "lower-case letters, digits, '-', '_' or '.', at most 64"),
        ("line 10, field on", "must be an event type such as payment.page_opened, or *"),
    ]


def test_missing_fields_duplicates_and_unless_without_wait() -> None:
    source = """\
[[flow]]
on = "document.viewed"
[[flow.action]]
text = "x"

[[flow]]
name = "twice"
on = "*"
[[flow.action]]
type = "log"
text = "x"

[[flow]]
name = "twice"
on = "payment.page_opened"
unless = "payment.completed"
[[flow.action]]
type = "log"
text = "y"

[[flow]]
name = "no-actions"
on = "*"
"""
    assert _problems(source) == [
        ("line 1, field name", "required"),
        ("line 3, field action[0].type", "required"),
        ("line 16, field unless", "needs a wait (it is checked within the wait)"),
        ("line 21, field action", "at least one [[flow.action]] is required"),
    ]
    assert _problems(source.replace('unless = "payment.completed"\n', "")) == [
        ("line 1, field name", "required"),
        ("line 3, field action[0].type", "required"),
        ("line 14, field name", "duplicate flow name 'twice' (first at line 7)"),
        ("line 20, field action", "at least one [[flow.action]] is required"),
    ]


def test_broken_toml_names_its_line() -> None:
    assert _problems('[[flow]]\nname = "x"\non = \n') == [("line 3, field (syntax)", "Invalid value")]


def test_an_empty_file_means_no_flows() -> None:
    assert parse_flow_file("# nothing yet\n") == []


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400)])
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0m", "15", "m", "1.5h", "-1m", "1w"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="positive whole number"):
        parse_duration(text)


def test_an_action_checks_its_own_fields() -> None:
    with pytest.raises(InvalidFlow) as caught:
        FlowAction(type="email", to="", subject="", text="x")
    assert caught.value.errors == [("to", "required"), ("subject", "required")]
