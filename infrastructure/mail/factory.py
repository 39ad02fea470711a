"""Which mailer a process gets: SMTP to PORTAL_SMTP_HOST, or to the embedded server when that is not set."""

from __future__ import annotations

from infrastructure.mail.embedded_smtp import EmbeddedSmtpServer
from infrastructure.mail.smtp_mailer import SmtpMailer
from infrastructure.settings import Settings


def make_mailer(settings: Settings, embedded: EmbeddedSmtpServer) -> SmtpMailer:
    if settings.smtp_host:
        return SmtpMailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            mail_from=settings.mail_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )
    if not embedded.running:
        embedded.start()
    return SmtpMailer(host=embedded.host, port=embedded.port, mail_from=settings.mail_from)
