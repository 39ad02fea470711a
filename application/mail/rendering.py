"""The mail templates (Jinja, HTML autoescaped) and the locale rules all messages share; reads only its templates."""

from __future__ import annotations

from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["MailLocale", "check_locale", "minutes", "render"]

MailLocale = Literal["da", "en"]

_ENV = Environment(
    loader=PackageLoader("application.mail", "templates"),
    # HTML templates escape every value; the plain-text ones must not (an "&" stays an "&").
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def check_locale(locale: str) -> MailLocale:
    """The locale if it is one the mail speaks; ValueError otherwise."""
    if locale == "da":
        return "da"
    if locale == "en":
        return "en"
    raise ValueError(f"locale: must be da or en, got {locale!r}")


def minutes(count: int, locale: MailLocale) -> str:
    """A duration in whole minutes as a sentence says it: "10 minutter", "1 minute"."""
    if count <= 0:
        raise ValueError("ttl_minutes: must be positive")
    if locale == "da":
        return f"{count} minut" if count == 1 else f"{count} minutter"
    return f"{count} minute" if count == 1 else f"{count} minutes"


def render(template: str, **context: object) -> str:
    """Render one template; a name ending in .html is autoescaped, a missing variable is an error."""
    return _ENV.get_template(template).render(**context)
