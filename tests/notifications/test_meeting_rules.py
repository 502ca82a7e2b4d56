"""Meeting e-mails: who gets them, when, and never twice (the clock is moved by time-machine)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from institutions.models import Delegate
from meetings.models import Meeting
from portal.notifications import rules
from portal.notifications.models import Notification
from portal.notifications.services import run_rules, send_due
from tests.factories import WorkingGroupFactory
from tests.notifications.backends import FlakyBackend
from tests.notifications.factories import MeetingFactory, delegate

TZ = ZoneInfo("Europe/Sarajevo")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


def run_all(now):
    """What beat does at ``now``: every rule, then the outbox."""
    run_rules(now=now)
    return send_due(now=now)


def ics_of(message) -> str:
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def people(db):
    group = WorkingGroupFactory(short_name="WG-N")
    rep = delegate(group, name="Amra Rep", email="amra@example.org", language="bs")
    deputy = delegate(group, role=Delegate.Role.DEPUTY, name="Dan Deputy", email="dan@example.org")
    focal = delegate(group, role=Delegate.Role.FOCAL_POINT, email="focal@example.org")
    no_email = delegate(group, email="")
    left = delegate(group, email="left@example.org")
    membership = left.delegations.get().membership
    membership.left = datetime.date(2020, 1, 1)
    membership.save()
    other_group = delegate(WorkingGroupFactory(short_name="OTHER"), email="other@example.org")
    return {
        "group": group,
        "rep": rep,
        "deputy": deputy,
        "focal": focal,
        "no_email": no_email,
        "left": left,
        "other_group": other_group,
    }


@pytest.fixture
def meeting(people, time_machine):
    time_machine.move_to(at(2026, 11, 2, 9, 0), tick=False)
    return MeetingFactory(
        group=people["group"], title="Seventh meeting", date=datetime.date(2026, 12, 10)
    )


def test_invitation_goes_to_representatives_and_deputies_once_the_meeting_is_quiet(
    people, meeting, time_machine
):
    run_all(at(2026, 11, 2, 9, 2))
    assert mail.outbox == [], "no invitation while the secretariat may still be editing"

    time_machine.move_to(at(2026, 11, 2, 9, 6), tick=False)
    run_all(at(2026, 11, 2, 9, 6))
    assert sorted(m.to[0] for m in mail.outbox) == ["amra@example.org", "dan@example.org"]

    (bosnian,) = to("amra@example.org")
    assert bosnian.subject.startswith("Poziv: WG-N sastanak 1, Seventh meeting")
    assert "Poštovani/a Amra Rep," in bosnian.body
    assert f"https://portal.example.org{meeting.get_absolute_url()}" in bosnian.body
    (english,) = to("dan@example.org")
    assert english.subject.startswith("Invitation: WG-N meeting 1, Seventh meeting")
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html" and "Dear Dan Deputy," in html
    filename, _content, ics_type = english.attachments[0]
    assert filename == "meeting-1.ics" and ics_type.startswith("text/calendar")
    ics = ics_of(english)
    assert "METHOD:REQUEST" in ics and "SEQUENCE:0" in ics

    run_all(at(2026, 11, 2, 9, 11))
    run_all(at(2026, 11, 2, 9, 16))
    assert len(mail.outbox) == 2, "running the job again sends nothing new"


def test_several_quick_edits_make_one_update_email(people, meeting, time_machine):
    run_all(at(2026, 11, 2, 9, 6))
    mail.outbox.clear()

    for minute, city in [(30, "Mostar"), (31, "Banja Luka"), (33, "Tuzla")]:
        now = at(2026, 11, 3, 10, minute)
        time_machine.move_to(now, tick=False)
        meeting.city = city
        meeting.sequence += 1
        meeting.save()
        run_all(now)
    assert mail.outbox == []

    time_machine.move_to(at(2026, 11, 3, 10, 40), tick=False)
    for minute in (40, 45, 50):
        run_all(at(2026, 11, 3, 10, minute))
    assert sorted(m.to[0] for m in mail.outbox) == ["amra@example.org", "dan@example.org"]
    (update,) = to("dan@example.org")
    assert update.subject.startswith("Changed: WG-N meeting 1")
    assert "Tuzla" in update.body and "Mostar" not in update.body
    assert "SEQUENCE:3" in ics_of(update)


def test_cancellation_carries_a_cancelled_calendar_entry(people, meeting, time_machine):
    run_all(at(2026, 11, 2, 9, 6))
    mail.outbox.clear()
    time_machine.move_to(at(2026, 11, 4, 8, 0), tick=False)
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save()
    run_all(at(2026, 11, 4, 8, 10))
    (cancelled,) = to("dan@example.org")
    assert cancelled.subject.startswith("Cancelled: WG-N meeting 1")
    ics = ics_of(cancelled)
    assert "STATUS:CANCELLED" in ics and "METHOD:CANCEL" in ics
    (bosnian,) = to("amra@example.org")
    assert bosnian.subject.startswith("Otkazano:")


def test_cancelled_meeting_nobody_was_invited_to_sends_nothing(people, meeting, time_machine):
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence = 1
    meeting.save()
    run_all(at(2026, 11, 2, 10, 0))
    assert mail.outbox == []


def test_reminders_go_seven_days_and_one_day_before(people, meeting, time_machine):
    run_all(at(2026, 11, 2, 9, 6))
    mail.outbox.clear()

    for day in (1, 2):
        time_machine.move_to(at(2026, 12, 2, 7, 0), tick=False)
        run_all(at(2026, 12, day, 7, 0))
    assert mail.outbox == []

    for _ in range(2):
        time_machine.move_to(at(2026, 12, 3, 7, 0), tick=False)
        run_all(at(2026, 12, 3, 7, 0))
    assert sorted(m.to[0] for m in mail.outbox) == ["amra@example.org", "dan@example.org"]
    assert to("dan@example.org")[0].subject.endswith("(in 7 days)")
    assert to("amra@example.org")[0].subject.endswith("(za 7 dana)")

    mail.outbox.clear()
    for day in (4, 5, 8):
        run_all(at(2026, 12, day, 7, 0))
    assert mail.outbox == []
    run_all(at(2026, 12, 9, 7, 0))
    run_all(at(2026, 12, 9, 7, 0))
    assert len(mail.outbox) == 2
    assert to("dan@example.org")[0].subject.endswith("(tomorrow)")
    assert to("amra@example.org")[0].subject.endswith("(sutra)")


def test_moved_meeting_is_reminded_of_on_its_new_date_only(people, meeting, time_machine):
    run_all(at(2026, 11, 2, 9, 6))
    time_machine.move_to(at(2026, 11, 25, 12, 0), tick=False)
    meeting.date = datetime.date(2026, 12, 17)
    meeting.sequence += 1
    meeting.save()
    mail.outbox.clear()

    run_all(at(2026, 12, 3, 7, 0))  # seven days before the old date
    run_all(at(2026, 12, 9, 7, 0))  # one day before the old date
    assert not [m for m in mail.outbox if m.subject.startswith("Reminder")]

    run_all(at(2026, 12, 10, 7, 0))
    run_all(at(2026, 12, 16, 7, 0))
    reminders = [m for m in to("dan@example.org") if m.subject.startswith("Reminder")]
    assert [m.subject.rsplit(" (", 1)[1] for m in reminders] == ["in 7 days)", "tomorrow)"]
    assert all("17.12.2026" in m.body or "Dec. 17, 2026" in m.body for m in reminders)
    keys = Notification.objects.filter(rule="meetings.reminder").values_list("occasion", flat=True)
    assert set(keys) == {"2026-12-17:7d", "2026-12-17:1d"}


def test_meeting_planned_three_days_ahead_gets_only_the_one_day_reminder(people, time_machine):
    time_machine.move_to(at(2026, 12, 7, 9, 0), tick=False)
    MeetingFactory(group=people["group"], date=datetime.date(2026, 12, 10))
    run_all(at(2026, 12, 8, 7, 0))
    assert not [m for m in mail.outbox if m.subject.startswith("Reminder")]
    run_all(at(2026, 12, 9, 7, 0))
    assert len([m for m in to("dan@example.org") if m.subject.startswith("Reminder")]) == 1


def test_minutes_circulated_for_approval(people, meeting, time_machine):
    time_machine.move_to(at(2026, 12, 20, 9, 0), tick=False)
    meeting.status = Meeting.Status.MINUTES_CIRCULATED
    meeting.sequence += 1
    meeting.save()
    run_all(at(2026, 12, 20, 9, 10))
    run_all(at(2026, 12, 20, 9, 15))
    (minutes,) = to("dan@example.org")
    assert minutes.subject == "Minutes for approval: WG-N meeting 1"
    assert f"https://portal.example.org{meeting.get_absolute_url()}" in minutes.body
    assert len(mail.outbox) == 2


def test_new_member_institution_representative_is_invited_too(people, meeting, time_machine):
    run_all(at(2026, 11, 2, 9, 6))
    newcomer = delegate(people["group"], email="new@example.org")
    run_all(at(2026, 11, 5, 9, 0))
    (invitation,) = to("new@example.org")
    assert invitation.subject.startswith("Invitation:")
    assert newcomer.name in invitation.body


def test_rules_are_registered_with_their_kinds():
    names = {rule.name: rule.schedule for rule in rules.rules()}
    assert names["meetings.schedule"] == rules.FREQUENT
    assert names["meetings.reminder"] == rules.DAILY
    assert names["meetings.minutes"] == rules.FREQUENT
    assert {"meeting_invitations", "meeting_reminders", "meeting_minutes"} <= {
        kind.key for kind in rules.kinds()
    }


def test_running_the_beat_tasks_twice_sends_one_email_each(
    people, meeting, time_machine, django_capture_on_commit_callbacks
):
    from portal.notifications import tasks

    time_machine.move_to(at(2026, 11, 2, 9, 10), tick=False)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_frequent_rules.delay()
    time_machine.move_to(at(2026, 12, 3, 7, 0), tick=False)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_daily_rules.delay()
        tasks.send_pending.delay()
    subjects = sorted(m.subject.split(":")[0] for m in to("dan@example.org"))
    assert subjects == ["Invitation", "Reminder"]
    assert len(mail.outbox) == 4


def test_reminder_waiting_for_a_retry_is_withdrawn_when_the_meeting_moves(
    people, meeting, time_machine, settings
):
    run_all(at(2026, 11, 2, 9, 6))
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.errors = [ConnectionRefusedError(111, "Connection refused")] * 2
    time_machine.move_to(at(2026, 12, 3, 7, 0), tick=False)
    run_all(at(2026, 12, 3, 7, 0))
    waiting = Notification.objects.filter(rule="meetings.reminder", status="pending")
    assert waiting.count() == 2

    time_machine.move_to(at(2026, 12, 3, 9, 0), tick=False)
    meeting.date = datetime.date(2027, 1, 14)
    meeting.sequence += 1
    meeting.save()
    FlakyBackend.errors = []
    run_all(at(2026, 12, 3, 9, 30))

    assert not [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert waiting.model.objects.filter(rule="meetings.reminder", status="withdrawn").count() == 2
    assert sorted(m.subject.split(":")[0] for m in to("dan@example.org")) == ["Changed"]


def test_invitation_that_never_went_out_is_replaced_by_one_for_the_new_details(
    people, meeting, time_machine, settings
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.errors = [ConnectionRefusedError(111, "Connection refused")] * 2
    run_all(at(2026, 11, 2, 9, 6))
    assert mail.outbox == []

    time_machine.move_to(at(2026, 11, 2, 10, 0), tick=False)
    meeting.city = "Mostar"
    meeting.sequence += 1
    meeting.save()
    run_all(at(2026, 11, 2, 10, 10))
    subjects = sorted(m.subject.split(":")[0] for m in to("dan@example.org"))
    assert subjects == ["Invitation"], "one invitation with the new place, no stale one"
    assert "Mostar" in to("dan@example.org")[0].body
