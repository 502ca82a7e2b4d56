import datetime

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
