from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, WorkingGroup
from portal.concurrency import VersionedModel
from portal.validators import plausible_date


class Meeting(VersionedModel):
    """A numbered event of a working group: a meeting, workshop, training seminar or study visit."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Working-group meeting")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training seminar")
        STUDY_VISIT = "study_visit", _("Study visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        MINUTES_DRAFT = "minutes_draft", _("Minutes draft")
        MINUTES_CIRCULATED = "minutes_circulated", _("Minutes circulated")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("group")
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"), validators=plausible_date())
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    organiser = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_meetings",
        verbose_name=_("organiser"),
    )
    host = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)
    # Grows whenever date, time, place or status change, so calendars update the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name=_("minutes approved at"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        constraints = [
            # One sequence per group across kinds ("7th meeting", then "8th workshop"), so
            # decision numbers such as 7/D2 stay unique; the meeting service numbers under
            # a lock on the group's row (services.next_meeting_number).
            models.UniqueConstraint(fields=["group", "number"], name="meeting_number_per_group"),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def ordinal_name(self) -> str:
        from meetings.ordinals import meeting_ordinal

        return meeting_ordinal(self.number, self.kind)

    @property
    def minutes_frozen(self) -> bool:
        return self.status == self.Status.MINUTES_APPROVED


class AgendaItem(VersionedModel):
    """One point of a meeting's agenda, in order; ``internal`` items stay out of public documents."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration = models.PositiveIntegerField(_("planned duration (minutes)"), null=True, blank=True)
    internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Left out of documents for wider circulation.")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#item-{self.pk}"


class Attendance(models.Model):
    """Whether an institution came to a meeting, and which of its people did."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("institution"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    persons = models.ManyToManyField(
        "institutions.Person", blank=True, related_name="attendances", verbose_name=_("who came")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "institution__acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "institution"], name="attendance_once_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution.acronym}: {self.get_status_display()}"


class Guest(models.Model):
    """Someone from outside the member institutions who attended."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255)
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Decision(VersionedModel):
    """A decision of a meeting; ``register_number`` such as 7/D2 is unique across meetings."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    text = models.TextField(_("decision"))
    internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Left out of documents for wider circulation.")
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__date", "meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="decision_number_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.register_number} {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#decision-{self.pk}"

    @property
    def register_number(self) -> str:
        return f"{self.meeting.number}/D{self.number}"


class ActionItem(VersionedModel):
    """Something an institution undertook at a meeting, to be done by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner institution"),
    )
    owner_person = models.ForeignKey(
        "institutions.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible person"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, validators=plausible_date())
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_date = models.DateField(_("done on"), null=True, blank=True, validators=plausible_date())

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        permissions = [("mark_actionitem_done", _("Can mark an action item done"))]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="action_number_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.register_number} {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#action-{self.pk}"

    @property
    def register_number(self) -> str:
        return f"{self.meeting.number}/A{self.number}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return (
            self.status == self.Status.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class Minutes(VersionedModel):
    """One revision of a meeting's minutes: an overall summary plus a discussion per agenda item.

    The latest revision is the current one. Once the meeting's minutes are approved that
    revision is frozen; a later correction is saved as a new revision with its reason.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    summary = models.TextField(_("overall summary"), blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=255, blank=True)
    frozen = models.BooleanField(_("frozen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "revision"], name="minutes_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} r{self.revision}"


class MinutesEntry(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    discussion = models.TextField(_("discussion"), blank=True)

    class Meta:
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="minutes_entry_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} · {self.agenda_item}"


class MinutesComment(models.Model):
    """A representative's comment on circulated minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="comments", verbose_name=_("meeting")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at", "pk"]
        permissions = [("comment_minutes", _("Can comment on circulated minutes"))]

    def __str__(self) -> str:
        return self.text[:60]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """A file on a meeting or one of its agenda items, served only through a checked view."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=500)
    filename = models.CharField(max_length=255, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.filename

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment", args=[self.pk])
