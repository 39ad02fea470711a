"""Outgoing mail over SMTP, and the embedded SMTP server that catches it in embedded mode and tests."""

from __future__ import annotations

from infrastructure.mail.capture import CapturedMail, MailCapture
from infrastructure.mail.embedded_smtp import EmbeddedSmtpServer
from infrastructure.mail.smtp_mailer import SmtpMailer

__all__ = ["CapturedMail", "EmbeddedSmtpServer", "MailCapture", "SmtpMailer"]
