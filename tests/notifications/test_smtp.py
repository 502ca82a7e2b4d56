"""Through Django's SMTP backend to a real SMTP server process (aiosmtpd in a subprocess).

The messages arrive with the right recipients, subjects, language and .ics attachment;
with the server stopped the rows stay pending, and they go out once it is back.
"""

import datetime
import email
import email.policy
import mailbox
import socket
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from institutions.models import Delegate
from portal.notifications.models import Notification
from portal.notifications.services import run_rules, send_due
from tests.factories import WorkingGroupFactory
from tests.notifications.factories import MeetingFactory, delegate


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """``python -m aiosmtpd`` writing what it receives to a Maildir."""

    def __init__(self, port: int, maildir):
        self.port, self.maildir, self.process = port, maildir, None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}"]
            + ["-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def messages(self) -> list[email.message.EmailMessage]:
        box = mailbox.Maildir(self.maildir, create=True)
        return [
            email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            for key in box.iterkeys()
        ]


@pytest.fixture
def smtp_server(tmp_path, settings):
    server = SMTPServer(free_port(), tmp_path / "maildir")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Portal <portal@example.org>"
    server.start()
    yield server
    server.stop()


def by_recipient(messages):
    return {m["X-RcptTo"]: m for m in messages}


def ics_part(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


@pytest.mark.django_db
def test_invitations_arrive_through_a_real_smtp_server_and_wait_while_it_is_down(smtp_server):
    group = WorkingGroupFactory(short_name="WG-S")
    delegate(group, name="Amra Hodžić", email="amra@example.org", language="bs")
    delegate(
        group, role=Delegate.Role.DEPUTY, name="Dan Deputy", email="dan@example.org", language="en"
    )
    meeting = MeetingFactory(
        group=group, title="Eighth meeting", date=timezone.localdate() + datetime.timedelta(days=30)
    )
    now = timezone.now() + datetime.timedelta(minutes=6)

    run_rules(now=now)
    assert send_due(now=now) == {"sent": 2}
    received = by_recipient(smtp_server.messages())
    assert set(received) == {"amra@example.org", "dan@example.org"}

    bosnian = received["amra@example.org"]
    assert bosnian["To"] == "amra@example.org"
    assert bosnian["Subject"].startswith("Poziv: WG-S sastanak 1, Eighth meeting")
    text = bosnian.get_body(("plain",)).get_content()
    assert "Poštovani/a Amra Hodžić," in text
    assert "Pozvani ste na sljedeći sastanak radne grupe" in text
    assert "Dear Amra" in bosnian.get_body(("html",)).get_content().replace("Poštovani/a", "Dear")
    english = received["dan@example.org"]
    assert english["Subject"].startswith("Invitation: WG-S meeting 1, Eighth meeting")
    ics = ics_part(english)
    assert ics.get_filename() == "meeting-1.ics"
    calendar = ics.get_content()
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "METHOD:REQUEST" in calendar and "SUMMARY:WG-S #1: Eighth meeting" in calendar

    # The server goes away; the meeting moves: the update waits in the outbox.
    smtp_server.stop()
    meeting.city = "Mostar"
    meeting.sequence += 1
    meeting.save()
    later = timezone.now() + datetime.timedelta(minutes=12)
    run_rules(now=later)
    assert send_due(now=later) == {"pending": 2}
    updates = Notification.objects.filter(occasion="seq-1")
    assert {(u.status, u.attempts) for u in updates} == {(Notification.Status.PENDING, 1)}
    assert all("refused" in u.last_error.lower() for u in updates)
    assert send_due(now=later) == {}, "nothing is tried again before the back-off"

    smtp_server.start()
    assert send_due(now=later + datetime.timedelta(minutes=2)) == {"sent": 2}
    assert send_due(now=later + datetime.timedelta(minutes=30)) == {}
    messages = smtp_server.messages()
    assert len(messages) == 4
    changed = [m for m in messages if "Mostar" in m.get_body(("plain",)).get_content()]
    assert sorted(m["X-RcptTo"] for m in changed) == ["amra@example.org", "dan@example.org"]
    assert {m["Subject"].split(":")[0] for m in changed} == {"Izmjena", "Changed"}
    assert all("SEQUENCE:1" in str(ics_part(m).get_content()) for m in changed)
