import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Meeting
from tests.meetings.factories import MeetingFactory


def fetch(client, meeting):
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return next(iter(Calendar.from_ical(response.content).walk("VEVENT")))


def test_the_ics_parses_with_the_time_zone_a_stable_uid_and_a_growing_sequence(
    client_for, secretariat, group
):
    meeting = MeetingFactory(group=group)
    client = client_for(secretariat)
    first = fetch(client, meeting)
    start = first.decoded("dtstart")
    assert start.replace(tzinfo=None) == datetime.datetime(2014, 3, 4, 10)
    assert str(start.tzinfo) == "Europe/Sarajevo"
    assert int(first["sequence"]) == 0

    data = {
        "kind": "meeting",
        "title": meeting.title,
        "date": "2014-03-05",
        "start_time": "10:00",
        "end_time": "15:00",
        "city": "Konjic",
        "venue": "",
        "summary": "",
    }
    assert client.post(reverse("meetings:edit", args=[meeting.pk]), data).status_code == 302
    second = fetch(client, meeting)
    assert str(second["uid"]) == str(first["uid"])
    assert int(second["sequence"]) == 1
    assert str(second["status"]) == "CONFIRMED"

    client.post(reverse("meetings:status", args=[meeting.pk]), {"status": "cancelled"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    cancelled = fetch(client, meeting)
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) == 2
    assert str(cancelled["uid"]) == str(first["uid"])


@pytest.mark.parametrize(
    "day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)], ids=["year-1", "year-9999"]
)
def test_odd_dates_already_stored_still_give_a_calendar_file(client_for, secretariat, group, day):
    """Dates stored before meeting dates were bounded (or written around the forms)."""
    meeting = MeetingFactory(group=group)
    Meeting.objects.filter(pk=meeting.pk).update(date=day)
    event = fetch(client_for(secretariat), meeting)
    assert event.decoded("dtstart").date() == day


def test_control_characters_in_the_group_and_meeting_names_give_a_clean_calendar_file(
    client_for, secretariat, group
):
    group.short_name = "WG\r\nX-EVIL:1\x07"
    group.save()
    meeting = MeetingFactory(group=group, title="Plenary\r\nATTENDEE:evil", city="Sarajevo\nX")
    response = client_for(secretariat).get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"]
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["summary"]).startswith("WG X-EVIL:1 #")
    assert "ATTENDEE" not in event and "X-EVIL" not in event
    assert str(event["location"]).endswith("Sarajevo X")
