from __future__ import annotations

from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, WorkingGroup


class Meeting(models.Model):
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
    date = models.DateField(_("date"))
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-start_time"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="meeting_number_per_group"),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        if self.number is None:
            # Numbers are per group and never reused; lock the group's rows to serialise.
            with transaction.atomic():
                WorkingGroup.objects.select_for_update().filter(pk=self.group_id).first()
                numbers = Meeting.objects.filter(group_id=self.group_id)
                last = numbers.aggregate(n=Max("number"))["n"]
                self.number = (last or 0) + 1
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])
