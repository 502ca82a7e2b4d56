from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FlakyBackend(BaseEmailBackend):
    """Raises the queued errors one per send, then delivers to mail.outbox like locmem."""

    errors: list[Exception] = []

    def send_messages(self, messages):
        if FlakyBackend.errors:
            raise FlakyBackend.errors.pop(0)
        mail.outbox.extend(messages)
        return len(messages)
