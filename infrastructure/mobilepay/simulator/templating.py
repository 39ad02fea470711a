"""Server-rendered pages of the simulator: one Jinja environment, autoescaped, links under the mount prefix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Response
from litestar.enums import MediaType

__all__ = ["render", "stylesheet"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV = Environment(
    loader=FileSystemLoader(_TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _money(value: int, currency: str) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d} {currency}"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")


_ENV.filters["money"] = _money
_ENV.filters["utc"] = _utc


def render(template: str, *, base: str, status_code: int = 200, **context: object) -> Response[str]:
    """Render `template`; `base` is the prefix the app is mounted under ("" when it runs alone)."""
    html = _ENV.get_template(template).render(base=base, **context)
    return Response(
        content=html,
        status_code=status_code,
        media_type=MediaType.HTML,
        headers={"Content-Security-Policy": "default-src 'self'; script-src 'none'", "Cache-Control": "no-store"},
    )


def stylesheet() -> str:
    return (_TEMPLATES / "simulator.css").read_text(encoding="utf-8")
