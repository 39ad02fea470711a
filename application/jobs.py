"""Stable wire names of the jobs the outbox carries to the worker (a cross-process contract: ADR-0007).

Renaming one strands messages already queued under the old name; add a new name instead.
"""

from __future__ import annotations

QUEUE = "portal"

PORTAL_EVENT = "portal.event"
RENDER_DOCUMENT_PDF = "documents.render_pdf"
SEND_LOGIN_EMAIL = "identity.send_login_email"
SEND_LINK_EMAIL = "links.send_link_email"
CREATE_VENDOR_PAYMENT = "payments.create"
CAPTURE_PAYMENT = "payments.capture"
CANCEL_PAYMENT = "payments.cancel"
POLL_PAYMENT = "payments.poll"
SEND_RECEIPT = "payments.send_receipt"
RUN_FLOW_ACTION = "flows.run_action"
DAILY_JOBS = "maintenance.daily"

ALL = (
    PORTAL_EVENT,
    RENDER_DOCUMENT_PDF,
    SEND_LOGIN_EMAIL,
    SEND_LINK_EMAIL,
    CREATE_VENDOR_PAYMENT,
    CAPTURE_PAYMENT,
    CANCEL_PAYMENT,
    POLL_PAYMENT,
    SEND_RECEIPT,
    RUN_FLOW_ACTION,
    DAILY_JOBS,
)
