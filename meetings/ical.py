"""An iCalendar (.ics) file per meeting.

The UID is stable for the life of the meeting and SEQUENCE is the meeting's ``sequence``
(raised whenever date, time, place or status change), so calendar programs update the
event they already hold instead of adding a second one; a cancelled meeting says
STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from meetings.models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "portal"
    return f"meeting-{meeting.pk}@{host}"


def meeting_to_ical(meeting: Meeting, *, method: str | None = None) -> bytes:
    """The meeting as a calendar with one event; ``method`` is REQUEST or CANCEL for invitations."""
    tz = ZoneInfo(settings.TIME_ZONE)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Working Group Portal//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", "CANCEL" if cancelled else method)

    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz))
    event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz))
    event.add("summary", f"{meeting.group.short_name} #{meeting.number}: {meeting.title}")
    location = ", ".join(part for part in (meeting.venue, meeting.city) if part)
    if location:
        event.add("location", location)
    description = meeting.summary.strip()
    url = settings.SITE_URL + meeting.get_absolute_url()
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText(meeting.group.short_name)
    event["organizer"] = organizer
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=meeting.date - datetime.timedelta(days=366),
        last_date=meeting.date + datetime.timedelta(days=366),
    )
    return calendar.to_ical()


def _address(from_email: str) -> str:
    return from_email.split("<")[-1].rstrip(">").strip()
