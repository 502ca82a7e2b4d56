"""What the portal e-mails about meetings, and when (rules for portal.notifications).

Recipients are the representatives and deputies of the group's current member
institutions who have an e-mail address, each in their own language.

- ``meetings.schedule`` (every few minutes): the invitation when a meeting is planned, an
  update when its date, time, place or status changes (the meetings app raises
  ``sequence`` then), a cancellation when it is cancelled; the .ics goes with each. The
  occasion is the sequence, and a meeting is only looked at once it has not changed for
  MEETING_UPDATE_QUIET_MINUTES, so several quick edits make one e-mail.
- ``meetings.reminder`` (daily): MEETING_REMINDER_DAYS before the meeting, keyed on the
  meeting's date, so a moved meeting is reminded of on its new date and not its old one.
- ``meetings.minutes`` (every few minutes): minutes circulated for approval, keyed on the
  sequence, so minutes circulated again after a correction are announced again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Delegate, GroupMembership, Person
from meetings.ical import meeting_to_ical
from meetings.models import Meeting
from portal.notifications import rules
from portal.notifications.services import previous_occasions

INVITATIONS = "meeting_invitations"
REMINDERS = "meeting_reminders"
MINUTES = "meeting_minutes"

SCHEDULE_RULE = "meetings.schedule"
REMINDER_RULE = "meetings.reminder"
MINUTES_RULE = "meetings.minutes"


def meeting_recipients(meetings: list[Meeting], *, on: datetime.date) -> dict[int, list]:
    """Meeting pk → Recipients: the group's current members' representatives and deputies."""
    group_ids = {m.group_id for m in meetings}
    delegates = (
        Delegate.objects.filter(
            GroupMembership.current_q("membership__", on=on),
            membership__group_id__in=group_ids,
            membership__institution__active=True,
            role__in=[Delegate.Role.REPRESENTATIVE, Delegate.Role.DEPUTY],
            person__active=True,
        )
        .exclude(person__email="")
        .select_related("person", "membership")
        .order_by("person__name", "pk")
    )
    by_group: dict[int, dict[int, Person]] = {}
    for delegate in delegates:
        by_group.setdefault(delegate.membership.group_id, {})[delegate.person_id] = delegate.person
    return {m.pk: [_recipient(p) for p in by_group.get(m.group_id, {}).values()] for m in meetings}


def _recipient(person: Person) -> rules.Recipient:
    return rules.Recipient(
        email=person.email,
        name=person.name,
        language=person.language,
        user_id=person.user_id,
        obj=person,
    )


def _meetings(**filters):
    return Meeting.objects.filter(**filters).select_related("group", "organiser", "host")


def _starts_at(meeting: Meeting) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))


def _ics(meeting: Meeting) -> rules.Attachment:
    return rules.Attachment(
        f"meeting-{meeting.number}.ics",
        meeting_to_ical(meeting, method="REQUEST"),
        "text/calendar; method=CANCEL"
        if meeting.status == Meeting.Status.CANCELLED
        else "text/calendar; method=REQUEST",
    )


def _seq(occasion: str) -> int:
    try:
        return int(occasion.removeprefix("seq-"))
    except ValueError:
        return -1


def schedule_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    quiet = datetime.timedelta(minutes=settings.MEETING_UPDATE_QUIET_MINUTES)
    meetings = [
        m
        for m in _meetings(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.CANCELLED],
            date__gte=timezone.localdate(now),
            updated_at__lte=now - quiet,
        )
        if _starts_at(m) > now
    ]
    if not meetings:
        return
    recipients = meeting_recipients(meetings, on=timezone.localdate(now))
    earlier = previous_occasions(rule=SCHEDULE_RULE, objects=meetings)
    for meeting in meetings:
        occasion = f"seq-{meeting.sequence}"
        cancelled = meeting.status == Meeting.Status.CANCELLED
        attachment = None
        for recipient in recipients[meeting.pk]:
            before = earlier.get((meeting.pk, recipient.ref), [])
            if before and max(_seq(o) for o in before) >= meeting.sequence:
                continue
            if not before:
                if cancelled:
                    continue  # never invited: nothing to call off
                template = "emails/meetings/invitation"
            else:
                template = "emails/meetings/cancellation" if cancelled else "emails/meetings/update"
            attachment = attachment or _ics(meeting)
            yield rules.Spec(
                recipient=recipient,
                kind=INVITATIONS,
                obj=meeting,
                occasion=occasion,
                template=template,
                context={"meeting": meeting},
                attachment=attachment,
            )


def reminder_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    today = timezone.localdate(now)
    offsets = sorted(set(settings.MEETING_REMINDER_DAYS))
    if not offsets:
        return
    meetings = [
        m
        for m in _meetings(
            status=Meeting.Status.PLANNED,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=offsets[-1]),
        )
        if _starts_at(m) > now
    ]
    if not meetings:
        return
    recipients = meeting_recipients(meetings, on=today)
    for meeting in meetings:
        days_left = (meeting.date - today).days
        # The closest reminder whose day has come; a missed daily run is made up for, and a
        # meeting planned inside a window skips that window (its invitation just went out).
        offset = min(d for d in offsets if days_left <= d)
        if timezone.localdate(meeting.created_at) > meeting.date - datetime.timedelta(days=offset):
            continue
        for recipient in recipients[meeting.pk]:
            yield rules.Spec(
                recipient=recipient,
                kind=REMINDERS,
                obj=meeting,
                occasion=f"{meeting.date.isoformat()}:{offset}d",
                template="emails/meetings/reminder",
                context={"meeting": meeting, "days_left": days_left},
            )


def minutes_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    meetings = list(_meetings(status=Meeting.Status.MINUTES_CIRCULATED))
    if not meetings:
        return
    recipients = meeting_recipients(meetings, on=timezone.localdate(now))
    for meeting in meetings:
        for recipient in recipients[meeting.pk]:
            yield rules.Spec(
                recipient=recipient,
                kind=MINUTES,
                obj=meeting,
                occasion=f"seq-{meeting.sequence}",
                template="emails/meetings/minutes",
                context={"meeting": meeting},
            )


def schedule_still_valid(meeting: Meeting, occasion: str) -> bool:
    """A newer sequence means a newer e-mail will follow once the meeting is quiet."""
    return _seq(occasion) == meeting.sequence


def reminder_still_valid(meeting: Meeting, occasion: str) -> bool:
    return meeting.status == Meeting.Status.PLANNED and occasion.startswith(
        f"{meeting.date.isoformat()}:"
    )


def minutes_still_valid(meeting: Meeting, occasion: str) -> bool:
    return meeting.status == Meeting.Status.MINUTES_CIRCULATED


def register() -> None:
    rules.register_kind(
        rules.Kind(
            INVITATIONS,
            _("Meeting invitations, changes and cancellations"),
            _("With a calendar file (.ics) for your calendar."),
            order=10,
        )
    )
    rules.register_kind(
        rules.Kind(
            REMINDERS,
            _("Reminders before meetings"),
            _("Before each meeting, by default a week and a day before."),
            order=20,
        )
    )
    rules.register_kind(rules.Kind(MINUTES, _("Minutes ready for approval"), order=30))
    rules.register_rule(
        rules.Rule(SCHEDULE_RULE, schedule_due, rules.FREQUENT, schedule_still_valid)
    )
    rules.register_rule(rules.Rule(REMINDER_RULE, reminder_due, rules.DAILY, reminder_still_valid))
    rules.register_rule(rules.Rule(MINUTES_RULE, minutes_due, rules.FREQUENT, minutes_still_valid))


register()
