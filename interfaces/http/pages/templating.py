"""The pages' Jinja environment (autoescaped, gettext from the request's catalog) and its locale-aware filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from markupsafe import Markup, escape

from application.localisation import LocaleFormat

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(context["translations"].gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(context["translations"].ngettext(singular, plural, n))


def _format(context: Context) -> LocaleFormat:
    return LocaleFormat(context["lang"])


@pass_context
def money(context: Context, minor: int, currency: str) -> str:
    """Minor units with their currency, as every surface writes them (`1.234,50 kr.`, `DKK 1,234.50`)."""
    return _format(context).money(minor, currency)


@pass_context
def day(context: Context, value: dt.date | None) -> str:
    """A date in this language; a moment's date as it was in Copenhagen; nothing for no date."""
    return _format(context).day(value) if value else ""


@pass_context
def moment(context: Context, value: dt.datetime) -> str:
    """A moment in Copenhagen, as this language writes it."""
    return _format(context).moment(value)


@pass_context
def clock(context: Context, value: dt.datetime) -> str:
    """The hour and minute of a moment in Copenhagen, as this language writes them (`14.35`, `14:35`)."""
    return _format(context).clock(value)


@pass_context
def duration(context: Context, seconds: int) -> str:
    """A wait in words (`7 minutter`, `45 seconds`), rounded as people say it."""
    return _format(context).duration(seconds)


@pass_context
def percent(context: Context, value: str) -> str:
    """A rate as the import spells it (`"25"`) as this language writes a percentage (`25 %`, `25%`)."""
    return _format(context).percent(value)


@pass_context
def quantity(context: Context, value: str) -> str:
    return _format(context).number(value)


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
