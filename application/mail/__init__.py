"""Composition of outgoing mail from primitives, in Danish and English; pure (no sending, no clock)."""

from __future__ import annotations

from application.mail.login_email import compose_login_email
from application.mail.message_ids import mail_message_id
from application.mail.receipt_email import compose_receipt_email
from application.mail.rendering import MailLocale

__all__ = ["MailLocale", "compose_login_email", "compose_receipt_email", "mail_message_id"]
