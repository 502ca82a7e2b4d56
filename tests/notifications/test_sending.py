"""Sending the outbox: claimed once, retried with back-off on temporary errors, failed with a reason."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from portal.notifications import services
from portal.notifications.models import Notification
from portal.notifications.services import send_due, send_notification
from tests.notifications.backends import FlakyBackend
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 10, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.errors = []
    yield FlakyBackend
    FlakyBackend.errors = []


def test_pending_row_is_sent_once_with_text_html_and_attachment():
    row = NotificationFactory(
        email="amra@example.org",
        subject="Poziv",
        attachment_name="meeting-1.ics",
        attachment_type="text/calendar",
        attachment=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        next_attempt_at=NOW,
    )
    assert send_due(now=NOW) == {"sent": 1}
    assert send_due(now=NOW) == {}
    (message,) = mail.outbox
    assert message.to == ["amra@example.org"] and message.subject == "Poziv"
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments[0][0] == "meeting-1.ics"
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT and row.sent_at is not None
    assert row.attempts == 1


def test_a_claimed_row_is_not_sent_by_a_second_worker():
    row = NotificationFactory(next_attempt_at=NOW)
    # Another worker claimed it first: the conditional UPDATE finds no pending row.
    Notification.objects.filter(pk=row.pk).update(
        status=Notification.Status.SENDING, claimed_at=NOW
    )
    assert send_notification(pk=row.pk, now=NOW) is None
    assert mail.outbox == []


def test_temporary_error_keeps_the_row_pending_and_retries_with_growing_delays(flaky):
    row = NotificationFactory(next_attempt_at=NOW)
    flaky.errors = [ConnectionRefusedError(111, "Connection refused")] * 3

    assert send_due(now=NOW) == {"pending": 1}
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "Connection refused" in row.last_error
    assert row.next_attempt_at == NOW + datetime.timedelta(seconds=60)

    assert send_due(now=NOW + datetime.timedelta(seconds=59)) == {}, "waits out its back-off"
    later = NOW + datetime.timedelta(seconds=60)
    assert send_due(now=later) == {"pending": 1}
    row.refresh_from_db()
    assert row.next_attempt_at == later + datetime.timedelta(seconds=120)

    later += datetime.timedelta(seconds=120)
    send_due(now=later)
    row.refresh_from_db()
    assert row.next_attempt_at == later + datetime.timedelta(seconds=240)

    send_due(now=later + datetime.timedelta(seconds=240))
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT and row.attempts == 4
    assert len(mail.outbox) == 1


def test_back_off_is_bounded(settings):
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 600
    assert services.retry_delay(1) == datetime.timedelta(seconds=60)
    assert services.retry_delay(4) == datetime.timedelta(seconds=480)
    assert services.retry_delay(9) == datetime.timedelta(seconds=600)


def test_after_the_last_attempt_the_row_fails_with_the_reason(flaky, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    row = NotificationFactory(next_attempt_at=NOW)
    flaky.errors = [smtplib.SMTPServerDisconnected("gone")] * 2
    send_due(now=NOW)
    send_due(now=NOW + datetime.timedelta(hours=1))
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == 2
    assert row.last_error == "SMTPServerDisconnected: gone"


def test_refused_recipient_fails_at_once(flaky):
    row = NotificationFactory(email="nobody@example.org", next_attempt_at=NOW)
    flaky.errors = [smtplib.SMTPRecipientsRefused({"nobody@example.org": (550, b"No such user")})]
    assert send_due(now=NOW) == {"failed": 1}
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert "No such user" in row.last_error


def test_greylisting_is_temporary(flaky):
    row = NotificationFactory(email="grey@example.org", next_attempt_at=NOW)
    flaky.errors = [smtplib.SMTPRecipientsRefused({"grey@example.org": (451, b"Try later")})]
    send_due(now=NOW)
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING


def test_a_row_left_sending_by_a_dead_worker_is_sent_after_the_stale_window():
    fresh = NotificationFactory(
        status=Notification.Status.SENDING, claimed_at=NOW - datetime.timedelta(minutes=2)
    )
    stale = NotificationFactory(
        status=Notification.Status.SENDING, claimed_at=NOW - datetime.timedelta(minutes=11)
    )
    assert send_due(now=NOW) == {"sent": 1}
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Notification.Status.SENT
    assert fresh.status == Notification.Status.SENDING, "a live worker may still be sending it"
    assert [m.to for m in mail.outbox] == [[stale.email]]


def test_a_server_that_does_not_answer_stops_the_batch(flaky):
    rows = [NotificationFactory(next_attempt_at=NOW) for _ in range(5)]
    flaky.errors = [ConnectionRefusedError(111, "Connection refused")] * 5
    assert send_due(now=NOW) == {"pending": 3}
    untouched = Notification.objects.filter(pk__in=[r.pk for r in rows], attempts=0)
    assert untouched.count() == 2


def test_the_send_task_runs_the_outbox():
    from portal.notifications.tasks import send_pending

    NotificationFactory(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert send_pending.delay().get() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_a_broken_rule_does_not_stop_the_others(monkeypatch):
    from portal.notifications import rules

    def broken(now):
        raise RuntimeError("boom")

    def fine(now):
        yield rules.Spec(
            recipient=rules.Recipient(email="ok@example.org", name="Ok"),
            kind="meeting_reminders",
            obj=None,
            occasion="once",
            template="emails/test/hello",
        )

    monkeypatch.setattr(
        rules,
        "_rules",
        {"a.broken": rules.Rule("a.broken", broken), "b.fine": rules.Rule("b.fine", fine)},
    )
    assert services.run_rules(now=NOW, schedule=rules.DAILY) == 1
    row = Notification.objects.get()
    assert row.rule == "b.fine" and row.subject == "Hello Ok"
    assert services.run_rules(now=NOW, schedule=rules.DAILY) == 0, "the key is unique"
