"""Stable wire names of the jobs the outbox carries to the worker (a cross-process contract: ADR-0007).

Renaming one strands messages already queued under the old name; add a new name instead.
"""

from __future__ import annotations

QUEUE = "portal"

PORTAL_EVENT = "portal.event"
RENDER_DOCUMENT_PDF = "documents.render_pdf"
SEND_LOGIN_EMAIL = "identity.send_login_email"

ALL = (PORTAL_EVENT, RENDER_DOCUMENT_PDF, SEND_LOGIN_EMAIL)
