"""Recommendations awaiting an answer: reminded to the plan's institution, until answered."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from commsplans.models import Recommendation
from portal.notifications.models import Preference
from portal.notifications.services import run_rules, send_due
from tests.commsplans.factories import reviewed_plan
from tests.factories import WorkingGroupFactory
from tests.notifications.factories import delegate, representative_user

TZ = ZoneInfo("Europe/Sarajevo")


def day(time_machine, month, d):
    now = datetime.datetime(2014, month, d, 7, 0, tzinfo=TZ)
    time_machine.move_to(now, tick=False)
    before = len(mail.outbox)
    run_rules(now=now)
    send_due(now=now)
    return mail.outbox[before:]


@pytest.fixture
def plan(db, settings, time_machine):
    settings.RECOMMENDATION_ANSWER_DAYS = 30
    settings.RECOMMENDATION_REMINDER_EVERY_DAYS = 14
    time_machine.move_to(datetime.datetime(2014, 3, 4, 7, 0, tzinfo=TZ), tick=False)
    group = WorkingGroupFactory(short_name="WG-C")
    rep = delegate(group, name="Nina Rep", email="nina@example.org", language="bs")
    delegate(group, name="Other", email="other@example.org")
    institution = rep.delegations.get().membership.institution
    return reviewed_plan(
        institution=institution,
        group=group,
        recommendations=("Add an outcome KPI.", "Name a spokesperson."),
    )


def test_unanswered_recommendations_remind_the_plan_institution_until_answered(plan, time_machine):
    assert day(time_machine, 4, 2) == []
    (sent,) = day(time_machine, 4, 3)
    assert sent.to == ["nina@example.org"]
    assert sent.subject.startswith("2 preporuke čekaju vaš odgovor")
    assert "Add an outcome KPI." in sent.body and "Name a spokesperson." in sent.body
    assert f"https://portal.example.org{plan.get_absolute_url()}" in sent.body
    assert day(time_machine, 4, 4) == []
    Recommendation.objects.filter(text="Add an outcome KPI.").update(response="accepted")
    (again,) = day(time_machine, 4, 17)
    assert "Name a spokesperson." in again.body
    assert "Add an outcome KPI." not in again.body
    Recommendation.objects.update(response="accepted")
    assert day(time_machine, 5, 1) == []


def test_pending_recommendation_reminder_is_withdrawn_once_answered(plan, time_machine):
    now = datetime.datetime(2014, 4, 3, 7, 0, tzinfo=TZ)
    time_machine.move_to(now, tick=False)
    run_rules(now=now)
    Recommendation.objects.update(response="accepted")
    send_due(now=now)
    assert mail.outbox == []


def test_representative_who_turned_recommendation_reminders_off_gets_none(plan, time_machine):
    user, person = representative_user(plan.group, "muted")
    plan.institution = person.delegations.get().membership.institution
    plan.save()
    Preference.objects.create(user=user, kind="recommendation_reminders", enabled=False)
    day(time_machine, 4, 3)
    day(time_machine, 4, 17)
    assert mail.outbox == []
