"""An iCalendar (.ics) file per meeting.

The UID is stable for the life of the meeting and SEQUENCE is the meeting's ``sequence``
(raised whenever date, time, place or status change), so calendar programs update the
event they already hold instead of adding a second one; a cancelled meeting says
STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from meetings.models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "portal"
    return f"meeting-{meeting.pk}@{host}"


# Control characters (CR and LF among them) have no place in a one-line calendar value or
# parameter (icalendar refuses them in a parameter); a description keeps its line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]+")

# The time zone's transitions are written for a year either side of the meeting; a date
# far outside the years icalendar can compute (odd data stored before meeting dates were
# bounded) takes the nearest year it can.
_TZ_EARLIEST = datetime.date(1901, 1, 1)
_TZ_LATEST = datetime.date(2199, 12, 31)


def one_line(value: str) -> str:
    return _CONTROL.sub(" ", value or "").strip()


def calendar_filename(meeting: Meeting) -> str:
    return f"{one_line(meeting.group.short_name)}-{meeting.number}.ics"


def _timezone_window(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    day = min(max(day, _TZ_EARLIEST), _TZ_LATEST)
    year = datetime.timedelta(days=366)
    return day - year, day + year


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
    group_name = one_line(meeting.group.short_name)
    event.add("summary", f"{group_name} #{meeting.number}: {one_line(meeting.title)}")
    location = ", ".join(one_line(part) for part in (meeting.venue, meeting.city) if part)
    if location:
        event.add("location", location)
    description = _CONTROL_BUT_NEWLINE.sub(" ", meeting.summary).strip()
    url = settings.SITE_URL + meeting.get_absolute_url()
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText(group_name)
    event["organizer"] = organizer
    calendar.add_component(event)
    first_date, last_date = _timezone_window(meeting.date)
    calendar.add_missing_timezones(first_date=first_date, last_date=last_date)
    return calendar.to_ical()


def _address(from_email: str) -> str:
    return from_email.split("<")[-1].rstrip(">").strip()
