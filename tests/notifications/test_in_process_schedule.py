"""`make run` without REDIS_URL: beat's schedule runs in-process and writes the e-mails."""

import datetime
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest

from portal.notifications.models import Notification
from portal.schedule import InProcessSchedule
from tests.factories import WorkingGroupFactory
from tests.notifications.factories import MeetingFactory, delegate

TZ = ZoneInfo("Europe/Sarajevo")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def written(directory):
    if not directory.exists():
        return []
    return [message_from_bytes(path.read_bytes()) for path in sorted(directory.iterdir())]


def test_the_schedule_is_the_beat_schedule(settings):
    schedule = InProcessSchedule(now=at(2026, 11, 2, 9, 0))
    assert [(e.name, e.task) for e in schedule.entries] == [
        (name, spec["task"]) for name, spec in settings.CELERY_BEAT_SCHEDULE.items()
    ]
    assert [e.schedule for e in schedule.entries] == [
        spec["schedule"] for spec in settings.CELERY_BEAT_SCHEDULE.values()
    ]


@pytest.mark.django_db
def test_a_tick_writes_the_due_invitations_into_the_mail_folder(file_mail, time_machine):
    group = WorkingGroupFactory(short_name="WG-N")
    delegate(group, name="Dan Deputy", email="dan@example.org")
    time_machine.move_to(at(2026, 11, 2, 9, 0), tick=False)
    meeting = MeetingFactory(group=group, title="Seventh meeting", date=datetime.date(2026, 12, 10))
    schedule = InProcessSchedule()

    time_machine.move_to(at(2026, 11, 2, 9, 4), tick=False)
    schedule.tick()
    assert written(file_mail) == [], "the five-minute rules are not due before 9:05"
    assert not Notification.objects.exists()

    time_machine.move_to(at(2026, 11, 2, 9, 6), tick=False)
    wait = schedule.tick()
    (message,) = written(file_mail)
    assert message["To"] == "dan@example.org"
    assert message["Subject"].startswith("Invitation: WG-N meeting 1, Seventh meeting")
    body = message.get_payload()[0].get_payload()[0].get_payload(decode=True).decode()
    assert f"https://portal.example.org{meeting.get_absolute_url()}" in body
    assert Notification.objects.get().status == Notification.Status.SENT
    assert 0 < wait <= 60, "the outbox entry is due again within the minute"

    time_machine.move_to(at(2026, 11, 2, 9, 11), tick=False)
    schedule.tick()
    assert len(written(file_mail)) == 1, "the next run sends nothing new"


@pytest.mark.django_db
def test_the_daily_rules_wait_for_the_reminder_hour(settings, time_machine):
    reminder_time = at(2026, 11, 2, settings.REMINDER_HOUR, 0)
    start = reminder_time - datetime.timedelta(minutes=1)
    time_machine.move_to(start, tick=False)
    schedule = InProcessSchedule()
    daily = next(e for e in schedule.entries if e.name == "notifications-daily-rules")
    time_machine.move_to(start + datetime.timedelta(seconds=30), tick=False)
    schedule.tick()
    assert daily.last_run_at == start, "not yet the reminder hour"
    time_machine.move_to(reminder_time + datetime.timedelta(seconds=1), tick=False)
    schedule.tick()
    assert daily.last_run_at == reminder_time + datetime.timedelta(seconds=1)
