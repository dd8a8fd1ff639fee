"""A real SMTP server on localhost for the tests of the mail path (aiosmtpd): Django's
SMTP backend sends to it, and a test stops it to see a failure. The fixture
`smtp_server` (tests/conftest.py) points Django at one; the test starts it."""

import email
import email.policy
import socket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the test's SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"


class LocalSMTPServer:
    """An SMTP server on a fixed local port that can be stopped and started again (each
    start is a fresh aiosmtpd controller: a stopped one cannot restart)."""

    def __init__(self, port):
        self.port, self.inbox, self.controller = port, Inbox(), None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def use_smtp(settings, port, timeout=5):
    """Django's settings for plain SMTP to 127.0.0.1:`port`."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = timeout


def received(envelope):
    """A received mail as an email.message.EmailMessage."""
    return email.message_from_bytes(envelope.content, policy=email.policy.default)
