"""Mail in the composition root: SMTP to PORTAL_SMTP_HOST, or to the embedded SMTP server (ADR-0042, ADR-0031)."""

from __future__ import annotations

from dependency_injector import containers, providers

from infrastructure.deferred import Deferred
from infrastructure.mail.once import OnceMailer
from infrastructure.persistence.mail_ledger import SqlMailLedger

SMTP_MAILER = Deferred("infrastructure.mail.smtp_mailer:SmtpMailer")


class Mail(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    database = providers.DependenciesContainer()

    # started when first provided (the embedded transport or /dev/mail), stopped by `shutdown_resources`
    embedded_smtp = providers.Resource(Deferred("infrastructure.mail.embedded_smtp:EmbeddedSmtpServer"))
    smtp_mailer = providers.Selector(
        core.settings.provided.mail_transport,
        smtp=providers.Singleton(
            SMTP_MAILER,
            host=core.settings.provided.smtp_host,
            port=core.settings.provided.smtp_port,
            mail_from=core.settings.provided.mail_from,
            username=core.settings.provided.smtp_username,
            password=core.settings.provided.smtp_password,
            starttls=core.settings.provided.smtp_starttls,
        ),
        embedded=providers.Singleton(
            SMTP_MAILER,
            host=embedded_smtp.provided.host,
            port=embedded_smtp.provided.port,
            mail_from=core.settings.provided.mail_from,
        ),
    )
    mail_ledger = providers.Factory(SqlMailLedger, session_factory=database.session_factory)
    mailer = providers.Singleton(OnceMailer, mailer=smtp_mailer, ledger=mail_ledger, clock=core.clock)
