"""Writes on meetings: every change that touches several rows, or the calendar, goes here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Institution, Person, WorkingGroup
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesEntry,
)
from portal import concurrency
from portal.downloads import safe_filename

# A change to any of these means calendars must update the event: SEQUENCE grows.
CALENDAR_FIELDS = ("date", "start_time", "end_time", "city", "venue", "status")

Status = Meeting.Status
TRANSITIONS: dict[str, set[str]] = {
    Status.PLANNED: {Status.HELD, Status.CANCELLED},
    Status.HELD: {Status.MINUTES_DRAFT},
    Status.MINUTES_DRAFT: {Status.MINUTES_CIRCULATED, Status.HELD},
    Status.MINUTES_CIRCULATED: {Status.MINUTES_APPROVED, Status.MINUTES_DRAFT},
    Status.MINUTES_APPROVED: set(),
    Status.CANCELLED: {Status.PLANNED},
}


def _bump_sequence(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.refresh_from_db(fields=["sequence"])


class _FromData:
    @classmethod
    def from_data(cls, data: Mapping[str, Any]):
        """From a form's cleaned data; keys that are not fields (the group, say) are left out."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(frozen=True)
class MeetingDetails(_FromData):
    """What a person fills in about a meeting; the group and number are not among them."""

    title: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    city: str
    kind: str = Meeting.Kind.MEETING
    venue: str = ""
    organiser: Institution | None = None
    host: Institution | None = None
    summary: str = ""

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingDetails:
        return cls(**{f.name: getattr(meeting, f.name) for f in fields(cls)})


def next_meeting_number(group: WorkingGroup | int) -> int:
    """The group's next meeting number (one sequence for all kinds); call in a transaction.

    The group's row is locked first, so two meetings created at the same instant in the
    same group wait for each other and get different numbers. Numbers are never reused.
    """
    group_id = group.pk if isinstance(group, WorkingGroup) else group
    WorkingGroup.objects.select_for_update().filter(pk=group_id).first()
    last = Meeting.objects.filter(group_id=group_id).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def meeting_create(
    *,
    group: WorkingGroup,
    details: MeetingDetails,
    status: str = Meeting.Status.PLANNED,
) -> Meeting:
    """A new meeting; its number within the group is the next free one."""
    meeting = Meeting(
        group=group,
        status=status,
        number=next_meeting_number(group),
        **asdict_shallow(details),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, details: MeetingDetails, version: int | None = None
) -> Meeting:
    """Save the details; when date, time, place or status change, SEQUENCE grows.

    ``version`` is the one the form was loaded with: StaleSave if the meeting was saved
    since (portal.concurrency), with nothing written.
    """
    before = concurrency.lock_current(meeting, version)
    for name, value in asdict_shallow(details).items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.version = before.version + 1
    meeting.save()
    if any(getattr(before, f) != getattr(meeting, f) for f in CALENDAR_FIELDS):
        _bump_sequence(meeting)
    return meeting


def asdict_shallow(details) -> dict[str, Any]:
    """A dataclass's fields as a dict, keeping model instances as they are."""
    return {f.name: getattr(details, f.name) for f in fields(details)}


@transaction.atomic
def meeting_set_status(
    *, meeting: Meeting, status: str, approved_at: Meeting | None = None
) -> Meeting:
    """Move a meeting along planned → held → minutes draft → circulated → approved.

    Approval records the later meeting that approved the minutes and freezes them.
    """
    if status not in TRANSITIONS.get(meeting.status, set()):
        raise ValidationError(
            _("A meeting cannot go from “%(old)s” to “%(new)s”.")
            % {"old": meeting.get_status_display(), "new": Status(status).label}
        )
    if status == Status.MINUTES_APPROVED:
        if approved_at is None:
            raise ValidationError(_("Say at which meeting the minutes were approved."))
        if approved_at.group_id != meeting.group_id or approved_at.number <= meeting.number:
            raise ValidationError(
                _("The minutes must be approved at a later meeting of the same group.")
            )
        current = meeting.minutes.order_by("-revision").first()
        if current is None:
            raise ValidationError(_("There are no minutes to approve yet."))
        current.frozen = True
        current.save(update_fields=["frozen", "updated_at"])
        meeting.minutes_approved_at = approved_at
    meeting.status = status
    meeting.save(update_fields=["status", "minutes_approved_at", "updated_at"])
    _bump_sequence(meeting)
    return meeting


# --- Agenda -------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItemDetails(_FromData):
    title: str
    description: str = ""
    presenter: str = ""
    duration: int | None = None
    internal: bool = False


@transaction.atomic
def agenda_item_create(*, meeting: Meeting, details: AgendaItemDetails) -> AgendaItem:
    """Add the item at the end of the agenda."""
    last = meeting.agenda_items.aggregate(n=Max("order"))["n"]
    item = AgendaItem(meeting=meeting, order=(last or 0) + 1, **asdict_shallow(details))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> None:
    """Swap the item with its neighbour above ("up") or below ("down"); renumber 1..n."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.order != position:
            other.order = position
            other.save(update_fields=["order"])


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    meeting_id = item.meeting_id
    item.delete()
    for position, other in enumerate(AgendaItem.objects.filter(meeting_id=meeting_id), start=1):
        if other.order != position:
            other.order = position
            other.save(update_fields=["order"])


def matters_arising_candidates(meeting: Meeting):
    """Open action items from the group's earlier meetings."""
    return (
        ActionItem.objects.filter(
            meeting__group_id=meeting.group_id,
            meeting__date__lte=meeting.date,
            status=ActionItem.Status.OPEN,
        )
        .exclude(meeting=meeting)
        .select_related("meeting", "owner", "agenda_item")
        .order_by("meeting__date", "number")
    )


@transaction.atomic
def agenda_add_matters_arising(*, meeting: Meeting) -> AgendaItem | None:
    """Put the open action items of earlier meetings on the agenda as "Matters arising".

    Action items of internal agenda items go to an internal item of their own, so that
    what was internal stays internal (representatives read the open item).
    """
    open_items = list(matters_arising_candidates(meeting))
    internal = [a for a in open_items if a.agenda_item_id and a.agenda_item.internal]
    public = [a for a in open_items if a not in internal]
    created = []
    for items, title, is_internal in (
        (public, _("Matters arising"), False),
        (internal, _("Matters arising (internal)"), True),
    ):
        if not items:
            continue
        lines = [
            f"{a.register_number} {a.owner.acronym}: {a.description}"
            + (f" ({a.due_date:%d.%m.%Y})" if a.due_date else "")
            for a in items
        ]
        created.append(
            agenda_item_create(
                meeting=meeting,
                details=AgendaItemDetails(
                    title=title, description="\n".join(lines), internal=is_internal
                ),
            )
        )
    return created[0] if created else None


# --- Attendance ---------------------------------------------------------------


@dataclass
class AttendanceRow:
    institution: Institution
    status: str
    persons: Iterable[Person] = ()


@transaction.atomic
def meeting_record_attendance(
    *, meeting: Meeting, rows: Iterable[AttendanceRow], version: int | None = None
) -> list[Attendance]:
    """Set each institution's attendance and the people who came, replacing what was there.

    The attendance is part of the meeting: ``version`` is the meeting's when the form was
    loaded (StaleSave, nothing written, if it was saved since).
    """
    current = concurrency.lock_current(meeting, version)
    concurrency.bump(current, meeting)
    saved = []
    for row in rows:
        persons = list(row.persons)
        if any(p.institution_id != row.institution.pk for p in persons):
            raise ValidationError(_("A person can only attend for their own institution."))
        if row.status != Attendance.Status.PRESENT:
            persons = []
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting, institution=row.institution, defaults={"status": row.status}
        )
        attendance.persons.set(persons)
        saved.append(attendance)
    return saved


@dataclass(frozen=True)
class GuestDetails(_FromData):
    name: str
    organisation: str
    position: str = ""


def guest_add(*, meeting: Meeting, details: GuestDetails) -> Guest:
    guest = Guest(meeting=meeting, **asdict_shallow(details))
    guest.full_clean()
    guest.save()
    return guest


# --- Decisions and action items ------------------------------------------------


def _lock_meeting(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


@dataclass(frozen=True)
class DecisionDetails(_FromData):
    text: str
    agenda_item: AgendaItem | None = None
    internal: bool = False


@transaction.atomic
def decision_create(*, meeting: Meeting, details: DecisionDetails) -> Decision:
    """A decision numbered after the meeting's last one: 7/D1, 7/D2, ..."""
    _lock_meeting(meeting)
    last = meeting.decisions.aggregate(n=Max("number"))["n"]
    decision = Decision(meeting=meeting, number=(last or 0) + 1, **asdict_shallow(details))
    decision.full_clean()
    decision.save()
    return decision


@dataclass(frozen=True)
class ActionItemDetails(_FromData):
    description: str
    owner: Institution
    owner_person: Person | None = None
    due_date: datetime.date | None = None
    agenda_item: AgendaItem | None = None
    status: str = ActionItem.Status.OPEN
    done_date: datetime.date | None = None


@transaction.atomic
def action_item_create(*, meeting: Meeting, details: ActionItemDetails) -> ActionItem:
    """An action item numbered after the meeting's last one: 7/A1, 7/A2, ..."""
    _lock_meeting(meeting)
    last = meeting.action_items.aggregate(n=Max("number"))["n"]
    item = ActionItem(meeting=meeting, number=(last or 0) + 1, **asdict_shallow(details))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_mark_done(*, item: ActionItem, on: datetime.date | None = None) -> ActionItem:
    item.status = ActionItem.Status.DONE
    item.done_date = on or timezone.localdate()
    item.save(update_fields=["status", "done_date"])
    return item


# --- Minutes ------------------------------------------------------------------


def current_minutes(meeting: Meeting) -> Minutes | None:
    return meeting.minutes.order_by("-revision").first()


@transaction.atomic
def minutes_save(
    *,
    meeting: Meeting,
    summary: str,
    discussions: dict[int, str],
    by=None,
    reason: str = "",
    version: int | None = None,
) -> Minutes:
    """Write the minutes: the overall summary and a discussion per agenda item.

    Draft minutes are edited in place. Approved minutes are frozen: a correction becomes a
    new revision, which must say why. Saving minutes of a held meeting makes them a draft.
    """
    if meeting.status in (Status.PLANNED, Status.CANCELLED):
        raise ValidationError(_("Minutes can only be written for a meeting that was held."))
    _lock_meeting(meeting)
    minutes = current_minutes(meeting)
    # The form's version is that of the minutes it showed (0: none yet); a new revision
    # goes on counting from its predecessor, so a form of an older revision is stale too.
    concurrency.check(minutes or Minutes(meeting=meeting, version=0), version)
    if minutes is None or minutes.frozen:
        if minutes is not None and not reason.strip():
            raise ValidationError(
                _("The minutes are approved: say why they are corrected; a new revision is kept.")
            )
        minutes = Minutes.objects.create(
            meeting=meeting,
            revision=(minutes.revision + 1) if minutes else 1,
            summary=summary,
            reason=reason.strip() if minutes else "",
            created_by=by,
            frozen=meeting.status == Status.MINUTES_APPROVED,
            version=(minutes.version + 1) if minutes else 1,
        )
    else:
        minutes.summary = summary
        minutes.version += 1
        minutes.save(update_fields=["summary", "version", "updated_at"])
    items = {i.pk: i for i in meeting.agenda_items.all()}
    for item_pk, text in discussions.items():
        if item_pk in items:
            MinutesEntry.objects.update_or_create(
                minutes=minutes, agenda_item=items[item_pk], defaults={"discussion": text}
            )
    if meeting.status == Status.HELD:
        meeting_set_status(meeting=meeting, status=Status.MINUTES_DRAFT)
    return minutes


def minutes_comment(*, meeting: Meeting, user, text: str) -> MinutesComment:
    if meeting.status != Status.MINUTES_CIRCULATED:
        raise ValidationError(_("Comments are taken only while the minutes are circulated."))
    person = getattr(user, "person", None)
    return MinutesComment.objects.create(
        meeting=meeting,
        author=user,
        institution_id=person.institution_id if person else None,
        text=text,
    )


# --- Attachments --------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, meeting: Meeting, upload, title: str = "", agenda_item: AgendaItem | None = None, by=None
) -> Attachment:
    """Store the upload through the default storage; the form has checked size and type."""
    attachment = Attachment(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        filename=safe_filename(upload.name.rsplit("/", 1)[-1])[:255],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "",
        uploaded_by=by,
    )
    attachment.file.save(attachment.filename, upload, save=False)
    attachment.save()
    return attachment
