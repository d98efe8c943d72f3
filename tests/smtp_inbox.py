"""A real SMTP server on a free port, keeping what it receives: the service's password-reset
mail goes to it in tests (mail is the one thing that leaves the machine)."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller

from marketplace.accounts.reset import PasswordResets
from marketplace.config import Settings
from marketplace.mail import SmtpMailer


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 10) -> Message:
        """The `count`th message, waiting for it: the service mails after answering."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} messages, wanted {count}"
        return self.messages[count - 1]

    def link(self) -> str:
        """The reset link of the latest message."""
        body = self.messages[-1].get_payload(decode=True).decode()  # type: ignore[union-attr]
        found = re.search(r"https?://\S+/password/reset\?token=\S+", body)
        assert found, body
        return found.group(0)


@contextmanager
def receiving(resets: PasswordResets) -> Iterator[Inbox]:
    """The reset mail goes to a fresh SMTP server while the block runs."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (the controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    previous = resets.mailer
    resets.mailer = SmtpMailer(
        Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    )
    try:
        yield inbox
    finally:
        resets.mailer = previous
        controller.stop()
