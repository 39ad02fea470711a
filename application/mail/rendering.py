"""The mail templates (Jinja, HTML autoescaped) and the locale rules all messages share; reads only its templates."""

from __future__ import annotations

from babel.support import Translations
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from application.localisation import LanguageCode, language_code, translations

__all__ = ["MailLocale", "check_locale", "minutes", "render", "texts"]

MailLocale = LanguageCode

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
    return language_code(locale)


def texts(locale: MailLocale) -> Translations:
    """The catalog the mail's words come from (the pages' and the PDF's too)."""
    return translations(locale)


def minutes(count: int, locale: MailLocale) -> str:
    """A duration in whole minutes as a sentence says it: "10 minutter", "1 minute"."""
    if count <= 0:
        raise ValueError("ttl_minutes: must be positive")
    return texts(locale).ngettext("{count} minute", "{count} minutes", count).format(count=count)


def render(template: str, **context: object) -> str:
    """Render one template; a name ending in .html is autoescaped, a missing variable is an error."""
    return _ENV.get_template(template).render(**context)
