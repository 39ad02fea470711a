"""What the payment pages read and say (PRODUCT §6.1, §6.4): typed amounts, and failure reasons in plain words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.documents.money import parse_major
from interfaces.http.pages.amount_input import amount_text
from interfaces.http.pages.i18n import language
from interfaces.http.pages.payment_status_pages import failure_kind

pytestmark = pytest.mark.adapter


@pytest.mark.parametrize(
    ("typed", "minor"),
    [
        ("1.234,50", 123_450),
        ("1234,50", 123_450),
        ("1,234.50", 123_450),
        ("1234.50", 123_450),
        ("1 234,50 kr.", 123_450),
        ("1\u00a0234,50\u00a0kr.", 123_450),
        ("DKK 1,234.50", 123_450),
        ("€12.5", 1_250),
        ("1.234,-", 123_400),
        ("1.234", 123_400),
        ("1.234.567", 123_456_700),
        ("12,5", 1_250),
        (",50", 50),
        ("0", 0),
    ],
)
def test_amounts_as_danes_and_others_type_them(typed: str, minor: int) -> None:
    assert parse_major(typed) == minor


@pytest.mark.parametrize(
    "typed", ["", "abc", "-5", "+5", "1.", "1.2345", "1,23,456", "1.234,567", "1,234,50", "9" * 30]
)
def test_what_is_not_an_amount(typed: str) -> None:
    assert parse_major(typed) is None


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["da", "en"]), st.sampled_from(["DKK", "EUR"]))
def test_the_prefilled_amount_reads_back_as_the_same_amount(minor: int, code: str, currency: str) -> None:
    assert parse_major(amount_text(minor, currency, language(code))) == minor


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("aborted", "rejected"),
        ("expired", "expired"),
        ("terminated", "cancelled"),
        ("already_paid", "already_paid"),
        ("document_withdrawn", "withdrawn"),
        ("invalid_phone", "phone"),
        ("capture_failed:wrong_state", "capture"),
        ("something_new", "refused"),
        (None, "refused"),
    ],
)
def test_failure_reasons_become_a_few_plain_messages(reason: str | None, kind: str) -> None:
    assert failure_kind(reason) == kind
