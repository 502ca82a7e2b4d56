"""Action-item e-mails: due soon and overdue, to their owners only, and not once done."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from meetings.models import ActionItem
from portal.notifications.models import Preference
from portal.notifications.services import run_rules, send_due
from tests.factories import PersonFactory, WorkingGroupFactory
from tests.meetings.factories import ActionItemFactory
from tests.notifications.factories import MeetingFactory, delegate, representative_user

TZ = ZoneInfo("Europe/Sarajevo")


def day(time_machine, month, d):
    now = datetime.datetime(2026, month, d, 7, 0, tzinfo=TZ)
    time_machine.move_to(now, tick=False)
    before = len(mail.outbox)
    run_rules(now=now)
    send_due(now=now)
    return mail.outbox[before:]


@pytest.fixture
def items(db, settings, time_machine):
    settings.ACTION_ITEM_REMINDER_DAYS = [3]
    settings.ACTION_ITEM_OVERDUE_EVERY_DAYS = 7
    time_machine.move_to(datetime.datetime(2026, 9, 1, 7, 0, tzinfo=TZ), tick=False)
    group = WorkingGroupFactory(short_name="WG-A")
    meeting = MeetingFactory(group=group, title="Seventh meeting", date=datetime.date(2026, 9, 1))
    rep = delegate(group, name="Ivo Rep", email="ivo@example.org", language="bs")
    institution = rep.delegations.get().membership.institution
    owner = PersonFactory(institution=institution, name="Olga Owner", email="olga@example.org")
    delegate(group, name="Bystander", email="bystander@example.org")
    by_person = ActionItemFactory(
        meeting=meeting, owner=institution, owner_person=owner, due_date=datetime.date(2026, 10, 10)
    )
    by_institution = ActionItemFactory(
        meeting=meeting,
        owner=institution,
        due_date=datetime.date(2026, 10, 20),
        description="Send the metadata inventory",
    )
    return {"group": group, "by_person": by_person, "by_institution": by_institution}


def test_action_item_due_soon_and_overdue_reaches_only_its_owner(items, time_machine):
    assert day(time_machine, 10, 6) == []
    soon = day(time_machine, 10, 7)
    assert [m.to for m in soon] == [["olga@example.org"]]
    assert soon[0].subject.startswith("Action item due soon: ")
    assert "https://portal.example.org/meetings/" in soon[0].body
    assert day(time_machine, 10, 7) == []
    late = day(time_machine, 10, 17)
    assert sorted(m.to[0] for m in late) == ["ivo@example.org", "olga@example.org"]
    institution_mail = [m for m in late if m.to == ["ivo@example.org"]][0]
    assert "Send the metadata inventory" in institution_mail.body
    assert institution_mail.subject.startswith("Zadatak uskoro dospijeva")
    overdue = [m for m in late if m.to == ["olga@example.org"]][0]
    assert overdue.subject.startswith("Action item overdue: ")
    assert "7 days ago" in overdue.body
    assert "bystander@example.org" not in {m.to[0] for m in mail.outbox}


def test_done_or_cancelled_action_item_is_not_reminded_and_pending_reminder_is_withdrawn(
    items, time_machine
):
    items["by_person"].status = ActionItem.Status.DONE
    items["by_person"].save()
    assert day(time_machine, 10, 7) == []
    now = datetime.datetime(2026, 10, 17, 7, 0, tzinfo=TZ)
    time_machine.move_to(now, tick=False)
    run_rules(now=now)  # the institution's reminder waits in the outbox...
    items["by_institution"].status = ActionItem.Status.CANCELLED
    items["by_institution"].save()
    send_due(now=now)  # ...and is withdrawn when the item is cancelled before it goes
    assert mail.outbox == []
    assert day(time_machine, 10, 27) == []


def test_owner_who_turned_action_item_reminders_off_gets_none(items, time_machine):
    user, person = representative_user(items["group"], "muted")
    items["by_institution"].owner = person.delegations.get().membership.institution
    items["by_institution"].save()
    Preference.objects.create(user=user, kind="action_item_reminders", enabled=False)
    for d in (17, 27):
        day(time_machine, 10, d)
    day(time_machine, 11, 3)
    assert [m for m in mail.outbox if m.to == ["muted@example.org"]] == []
    assert [m for m in mail.outbox if m.to == ["olga@example.org"]]
