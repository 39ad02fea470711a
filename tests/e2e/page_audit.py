"""Screenshots at phone and desktop width, and axe-core's verdict, for one page as the browser shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.e2e.portal_server import ROOT

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
BLOCKING = ("serious", "critical")
_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))
  }));
}"""


def audit(page: Page, name: str, axe_script: Path) -> dict[str, list[dict[str, Any]]]:
    """Save `<name>-phone.png` and `<name>-desktop.png`; return axe's violations per width (all impacts)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script))
    found: dict[str, list[dict[str, Any]]] = {}
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        found[label] = page.evaluate(_RUN_AXE)
    page.set_viewport_size(WIDTHS["desktop"])
    return found


def blocking(violations: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [v | {"width": width} for width, found in violations.items() for v in found if v["impact"] in BLOCKING]
