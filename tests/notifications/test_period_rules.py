"""Reporting-period e-mails: opening, due soon, overdue and escalation (the clock moves)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from portal import roles
from portal.notifications import rules, tasks
from portal.notifications.models import Preference
from portal.notifications.services import run_rules, send_due
from tests.factories import PersonFactory, UserFactory, WorkingGroupFactory
from tests.notifications.factories import delegate, representative_user
from tests.workpackages.factories import (
    IndicatorFactory,
    PeriodFactory,
    UpdateFactory,
    WorkPackageFactory,
)
from workpackages.models import Indicator, ProgressUpdate

TZ = ZoneInfo("Europe/Sarajevo")
S = ProgressUpdate.Status


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


def institution_of(person):
    return person.delegations.get().membership.institution


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def run_beat(django_capture_on_commit_callbacks):
    """What beat does each morning: the daily rules, then the outbox."""
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_daily_rules.delay()
    tasks.send_pending.delay()


@pytest.fixture
def world(db, settings, time_machine):
    settings.REPORTING_REMINDER_DAYS = [7, 1]
    settings.REPORTING_OVERDUE_EVERY_DAYS = 7
    settings.REPORTING_ESCALATION_DAYS = 14
    settings.PROGRESS_GRACE_DAYS = 60
    time_machine.move_to(at(2026, 6, 1, 7, 0), tick=False)
    group = WorkingGroupFactory(short_name="WG-R")
    wp = WorkPackageFactory(group=group, title_en="Open data", title_bs="Otvoreni podaci")
    indicator = IndicatorFactory(goal__work_package=wp, frequency=Indicator.Frequency.HALF_YEARLY)
    IndicatorFactory(goal=indicator.goal, scope=Indicator.Scope.GROUP)
    period = PeriodFactory(
        work_package=wp,
        label="2026 H1",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
    )
    late = delegate(group, name="Lejla Late", email="late@example.org", language="bs")
    drafted = delegate(group, name="Dino Draft", email="draft@example.org")
    returned = delegate(group, name="Rita Returned", email="returned@example.org")
    done = delegate(group, name="Sara Submitted", email="done@example.org")
    approved = delegate(group, name="Adi Approved", email="approved@example.org")
    for person, status in [
        (drafted, S.DRAFT),
        (returned, S.RETURNED),
        (done, S.SUBMITTED),
        (approved, S.APPROVED),
    ]:
        UpdateFactory(
            indicator=indicator, period=period, institution=institution_of(person), status=status
        )
    delegate(WorkingGroupFactory(short_name="OTHER"), email="other@example.org")
    return {"period": period, "indicator": indicator, "wp": wp, "group": group, "late": late}


def test_period_due_in_7_days_reminds_only_institutions_that_have_not_submitted_once(
    world, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(at(2026, 7, 24, 7, 0), tick=False)
    run_beat(django_capture_on_commit_callbacks)
    run_beat(django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "draft@example.org",
        "late@example.org",
        "returned@example.org",
    ]
    (bosnian,) = to("late@example.org")
    assert (
        bosnian.subject
        == "Izvještaj uskoro dospijeva: Otvoreni podaci, period 2026 H1 (31. juli 2026.)"
    )
    assert "Poštovani/a Lejla Late" in bosnian.body
    (english,) = to("draft@example.org")
    assert english.subject.startswith("Report due soon: Open data, period 2026 H1")
    assert "in 7 days" in english.body
    assert "https://portal.example.org/workpackages/report/" in english.body
    assert "https://portal.example.org/workpackages/report/" in english.alternatives[0][0]


def test_the_day_before_brings_a_second_reminder_and_submitting_stops_them(
    world, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(at(2026, 7, 24, 7, 0), tick=False)
    run_beat(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    ProgressUpdate.objects.filter(status=S.DRAFT).update(status=S.SUBMITTED)
    time_machine.move_to(at(2026, 7, 30, 7, 0), tick=False)
    run_beat(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["late@example.org", "returned@example.org"]
    assert "in 1 day," in to("returned@example.org")[0].body


def test_overdue_reports_are_chased_every_seven_days_then_escalated_to_coordinators(
    world, time_machine
):
    coordinator = UserFactory(username="coord", email="coord@example.org", role=roles.COORDINATOR)
    PersonFactory(
        user=coordinator, name="Cora Coordinator", language="bs", email="coord@example.org"
    )
    plain = UserFactory(username="coord2", email="coord2@example.org", role=roles.COORDINATOR)
    assert not hasattr(plain, "person") or plain.person is None

    def day(month, d):
        now = at(2026, month, d, 7, 0)
        time_machine.move_to(now, tick=False)
        before = len(mail.outbox)
        run_rules(now=now)
        send_due(now=now)
        return mail.outbox[before:]

    assert day(8, 3) == [], "two days late: not yet chased"
    sent = day(8, 7)
    assert sorted(m.to[0] for m in sent) == [
        "draft@example.org",
        "late@example.org",
        "returned@example.org",
    ]
    assert "7 days ago" in [m for m in sent if m.to == ["draft@example.org"]][0].body
    assert day(8, 8) == [], "once per occasion"
    assert sorted(m.to[0] for m in day(8, 14)) == [
        "draft@example.org",
        "late@example.org",
        "returned@example.org",
    ]
    assert day(8, 14) == []
    escalated = day(8, 15)
    assert sorted(m.to[0] for m in escalated) == ["coord2@example.org", "coord@example.org"]
    english = [m for m in escalated if m.to == ["coord2@example.org"]][0]
    assert english.subject == "3 institutions late with their reports: Open data, period 2026 H1"
    for name in ["Lejla Late", "Dino Draft", "Rita Returned"]:
        institution = institution_of(PersonFactory._meta.model.objects.get(name=name))
        assert institution.name in english.body
    assert (
        institution_of(PersonFactory._meta.model.objects.get(name="Sara Submitted")).name
        not in english.body
    )
    bosnian = [m for m in escalated if m.to == ["coord@example.org"]][0]
    assert bosnian.subject.startswith("3 institucije kasne")
    assert f"/workpackages/{world['wp'].pk}/compliance/" in english.body
    assert day(8, 16) == []


def test_period_opening_goes_to_every_reporting_institution_once(world, time_machine):
    future = PeriodFactory(
        work_package=world["wp"],
        label="2026 H2",
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 31),
    )
    now = at(2026, 6, 30, 7, 0)
    time_machine.move_to(now, tick=False)
    run_rules(now=now)
    send_due(now=now)
    assert [m for m in mail.outbox if "2026 H2" in m.subject] == []
    for _ in range(2):
        now = at(2026, 7, 1, 7, 0)
        time_machine.move_to(now, tick=False)
        run_rules(now=now)
        send_due(now=now)
    opened = [m for m in mail.outbox if "2026 H2" in m.subject]
    assert len(opened) == 5
    assert "other@example.org" not in [m.to[0] for m in opened]
    assert (
        to("late@example.org")[-1].subject
        == "Izvještavanje je otvoreno: Otvoreni podaci, period 2026 H2"
    )
    future.locked = True
    future.save()


def test_representative_who_turned_reporting_reminders_off_gets_none(
    world, time_machine, django_capture_on_commit_callbacks, client_for
):
    user, person = representative_user(world["group"], "muted")
    client = client_for(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for label in [
        "A reporting period opens",
        "Reporting reminders",
        "Action items due soon and overdue",
        "Recommendations awaiting an answer",
    ]:
        assert label in page
    keep = [k.key for k in rules.kinds() if k.key not in ("period_reminders", "period_opening")]
    client.post(reverse("notifications:preferences"), {"kinds": keep})
    assert Preference.objects.get(user=user, kind="period_reminders").enabled is False
    for month, d in [(7, 1), (7, 24), (7, 30), (8, 7), (8, 14)]:
        time_machine.move_to(at(2026, month, d, 7, 0), tick=False)
        run_beat(django_capture_on_commit_callbacks)
    assert to("muted@example.org") == []
    assert len(to("late@example.org")) == 4
