"""Outgoing mail over SMTP, and the embedded SMTP server that catches it in embedded mode and tests.

Import the modules themselves (`infrastructure.mail.smtp_mailer`, `.embedded_smtp`, `.capture`): the package
imports nothing, so that `infrastructure.mail.once` does not bring the SMTP server into every staff command.
"""
