"""The minutes of a meeting as a PDF, and the meetings' sections of the institution report.

Minutes of approved meetings are rendered from the approved (frozen) revision, or the
latest frozen correction of it; never from a later unfrozen draft. Representatives get
minutes only without internal items: the form refuses the option and the documents they
may download are narrowed to those options (``documents_q``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.models import Institution
from meetings import access
from meetings.access import NOT_HELD
from meetings.models import ActionItem, Meeting, Minutes, MinutesEntry
from meetings.ordinals import meeting_ordinal_genitive
from meetings.selectors import attendance_record, meeting_record
from portal.documents.forms import DocumentRequestForm
from portal.documents.registry import DocumentKind, Section
from portal.documents.rendering import DocumentRenderer

KIND = "minutes"


def minutes_queryset(user):
    """Meetings that took place, for every member role (representatives without internals)."""
    if access.can_get_minutes(user):
        return access.visible_meetings(user).exclude(status__in=NOT_HELD)
    return Meeting.objects.none()


def minutes_documents_q(user) -> Q:
    """Representatives see only minutes rendered without internal items."""
    if access.can_get_minutes_with_internal(user):
        return Q()
    return Q(options__include_internal=False)


class MinutesRequestForm(DocumentRequestForm):
    object_label = gettext_lazy("Meeting")

    include_internal = forms.BooleanField(
        label=gettext_lazy("Include internal agenda items and decisions"), required=False
    )
    include_attendance = forms.BooleanField(
        label=gettext_lazy("Include attendance"), required=False, initial=True
    )
    include_action_items = forms.BooleanField(
        label=gettext_lazy("Include action items"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object"].queryset = self.fields["object"].queryset.order_by("-date")
        if access.can_get_minutes_with_internal(self.user):
            self.fields["include_internal"].initial = True
        else:
            self.fields["include_internal"].initial = False
            self.fields["include_internal"].help_text = _(
                "Representatives receive minutes without internal items."
            )

    def clean_include_internal(self) -> bool:
        value = self.cleaned_data.get("include_internal", False)
        if value and not access.can_get_minutes_with_internal(self.user):
            raise ValidationError(
                _("Only the secretariat and coordinators may have minutes with internal items.")
            )
        return value


def approved_revision(revisions: list[Minutes], meeting: Meeting) -> Minutes | None:
    """The revision a document shows: for approved minutes the latest frozen one."""
    if meeting.minutes_frozen:
        frozen = [r for r in revisions if r.frozen]
        if frozen:
            return max(frozen, key=lambda r: r.revision)
    return max(revisions, key=lambda r: r.revision) if revisions else None


class MinutesRenderer(DocumentRenderer):
    template_name = "pdf/minutes.html"

    def title(self, obj: Meeting, options: dict) -> str:
        return _("Minutes of the %(ordinal)s") % {
            "ordinal": meeting_ordinal_genitive(obj.number, obj.kind)
        }

    def header(self, obj: Meeting, options: dict) -> str:
        return obj.group.name

    def filename(self, obj: Meeting, options: dict) -> str:
        return f"minutes-{obj.group.short_name.lower()}-{obj.number}-{options.get('language')}.pdf"

    def get_context(self, obj: Meeting, options: dict) -> dict:
        record = meeting_record(
            obj,
            include_internal=bool(options.get("include_internal")),
            include_attendance=bool(options.get("include_attendance")),
            include_action_items=bool(options.get("include_action_items")),
        )
        minutes = approved_revision(record.revisions, record.meeting)
        if minutes is not None and record.minutes is not None and minutes != record.minutes:
            discussions = dict(
                MinutesEntry.objects.filter(minutes=minutes).values_list(
                    "agenda_item_id", "discussion"
                )
            )
            for entry in record.agenda:
                entry.discussion = discussions.get(entry.item.pk, "")
        attendance = {"present": [], "excused": [], "absent": [], "unrecorded": []}
        for line in record.attendance:
            attendance[line.status or "unrecorded"].append(line)
        return {
            "record": record,
            "meeting": record.meeting,
            "minutes": minutes,
            "attendance": attendance,
            "include_attendance": bool(options.get("include_attendance")),
            "include_action_items": bool(options.get("include_action_items")),
            "include_internal": bool(options.get("include_internal")),
            "approved_at": record.meeting.minutes_approved_at,
            "approved_at_ordinal": (
                meeting_ordinal_genitive(
                    record.meeting.minutes_approved_at.number,
                    record.meeting.minutes_approved_at.kind,
                )
                if record.meeting.minutes_approved_at
                else ""
            ),
        }


# --- Institution report sections ----------------------------------------------


def attendance_section(institution: Institution, options: dict) -> dict:
    rows = list(attendance_record(institution))
    present = sum(1 for a in rows if a.status == a.Status.PRESENT)
    return {"attendances": rows, "present": present, "total": len(rows)}


def action_items_section(institution: Institution, options: dict) -> dict:
    # Representatives receive their institution's report: internal items stay out of it.
    items = list(
        access.for_wider_circulation(ActionItem.objects.filter(owner=institution))
        .select_related("meeting", "owner_person")
        .order_by("status", "due_date", "meeting__date", "number")
    )
    open_count = sum(1 for a in items if a.status == ActionItem.Status.OPEN)
    return {"action_items": items, "open_count": open_count}


def register(documents) -> None:
    documents.register(
        DocumentKind(
            key=KIND,
            label=gettext_lazy("Minutes"),
            description=gettext_lazy(
                "The minutes of a meeting: attendance, the agenda with its discussion, "
                "decisions and action items; approved minutes as approved."
            ),
            model=Meeting,
            queryset=minutes_queryset,
            form_class=MinutesRequestForm,
            renderer=MinutesRenderer(),
            documents_q=minutes_documents_q,
            order=10,
        )
    )
    documents.add_section(
        "institution",
        Section(
            key="meetings.attendance",
            title=gettext_lazy("Attendance at meetings"),
            template="pdf/sections/meetings_attendance.html",
            context=attendance_section,
            order=20,
        ),
    )
    documents.add_section(
        "institution",
        Section(
            key="meetings.action_items",
            title=gettext_lazy("Action items"),
            template="pdf/sections/meetings_action_items.html",
            context=action_items_section,
            order=25,
        ),
    )
