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

from institutions.recipients import meeting_recipients, person_recipient, representative_recipients
from meetings import access
from meetings.ical import meeting_to_ical
from meetings.models import ActionItem, Meeting
from portal.notifications import rules
from portal.notifications.services import previous_occasions

ACTION_ITEMS = "action_item_reminders"
ACTION_RULE = "meetings.action_items"

INVITATIONS = "meeting_invitations"
REMINDERS = "meeting_reminders"
MINUTES = "meeting_minutes"

SCHEDULE_RULE = "meetings.schedule"
REMINDER_RULE = "meetings.reminder"
MINUTES_RULE = "meetings.minutes"


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


def _action_offset(item: ActionItem, today: datetime.date) -> int | None:
    """Days before (>= 0) or after (< 0) the due date this reminder is for, or None."""
    days_left = (item.due_date - today).days
    if days_left >= 0:
        offsets = [d for d in settings.ACTION_ITEM_REMINDER_DAYS if days_left <= d]
        return min(offsets) if offsets else None
    every = settings.ACTION_ITEM_OVERDUE_EVERY_DAYS
    late = -days_left
    return None if late < every else -(late // every) * every


def action_items_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    """Open action items due soon or overdue → the owner person, else the owner's delegates."""
    today = timezone.localdate(now)
    horizon = max(settings.ACTION_ITEM_REMINDER_DAYS, default=0)
    # Representatives receive these: action items on internal agenda items stay out.
    items = list(
        access.for_wider_circulation(
            ActionItem.objects.filter(
                status=ActionItem.Status.OPEN,
                due_date__isnull=False,
                due_date__lte=today + datetime.timedelta(days=horizon),
            )
        ).select_related("meeting", "meeting__group", "owner", "owner_person")
    )
    offsets = {i.pk: _action_offset(i, today) for i in items}
    items = [i for i in items if offsets[i.pk] is not None]
    if not items:
        return
    without_person = [i for i in items if i.owner_person_id is None or not i.owner_person.email]
    delegates = representative_recipients(
        {i.owner_id for i in without_person},
        group_ids={i.meeting.group_id for i in without_person},
        on=today,
    )
    for item in items:
        person = item.owner_person
        if person is not None and person.email and person.active:
            recipients = [person_recipient(person)]
        else:
            recipients = delegates.get(item.owner_id, [])
        offset = offsets[item.pk]
        when = f"{offset}d-before" if offset >= 0 else f"{-offset}d-late"
        for recipient in recipients:
            yield rules.Spec(
                recipient=recipient,
                kind=ACTION_ITEMS,
                obj=item,
                occasion=f"{item.due_date.isoformat()}:{when}",
                template="emails/meetings/action_item",
                context={
                    "item": item,
                    "meeting": item.meeting,
                    "days_left": max(offset, 0),
                    "days_late": max(-offset, 0),
                },
            )


def action_item_still_valid(item: ActionItem, occasion: str) -> bool:
    """Withdrawn once the item is done or cancelled, or its due date moved."""
    return (
        item.status == ActionItem.Status.OPEN
        and item.due_date is not None
        and occasion.startswith(f"{item.due_date.isoformat()}:")
    )


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
    rules.register_kind(
        rules.Kind(
            ACTION_ITEMS,
            _("Action items due soon and overdue"),
            _("For open action items you or your institution own."),
            order=35,
        )
    )
    rules.register_rule(
        rules.Rule(ACTION_RULE, action_items_due, rules.DAILY, action_item_still_valid)
    )
    rules.register_rule(
        rules.Rule(SCHEDULE_RULE, schedule_due, rules.FREQUENT, schedule_still_valid)
    )
    rules.register_rule(rules.Rule(REMINDER_RULE, reminder_due, rules.DAILY, reminder_still_valid))
    rules.register_rule(rules.Rule(MINUTES_RULE, minutes_due, rules.FREQUENT, minutes_still_valid))
