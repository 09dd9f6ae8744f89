"""A real SMTP server (aiosmtpd) on loopback for the tests, and Django's mail settings
pointed at it.

    def test_it(smtp_server):          # settings now send by SMTP to it
        ...
        [message] = smtp_server.messages  # email.message.EmailMessage, as delivered
        smtp_server.envelopes             # (mail from, [rcpt to]) per message
        smtp_server.refuse = True         # answer every message with 554 from now on
"""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class _Recorder:
    messages: list = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    refuse: bool = False
    refused: int = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refused += 1
            return "554 5.7.1 Message refused by the test server"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 2.0.0 OK queued"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    recorder = _Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield recorder
    finally:
        controller.stop()
