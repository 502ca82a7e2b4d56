"""Each user chooses which kinds of e-mail they receive."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from portal.notifications.models import Preference
from portal.notifications.services import run_rules, send_due
from tests.factories import WorkingGroupFactory
from tests.notifications.factories import MeetingFactory, delegate, representative_user

TZ = ZoneInfo("Europe/Sarajevo")


def at(*args):
    return datetime.datetime(*args, tzinfo=TZ)


def run_all(now):
    run_rules(now=now)
    send_due(now=now)


def test_account_page_links_to_the_preferences(client_for, representative):
    page = client_for(representative).get(reverse("account"))
    assert reverse("notifications:preferences") in page.content.decode()


def test_everything_is_on_until_the_user_turns_it_off(client_for, representative):
    page = client_for(representative).get(reverse("notifications:preferences"))
    html = page.content.decode()
    assert 'value="meeting_reminders" id="kind-meeting_reminders" checked' in html
    assert "Reminders before meetings" in html


def test_representative_who_turned_reminders_off_gets_none_of_them(client_for, db, time_machine):
    group = WorkingGroupFactory(short_name="WG-P")
    user, person = representative_user(group, "muted")
    delegate(group, email="keen@example.org")
    client = client_for(user)
    response = client.post(
        reverse("notifications:preferences"),
        {"kinds": ["meeting_invitations", "meeting_minutes"]},
        follow=True,
    )
    assert "Your e-mail preferences were saved." in response.content.decode()
    assert Preference.objects.get(user=user, kind="meeting_reminders").enabled is False

    time_machine.move_to(at(2026, 11, 1, 9, 0), tick=False)
    MeetingFactory(group=group, date=datetime.date(2026, 12, 10))
    for now in [at(2026, 11, 1, 9, 10), at(2026, 12, 3, 7, 0), at(2026, 12, 9, 7, 0)]:
        time_machine.move_to(now, tick=False)
        run_all(now)

    mine = [m.subject.split(":")[0] for m in mail.outbox if m.to == ["muted@example.org"]]
    theirs = [m.subject.split(":")[0] for m in mail.outbox if m.to == ["keen@example.org"]]
    assert mine == ["Invitation"]
    assert theirs == ["Invitation", "Reminder", "Reminder"]


def test_turning_invitations_off_stops_invitations_and_updates(client_for, db, time_machine):
    group = WorkingGroupFactory(short_name="WG-Q")
    user, _person = representative_user(group, "quiet")
    client_for(user).post(reverse("notifications:preferences"), {"kinds": []})
    time_machine.move_to(at(2026, 11, 1, 9, 0), tick=False)
    meeting = MeetingFactory(group=group, date=datetime.date(2026, 12, 10))
    run_all(at(2026, 11, 1, 9, 10))
    meeting.city = "Mostar"
    meeting.sequence += 1
    meeting.save()
    run_all(at(2026, 11, 1, 9, 30))
    assert mail.outbox == []


def test_unknown_kind_is_a_form_error(client_for, representative):
    response = client_for(representative).post(
        reverse("notifications:preferences"), {"kinds": ["nonsense"]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()


@pytest.mark.parametrize("language", ["bs"])
def test_preferences_page_speaks_bosnian(client_for, representative, language):
    client = client_for(representative)
    client.cookies["django_language"] = language
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert "Podsjetnici prije sastanaka" in html
