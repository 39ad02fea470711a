"""PORTAL_* variables converted once by msgspec (ints, bools, choices, limits); a bad one is one line naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from domain.identity.rate_limit import RateLimit
from infrastructure.settings import SettingsError
from tests.conftest import make_settings

pytestmark = pytest.mark.adapter


def test_unset_variables_keep_their_defaults(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert (settings.smtp_port, settings.smtp_starttls, settings.session_idle_minutes) == (25, False, 60)
    assert (settings.session_max_hours, settings.link_ttl_days, settings.login_ttl_minutes) == (12, 30, 10)
    assert settings.max_body_bytes == 1024 * 1024
    assert settings.limit_login_email == RateLimit.parse("3/10m,10/24h")
    assert settings.limit_login_ip == RateLimit.parse("20/10m")
    assert settings.limit_verify_ip == RateLimit.parse("30/10m")


def test_text_becomes_numbers_flags_and_parsed_limits(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, smtp_port="2525", smtp_starttls="true", session_idle_minutes="15", limit_login_ip="5/1m, 50/1h"
    )
    assert (settings.smtp_port, settings.smtp_starttls, settings.session_idle_minutes) == (2525, True, 15)
    assert settings.limit_login_ip.pairs == ((5, 60), (50, 3600))
    assert make_settings(tmp_path, smtp_starttls="false").smtp_starttls is False


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("smtp_port", "70000", "PORTAL_SMTP_PORT: Expected `int` <= 65535, got '70000'"),
        ("session_idle_minutes", "0", "PORTAL_SESSION_IDLE_MINUTES: Expected `int` >= 1, got '0'"),
        ("link_ttl_days", "ten", "PORTAL_LINK_TTL_DAYS: Expected `int`, got 'ten'"),
        ("smtp_starttls", "maybe", "PORTAL_SMTP_STARTTLS: Expected `bool`, got 'maybe'"),
        ("mobilepay_market", "SE", "PORTAL_MOBILEPAY_MARKET: Invalid enum value 'SE'"),
        ("limit_verify_ip", "30 per minute", "PORTAL_LIMIT_VERIFY_IP: '30 per minute' is not a rate limit; write"),
    ],
)
def test_a_bad_value_is_one_line_naming_its_variable(tmp_path: Path, variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as bad:
        make_settings(tmp_path, **{variable: value})
    assert str(bad.value).startswith(message)
    assert "\n" not in str(bad.value)


def test_the_cli_prints_the_line_and_exits_1(tmp_path: Path) -> None:
    env = {**os.environ, "PORTAL_VAR_DIR": str(tmp_path / "var"), "PORTAL_SMTP_PORT": "0"}
    env.pop("PORTAL_ENV", None)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("portal")), "links", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "error: PORTAL_SMTP_PORT: Expected `int` >= 1, got '0'"
