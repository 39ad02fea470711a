"""What the worker does when a portal event is committed: follow-up jobs, written to the outbox (STYLE §4.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from application.commands.automation.handle_portal_event import Reaction
from application.policies.render_pdf import render_published_pdf

REACTIONS: Mapping[str, Sequence[Reaction]] = {
    "document.published": (render_published_pdf,),
}
