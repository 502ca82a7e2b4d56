"""Communication plans: an institution's plan for a period, reviewed by the group.

The plan's content follows the shape public-sector communication plans take (the EU
visibility manual, the UK Government Communication Service's OASIS): context, objectives,
audiences with key messages, channels, activities, KPIs, risks and review dates.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, WorkingGroup
from meetings.models import Meeting
from portal.concurrency import VersionedModel
from portal.validators import YearRangeValidator, plausible_date
from workpackages.models import Goal, Indicator


class Section(models.TextChoices):
    """The parts of a plan a recommendation may point at, in the order a plan shows them."""

    CONTEXT = "context", _("Context")
    OBJECTIVES = "objectives", _("Objectives")
    AUDIENCES = "audiences", _("Audiences and key messages")
    CHANNELS = "channels", _("Channels")
    ACTIVITIES = "activities", _("Activities")
    KPIS = "kpis", _("Key performance indicators")
    RISKS = "risks", _("Risks")
    REVIEW_DATES = "review_dates", _("Review dates")


class CommunicationPlan(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        REVIEWED = "reviewed", _("Reviewed")
        REVISED = "revised", _("Revised")
        APPROVED = "approved", _("Approved")

    # The institution may change the content only while the plan is in its hands.
    EDITABLE = (Status.DRAFT, Status.REVIEWED)
    AWAITING_REVIEW = (Status.SUBMITTED, Status.REVISED)

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="communication_plans",
        verbose_name=_("institution"),
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="communication_plans",
        verbose_name=_("group"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[YearRangeValidator(2000, 2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[YearRangeValidator(2000, 2100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    context = models.TextField(
        _("context"),
        blank=True,
        help_text=_("The situation the plan answers: mandate, challenges, what research shows."),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="communication_plans", verbose_name=_("linked goals")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        ordering = ["-start_year", "institution__acronym"]
        permissions = [("review_communicationplan", _("Can review communication plans"))]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "group", "start_year"],
                name="plan_once_per_institution_group_start",
                violation_error_message=_(
                    "The institution already has a plan for this group starting that year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_ends_after_start",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.acronym} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("commsplans:detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.start_year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.end_year, 12, 31)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def awaits_review(self) -> bool:
        return self.status in self.AWAITING_REVIEW


class Objective(models.Model):
    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_objectives",
        verbose_name=_("work-package goal"),
    )

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Audience(models.Model):
    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="audiences")
    name = models.CharField(_("audience"), max_length=255)
    key_messages = models.TextField(_("key messages"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def message_list(self) -> list[str]:
        return [line.strip() for line in self.key_messages.splitlines() if line.strip()]


class Channel(models.Model):
    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("channel"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=255)
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("objective"),
    )
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="activities", verbose_name=_("audiences")
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="activities", verbose_name=_("channels")
    )
    responsible = models.CharField(_("responsible person"), max_length=200)
    start = models.DateField(_("start"), validators=plausible_date())
    end = models.DateField(_("end"), validators=plausible_date())
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    budget = models.DecimalField(
        _("budget (BAM)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="activity_ends_after_start",
                violation_error_message=_("The activity cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class KPI(models.Model):
    class Level(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTTAKE = "outtake", _("Outtake")
        OUTCOME = "outcome", _("Outcome")

    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="kpis")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    description = models.CharField(_("indicator"), max_length=255)
    baseline = models.CharField(_("baseline"), max_length=100)
    target = models.CharField(_("target"), max_length=100)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_kpis",
        verbose_name=_("work-package indicator"),
    )

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Risk(models.Model):
    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(_("risk"), max_length=255)
    mitigation = models.TextField(_("mitigation"), blank=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class ReviewDate(models.Model):
    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="review_dates"
    )
    date = models.DateField(_("date"), validators=plausible_date())
    note = models.CharField(_("what is reviewed"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note}".strip()


class PlanVersion(models.Model):
    """The whole content of a plan as it stood when it went to the group, kept unchanged."""

    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanReview(models.Model):
    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("version reviewed"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_reviews",
        verbose_name=_("meeting"),
    )
    reviewer = models.CharField(_("reviewer"), max_length=200, blank=True)
    date = models.DateField(_("date"), validators=plausible_date())
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["plan", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False) | ~models.Q(reviewer=""),
                name="review_at_meeting_or_by_reviewer",
                violation_error_message=_("Name the meeting or the reviewer."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.date:%Y-%m-%d}"


class Recommendation(models.Model):
    class Response(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        DECLINED = "declined", _("Declined")

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="recommendations")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices, blank=True)
    text = models.TextField(_("recommendation"))
    order = models.PositiveIntegerField(default=0)
    response = models.CharField(
        _("answer"), max_length=20, choices=Response.choices, blank=True, default=""
    )
    reason = models.TextField(_("comment or reason"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["review", "order", "pk"]
        permissions = [("answer_recommendation", _("Can answer recommendations"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(response="declined") | ~models.Q(reason=""),
                name="declined_recommendation_has_reason",
                violation_error_message=_("Say why the recommendation is declined."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_answered(self) -> bool:
        return bool(self.response)
