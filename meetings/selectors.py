"""Reads on meetings that other apps and documents reuse.

``meeting_record`` gathers a meeting with everything about it in a constant number of
queries; the meeting page uses it, and a minutes renderer can reuse it with options to
leave out internal items, attendance or action items.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from institutions.models import Institution
from institutions.selectors import members_of
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


def open_action_items(
    institution: Institution | int | None = None, *, group=None
) -> QuerySet[ActionItem]:
    """Open action items, oldest due first; of one institution when given."""
    items = ActionItem.objects.filter(status=ActionItem.Status.OPEN).select_related(
        "meeting", "meeting__group", "owner", "owner_person", "agenda_item"
    )
    if institution is not None:
        items = items.filter(owner=institution)
    if group is not None:
        items = items.filter(meeting__group=group)
    return items.order_by(F("due_date").asc(nulls_last=True), "meeting__date", "number")


def attendance_record(institution: Institution | int) -> QuerySet[Attendance]:
    """The institution's attendance at meetings that took place, newest first."""
    return (
        Attendance.objects.filter(institution=institution)
        .exclude(meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.CANCELLED])
        .select_related("meeting", "meeting__group")
        .prefetch_related("persons")
        .order_by("-meeting__date")
    )


def next_meeting(group=None, *, today: datetime.date | None = None) -> Meeting | None:
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(date__gte=today, status=Meeting.Status.PLANNED)
    if group is not None:
        meetings = meetings.filter(group=group)
    return meetings.select_related("group", "host").order_by("date", "start_time").first()


def member_institutions(meeting: Meeting) -> QuerySet[Institution]:
    """The group's member institutions on the meeting's date."""
    return members_of(meeting.group_id, on=meeting.date)


@dataclass
class Quorum:
    members: int
    present: int
    required: int

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.required


def quorum(meeting: Meeting, members: list[Institution], attendances: list[Attendance]) -> Quorum:
    member_ids = {m.pk for m in members}
    present = sum(
        1
        for a in attendances
        if a.status == Attendance.Status.PRESENT and a.institution_id in member_ids
    )
    required = math.ceil(float(meeting.group.quorum) * len(member_ids) - 1e-9)
    return Quorum(members=len(member_ids), present=present, required=max(required, 1))


@dataclass
class AgendaEntry:
    item: AgendaItem
    discussion: str = ""
    decisions: list[Decision] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class AttendanceLine:
    institution: Institution
    attendance: Attendance | None
    member: bool = True

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""


@dataclass
class MeetingRecord:
    meeting: Meeting
    agenda: list[AgendaEntry]
    decisions: list[Decision]
    action_items: list[ActionItem]
    attendance: list[AttendanceLine]
    guests: list[Guest]
    quorum: Quorum | None
    minutes: Minutes | None
    revisions: list[Minutes]
    comments: list[MinutesComment]
    attachments: list[Attachment]
    approved_minutes_of: list[Meeting]

    @property
    def planned_minutes(self) -> int:
        return sum(e.item.duration or 0 for e in self.agenda)

    @property
    def available_minutes(self) -> int:
        m = self.meeting
        start = datetime.datetime.combine(m.date, m.start_time)
        end = datetime.datetime.combine(m.date, m.end_time)
        return max(int((end - start).total_seconds() // 60), 0)

    @property
    def overrun(self) -> int:
        """Minutes by which the planned durations exceed the meeting's length (0 if none)."""
        return max(self.planned_minutes - self.available_minutes, 0)


def meeting_record(
    meeting_or_pk: Meeting | int,
    *,
    include_internal: bool = True,
    include_attendance: bool = True,
    include_action_items: bool = True,
) -> MeetingRecord:
    """A meeting with its agenda, attendance, decisions, action items, minutes and files."""
    pk = meeting_or_pk.pk if isinstance(meeting_or_pk, Meeting) else meeting_or_pk
    prefetches = [
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")),
        Prefetch("decisions", queryset=Decision.objects.order_by("number")),
        Prefetch("guests", queryset=Guest.objects.order_by("name")),
        Prefetch(
            "minutes",
            queryset=Minutes.objects.select_related("created_by").order_by("-revision"),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        Prefetch(
            "approved_minutes_of", queryset=Meeting.objects.only("pk", "number", "title", "kind")
        ),
    ]
    if include_action_items:
        prefetches.append(
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner", "owner_person").order_by(
                    "number"
                ),
            )
        )
    if include_attendance:
        prefetches.append(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("institution").prefetch_related(
                    "persons"
                ),
            )
        )
    meeting = (
        Meeting.objects.select_related(
            "group", "organiser", "host", "minutes_approved_at", "minutes_approved_at__group"
        )
        .prefetch_related(*prefetches)
        .get(pk=pk)
    )
    agenda_items = list(meeting.agenda_items.all())
    decisions = list(meeting.decisions.all())
    action_items = list(meeting.action_items.all()) if include_action_items else []
    if not include_internal:
        hidden = {i.pk for i in agenda_items if i.internal}
        agenda_items = [i for i in agenda_items if not i.internal]
        decisions = [d for d in decisions if not d.internal and d.agenda_item_id not in hidden]
        action_items = [a for a in action_items if a.agenda_item_id not in hidden]
    revisions = list(meeting.minutes.all())
    minutes = revisions[0] if revisions else None
    discussions: dict[int, str] = {}
    if minutes is not None:
        discussions = dict(
            MinutesEntry.objects.filter(minutes=minutes).values_list("agenda_item_id", "discussion")
        )
    attachments = list(meeting.attachments.all())
    by_item: dict[int, AgendaEntry] = {
        i.pk: AgendaEntry(item=i, discussion=discussions.get(i.pk, "")) for i in agenda_items
    }
    for d in decisions:
        if d.agenda_item_id in by_item:
            by_item[d.agenda_item_id].decisions.append(d)
    for a in action_items:
        if a.agenda_item_id in by_item:
            by_item[a.agenda_item_id].action_items.append(a)
    meeting_files = []
    for f in attachments:
        if f.agenda_item_id in by_item:
            by_item[f.agenda_item_id].attachments.append(f)
        elif f.agenda_item_id is None:
            meeting_files.append(f)

    lines: list[AttendanceLine] = []
    meeting_quorum = None
    if include_attendance:
        members = list(member_institutions(meeting).order_by("acronym"))
        attendances = list(meeting.attendances.all())
        by_institution = {a.institution_id: a for a in attendances}
        lines = [AttendanceLine(m, by_institution.pop(m.pk, None)) for m in members]
        lines += [
            AttendanceLine(a.institution, a, member=False)
            for a in sorted(by_institution.values(), key=lambda a: a.institution.acronym)
        ]
        meeting_quorum = quorum(meeting, members, attendances)
    comments = list(
        MinutesComment.objects.filter(meeting=meeting).select_related("author", "institution")
    )
    return MeetingRecord(
        meeting=meeting,
        agenda=list(by_item.values()),
        decisions=decisions,
        action_items=action_items,
        attendance=lines,
        guests=list(meeting.guests.all()) if include_attendance else [],
        quorum=meeting_quorum,
        minutes=minutes,
        revisions=revisions,
        comments=comments,
        attachments=meeting_files,
        approved_minutes_of=list(meeting.approved_minutes_of.all()),
    )


def decisions_register(
    q: str = "", group=None, *, within: QuerySet[Decision] | None = None
) -> QuerySet[Decision]:
    """Decisions, newest meeting first; ``within`` narrows them (to what a user may see)."""
    decisions = Decision.objects.all() if within is None else within
    decisions = decisions.select_related("meeting", "meeting__group", "agenda_item")
    if group is not None:
        decisions = decisions.filter(meeting__group=group)
    if q:
        decisions = decisions.filter(Q(text__icontains=q) | Q(agenda_item__title__icontains=q))
    return decisions.order_by("-meeting__date", "-meeting__number", "number")
