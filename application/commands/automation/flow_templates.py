"""Flow action templates: sandboxed Jinja over the event envelope, the party's record and a fresh link."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import ChainableUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["TemplateFailed", "render_template", "template_problem", "uses_link"]

# The sandbox refuses attribute tricks (`__class__`, `mro`), unsafe calls and huge ranges; a missing field renders
# as empty text instead of failing the action (a customer without a name still gets the reminder).
_ENV = SandboxedEnvironment(autoescape=False, undefined=ChainableUndefined, keep_trailing_newline=False)


class TemplateFailed(Exception):
    """The template could not be rendered (an unsafe operation or an error inside it); retrying will not help."""


def template_problem(text: str) -> str | None:
    """Why the template cannot be parsed, or None."""
    try:
        _ENV.parse(text)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        return f"template error{f' on its line {line}' if line else ''}: {exc.message or exc}"
    return None


def uses_link(text: str) -> bool:
    """Whether the template names `link` (only then is a fresh §7 link made)."""
    return "link" in meta.find_undeclared_variables(_ENV.parse(text))


def render_template(text: str, context: Mapping[str, Any]) -> str:
    try:
        return _ENV.from_string(text).render(dict(context))
    except (TemplateError, OverflowError, ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateFailed(f"{type(exc).__name__}: {exc}") from None
