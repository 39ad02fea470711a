"""The pages' Jinja environment (autoescaped, gettext from the request's catalog) and its locale-aware filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time, format_timedelta
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
_COPENHAGEN = ZoneInfo("Europe/Copenhagen")
_MINOR_UNITS = Decimal(100)


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(context["translations"].gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(context["translations"].ngettext(singular, plural, n))


@pass_context
def money(context: Context, minor: int, currency: str) -> str:
    """Minor units in the page's locale: `1.234,50 kr.` (da), `DKK 1,234.50` (en)."""
    locale = context["locale"]
    amount = Decimal(minor) / _MINOR_UNITS
    symbol = get_currency_symbol(currency, locale=locale)
    pattern = "¤\u00a0#,##0.00" if symbol.isalpha() and not locale.startswith("da") else None
    return format_currency(amount, currency, format=pattern, locale=locale)


@pass_context
def day(context: Context, value: dt.date | None) -> str:
    """A date in this locale; a moment's date as it was in Copenhagen."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(_COPENHAGEN).date()
    return format_date(value, "medium", locale=context["locale"]) if value else ""


@pass_context
def moment(context: Context, value: dt.datetime) -> str:
    """A time of day in Copenhagen, as this locale writes it."""
    return format_datetime(value.astimezone(_COPENHAGEN), "medium", locale=context["locale"])


@pass_context
def clock(context: Context, value: dt.datetime) -> str:
    """The hour and minute of a moment in Copenhagen, as this locale writes them (`14.35`, `2:35 PM`)."""
    return format_time(value.astimezone(_COPENHAGEN), "short", locale=context["locale"])


@pass_context
def duration(context: Context, seconds: int) -> str:
    """A wait in words (`7 minutter`, `45 seconds`), rounded as people say it."""
    return format_timedelta(dt.timedelta(seconds=seconds), locale=context["locale"])


@pass_context
def percent(context: Context, value: str) -> str:
    """A rate as the import spells it (`"25"`) as this locale writes a percentage (`25 %`)."""
    return format_percent(Decimal(value) / 100, format="#,##0.###\u00a0%", locale=context["locale"])


@pass_context
def quantity(context: Context, value: str) -> str:
    return format_decimal(Decimal(value), format="#,##0.###", locale=context["locale"])


_URL = re.compile(r"https?://[^\s<>\"']+")


def linked(text: str) -> Markup:
    """Plain text, escaped, with each http(s) URL as a link (the embedded mailbox: the sign-in link is one click)."""
    parts: list[str] = []
    last = 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(".,;:)")
        parts += [str(escape(text[last : found.start()])), f'<a href="{escape(url)}">{escape(url)}</a>']
        last = found.start() + len(url)
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))  # noqa: S704 - every piece above is escaped


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        money=money,
        day=day,
        moment=moment,
        clock=clock,
        duration=duration,
        percent=percent,
        quantity=quantity,
        linked=linked,
    )
    return env


ENVIRONMENT = _environment()
ENGINE = JinjaTemplateEngine.from_environment(ENVIRONMENT)


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """The app's template engine: the pages' environment."""
    return TemplateConfig(instance=ENGINE)


def render_to_string(name: str, context: Mapping[str, Any]) -> str:
    """Render outside a route handler (the error pages of exception handlers)."""
    return ENVIRONMENT.get_template(name).render(**context)
