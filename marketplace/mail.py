"""Outgoing mail: SMTP in production, the log in development and tests."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from marketplace.config import Settings

log = logging.getLogger("marketplace.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, mail: Mail) -> None:
        """Deliver one message; errors are logged, never raised to the person waiting."""
        ...


class LogMailer:
    """Development: the whole message goes to the log, so a reset link can be followed
    without a mail server."""

    def send(self, mail: Mail) -> None:
        log.warning("mail to %s: %s\n%s", mail.to, mail.subject, mail.body)


class NoMailer:
    """Production without an SMTP host: nothing is sent, and the log says so without the
    message (it may hold a credential)."""

    def send(self, mail: Mail) -> None:
        log.error("mail to %s not sent: no SMTP host is configured", mail.to)


class SmtpMailer:
    """Sends through the configured SMTP server."""

    def __init__(self, settings: Settings, timeout: float = 10.0):
        self.settings = settings
        self.timeout = timeout

    def send(self, mail: Mail) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = s.mail_from, mail.to, mail.subject
        message.set_content(mail.body)
        try:
            smtp = (
                smtplib.SMTP_SSL(
                    s.smtp_host,
                    s.smtp_port,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
                if s.smtp_security == "tls"
                else smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=self.timeout)
            )
            with smtp:
                if s.smtp_security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_username:
                    smtp.login(s.smtp_username, s.smtp_password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException):
            log.exception("mail to %s could not be sent", mail.to)


def mailer_for(settings: Settings) -> Mailer:
    """The mailer the settings ask for."""
    if settings.smtp_host:
        return SmtpMailer(settings)
    if settings.environment == "production":
        log.warning("no MARKETPLACE_SMTP_HOST: password-reset mail will not be sent")
        return NoMailer()
    return LogMailer()
