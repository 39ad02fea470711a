"""Rate-limit settings: `N/PERIOD` lists (PRODUCT §2.7, §12)."""

from __future__ import annotations

from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity import InvalidRateLimit, RateLimit, RateWindow
from domain.identity.rate_limit import MAX_COUNT, MAX_PERIOD_SECONDS
from domain.shared.errors import DomainError

pytestmark = pytest.mark.unit

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

windows = st.builds(RateWindow, count=st.integers(1, MAX_COUNT), seconds=st.integers(1, MAX_PERIOD_SECONDS))
limits = st.lists(windows, min_size=1, max_size=6, unique_by=lambda window: window.seconds).map(
    lambda items: RateLimit(windows=tuple(sorted(items, key=lambda window: window.seconds)))
)


@pytest.mark.parametrize(
    ("text", "pairs", "canonical"),
    [
        ("3/10m,10/24h", ((3, 600), (10, 86_400)), "3/10m,10/1d"),
        ("20/10m", ((20, 600),), "20/10m"),
        ("30/10m", ((30, 600),), "30/10m"),
        (" 10/24h , 3/10m ", ((3, 600), (10, 86_400)), "3/10m,10/1d"),
        ("1/1s,2/90s,5/2d", ((1, 1), (2, 90), (5, 172_800)), "1/1s,2/90s,5/2d"),
        ("007/060m", ((7, 3600),), "7/1h"),
    ],
)
def test_parses_the_settings_format(text: str, pairs: tuple[tuple[int, int], ...], canonical: str) -> None:
    limit = RateLimit.parse(text)
    assert limit.pairs == pairs
    assert str(limit) == canonical


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("3/10m,", "empty item"),
        ("3/10m,,10/24h", "empty item"),
        ("3", "'3' is not a rate limit"),
        ("3/", "is not a rate limit"),
        ("/10m", "is not a rate limit"),
        ("3/10", "periods end in s, m, h or d"),
        ("3/10x", "is not a rate limit"),
        ("3/10M", "is not a rate limit"),
        ("3 / 10m", "is not a rate limit"),
        ("-1/10m", "is not a rate limit"),
        ("3.5/10m", "is not a rate limit"),
        ("٣/10m", "is not a rate limit"),
        ("3/m", "is not a rate limit"),
        ("0/10m", "count must be at least 1"),
        ("3/0h", "period must be at least 1h"),
        ("3/1h,5/60m", "period 1h more than once"),
        ("3/367d", "between 1s and 366d"),
        ("2000000/1m", "between 1 and 1000000"),
        ("1234567890/1m", "is not a rate limit"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(text: str, says: str) -> None:
    with pytest.raises(InvalidRateLimit) as refused:
        RateLimit.parse(text)
    assert says in refused.value.message
    assert isinstance(refused.value, DomainError)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(InvalidRateLimit, match="at least one item"):
        RateLimit(windows=())
    with pytest.raises(InvalidRateLimit, match="shortest first"):
        RateLimit(windows=(RateWindow(count=1, seconds=60), RateWindow(count=1, seconds=1)))
    with pytest.raises(InvalidRateLimit):
        RateWindow(count=0, seconds=60)
    with pytest.raises(InvalidRateLimit):
        RateWindow(count=1, seconds=MAX_PERIOD_SECONDS + 1)


@given(limits)
def test_text_round_trip(limit: RateLimit) -> None:
    assert RateLimit.parse(str(limit)) == limit


@given(
    st.lists(
        st.tuples(st.integers(1, MAX_COUNT), st.integers(1, 999), st.sampled_from(sorted(UNITS))),
        min_size=1,
        max_size=5,
        unique_by=lambda item: item[1] * UNITS[item[2]],
    ).filter(lambda items: all(amount * UNITS[unit] <= MAX_PERIOD_SECONDS for _, amount, unit in items)),
    st.randoms(use_true_random=False),
    st.sampled_from(["", " ", "\t"]),
)
def test_any_spelling_parses_to_the_same_pairs(items: list[tuple[int, int, str]], random: Random, pad: str) -> None:
    shuffled = list(items)
    random.shuffle(shuffled)
    text = ",".join(f"{pad}{count}/{amount}{unit}{pad}" for count, amount, unit in shuffled)
    expected = tuple(sorted(((count, amount * UNITS[unit]) for count, amount, unit in items), key=lambda p: p[1]))
    assert RateLimit.parse(text).pairs == expected


@given(st.text(alphabet=st.sampled_from("0123456789/,smhdx -."), max_size=30) | st.text(max_size=30))
def test_any_text_either_parses_or_is_refused_as_a_domain_error(text: str) -> None:
    try:
        limit = RateLimit.parse(text)
    except InvalidRateLimit:
        return
    assert RateLimit.parse(str(limit)) == limit
    assert all(count >= 1 and seconds >= 1 for count, seconds in limit.pairs)
