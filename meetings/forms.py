from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, Person
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Minutes,
)
from portal.concurrency import Row, VersionFormMixin, display, lines
from portal.uploads import checked_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "group",
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "city",
            "venue",
            "organiser",
            "host",
            "summary",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The number belongs to the group: moving a meeting to another group would break it.
            self.fields["group"].disabled = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return cleaned


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Meeting.Kind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Meeting.Status.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class AgendaItemForm(VersionFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "duration", "internal"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "organisation", "position"]


class _MeetingChildForm(VersionFormMixin, forms.ModelForm):
    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class DecisionForm(_MeetingChildForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "text", "internal"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActionItemForm(_MeetingChildForm):
    class Meta:
        model = ActionItem
        fields = [
            "agenda_item",
            "description",
            "owner",
            "owner_person",
            "due_date",
            "status",
            "done_date",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": DATE,
            "done_date": DATE,
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["owner"].queryset = Institution.objects.filter(active=True)
        self.fields["owner_person"].queryset = Person.objects.filter(active=True).select_related(
            "institution"
        )

    def clean(self):
        cleaned = super().clean()
        owner, person = cleaned.get("owner"), cleaned.get("owner_person")
        if owner and person and person.institution_id != owner.pk:
            self.add_error("owner_person", _("The person must work for the owner institution."))
        if cleaned.get("status") == ActionItem.Status.DONE and not cleaned.get("done_date"):
            cleaned["done_date"] = timezone.localdate()
        return cleaned


class ActionItemFilterForm(forms.Form):
    OVERDUE = "overdue"
    owner = forms.ModelChoiceField(
        label=_("Owner institution"),
        required=False,
        queryset=Institution.objects.all(),
        empty_label=_("All institutions"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *ActionItem.Status.choices,
            (OVERDUE, _("Overdue")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class AttendanceForm(VersionFormMixin, forms.Form):
    """One screen: for every member institution a status and the people who came.

    Part of the meeting: the version it carries is the meeting's (``record=meeting``).
    """

    def __init__(self, *args, institutions, people, current: dict[int, Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for institution in institutions:
            attendance = current.get(institution.pk)
            status_name, persons_name = f"status_{institution.pk}", f"persons_{institution.pk}"
            self.fields[status_name] = forms.ChoiceField(
                label=institution.acronym,
                choices=[("", _("Not recorded")), *Attendance.Status.choices],
                required=False,
                initial=attendance.status if attendance else "",
                widget=forms.RadioSelect,
            )
            choices = [(p.pk, p.name) for p in people.get(institution.pk, [])]
            self.fields[persons_name] = forms.TypedMultipleChoiceField(
                label=_("Who came from %(acronym)s") % {"acronym": institution.acronym},
                choices=choices,
                coerce=int,
                required=False,
                initial=[p.pk for p in attendance.persons.all()] if attendance else [],
                widget=forms.CheckboxSelectMultiple,
            )
            self.rows.append((institution, self[status_name], self[persons_name]))

    def clean(self):
        cleaned = super().clean()
        for institution, status, persons in self.rows:
            if cleaned.get(persons.name) and cleaned.get(status.name) != Attendance.Status.PRESENT:
                self.add_error(
                    status.name,
                    _("%(acronym)s: people who came make the institution present.")
                    % {"acronym": institution.acronym},
                )
        return cleaned

    def conflict_rows(self, saved: dict[int, Attendance]) -> list[Row]:
        """Each institution's attendance as saved now beside what this form says."""
        rows = []
        for institution, status, persons in self.rows:
            names = dict(persons.field.choices)
            chosen = [names.get(pk, pk) for pk in self.cleaned_data.get(persons.name, [])]
            yours = [display(self.cleaned_data.get(status.name), status.field), *chosen]
            attendance = saved.get(institution.pk)
            theirs = (
                [attendance.get_status_display(), *(p.name for p in attendance.persons.all())]
                if attendance
                else [display(None)]
            )
            rows.append(Row(institution.acronym, lines(theirs), lines(yours)))
        return rows


class MinutesForm(VersionFormMixin, forms.Form):
    """The minutes; the version it carries is that of the minutes shown (``record=``)."""

    summary = forms.CharField(
        label=_("Overall summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=255,
        help_text=_("Approved minutes are frozen: a correction is kept as a new revision."),
    )

    def __init__(self, *args, items, frozen: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.frozen = frozen
        if not frozen:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Discussion: %(title)s") % {"title": item.title},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )

    def discussions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}

    def conflict_rows(self, saved: Minutes) -> list[Row]:
        """The summary and each discussion as saved now beside what this form says."""
        entries = {e.agenda_item_id: e.discussion for e in saved.entries.all()} if saved.pk else {}
        rows = [
            Row(
                str(self.fields["summary"].label),
                display(saved.summary),
                display(self.cleaned_data.get("summary")),
            )
        ]
        for item in self.items:
            name = f"item_{item.pk}"
            rows.append(
                Row(
                    str(self.fields[name].label),
                    display(entries.get(item.pk)),
                    display(self.cleaned_data.get(name)),
                )
            )
        return rows


def _bootstrap(form: forms.Form) -> None:
    """Filter and status forms are laid out by hand in templates: give widgets their classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.TextInput | forms.NumberInput):
            widget.attrs.setdefault("class", "form-control")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Meeting.Status.choices)
    approved_at = forms.ModelChoiceField(
        label=_("Approved at meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Only when the minutes are approved: the later meeting that approved them."),
    )

    def __init__(self, *args, meeting: Meeting, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Meeting.Status(s).label) for s in allowed]
        self.fields["approved_at"].queryset = Meeting.objects.filter(
            group_id=meeting.group_id, number__gt=meeting.number
        ).exclude(status=Meeting.Status.CANCELLED)
        _bootstrap(self)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The whole meeting"),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)
        allowed = ", ".join(settings.ATTACHMENT_EXTENSIONS)
        self.fields["file"].help_text = _("At most %(size)s MB; types: %(types)s.") % {
            "size": settings.ATTACHMENT_MAX_MB,
            "types": allowed,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s MB.")
                % {"size": filesizeformat(upload.size), "limit": settings.ATTACHMENT_MAX_MB}
            )
        # The browser's claim is replaced by the type the content shows; it is stored and
        # the download is served with it.
        upload.content_type = checked_upload(upload, allowed=settings.ATTACHMENT_EXTENSIONS)
        return upload
