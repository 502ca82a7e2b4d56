from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from institutions.models import Institution, WorkingGroup, localized
from meetings.models import Meeting
from portal.concurrency import VersionedModel
from portal.validators import plausible_date

# How many months an indicator of each frequency (and a generated period) spans.
FREQUENCY_MONTHS = {"quarterly": 3, "half_yearly": 6, "yearly": 12}


class WorkPackage(VersionedModel):
    """A group's three-year programme of goals and indicators, adopted at a meeting."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        CLOSED = "closed", _("Closed")

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="work_packages",
        verbose_name=_("group"),
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_bs = models.CharField(_("title (Bosnian)"), max_length=255, blank=True)
    start = models.DateField(_("start"), validators=plausible_date())
    end = models.DateField(_("end"), validators=plausible_date())
    year_starts = models.PositiveSmallIntegerField(
        _("reporting year starts in"),
        choices=sorted(MONTHS.items()),
        default=1,
        help_text=_(
            "The month the reporting year begins: January for the calendar year, July for a "
            "year from July to June. Half-years, quarters and years are counted from it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_work_packages",
        verbose_name=_("adopted at meeting"),
    )
    adopted_by = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_work_packages",
        verbose_name=_("adopting decision"),
    )

    class Meta:
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="workpackage_ends_after_start",
                violation_error_message=_("The work package must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workpackages:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")


class Goal(VersionedModel):
    work_package = models.ForeignKey(
        WorkPackage, on_delete=models.CASCADE, related_name="goals", verbose_name=_("work package")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example G1."))
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_bs = models.CharField(_("title (Bosnian)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["work_package", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_package", "code"],
                name="goal_code_per_work_package",
                violation_error_message=_(
                    "A goal with this code already exists in the work package."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Indicator(VersionedModel):
    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percent")
        YES_NO = "yes_no", _("Yes/no")
        MATURITY = "maturity", _("Maturity level")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        REACH = "reach", _("Reach")

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")

    class Scope(models.TextChoices):
        EACH_INSTITUTION = "institution", _("Each member institution reports")
        GROUP = "group", _("The group as a whole reports")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        MEAN = "mean", _("Mean")
        SHARE_REACHING = "share", _("Share of institutions reaching the target")

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example G1.2."))
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_bs = models.CharField(_("title (Bosnian)"), max_length=255, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=12, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"), validators=plausible_date())
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    target_date = models.DateField(_("target date"), validators=plausible_date())
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.HALF_YEARLY,
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.EACH_INSTITUTION
    )
    aggregation = models.CharField(
        _("how institutions' values add up"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "code"],
                name="indicator_code_per_goal",
                violation_error_message=_(
                    "An indicator with this code already exists for the goal."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workpackages:indicator", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")


class ReportingPeriod(VersionedModel):
    work_package = models.ForeignKey(
        WorkPackage,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("work package"),
    )
    label = models.CharField(_("label"), max_length=40, help_text=_("For example 2014 H1."))
    start = models.DateField(_("start"), validators=plausible_date())
    end = models.DateField(_("end"), validators=plausible_date())
    due_date = models.DateField(_("due date"), validators=plausible_date())
    locked = models.BooleanField(_("locked by hand"), default=False)
    # Set when the secretariat unlocks a period: it then stays open past its grace days
    # until someone locks it by hand again.
    reopened = models.BooleanField(_("unlocked by the secretariat"), default=False)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["work_package", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_package", "label"],
                name="period_label_per_work_package",
                violation_error_message=_("A period with this label already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="period_ends_after_start",
                violation_error_message=_("The period must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def locks_on(self) -> datetime.date:
        """The first day the period is locked automatically (due date plus the grace days)."""
        return self.due_date + datetime.timedelta(days=settings.PROGRESS_GRACE_DAYS + 1)

    def is_locked(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.locked:
            return True
        return not self.reopened and today >= self.locks_on

    def is_open(self, today: datetime.date | None = None) -> bool:
        """Open for reporting: started and not locked."""
        today = today or timezone.localdate()
        return self.start <= today and not self.is_locked(today)

    def is_due_for(self, indicator: Indicator) -> bool:
        """Whether the indicator's value is due in this period: the period ends in the last
        month of one of the indicator's quarters, half-years or years, counted from the month
        the work package's reporting year starts (December and June for a half-yearly
        indicator of a calendar year; June alone for a yearly one of a July–June year)."""
        every = FREQUENCY_MONTHS.get(indicator.frequency)
        if every is None:
            return False
        months_into_year = (self.end.month - self.work_package.year_starts) % 12 + 1
        return months_into_year % every == 0


class RubricLevel(models.Model):
    """One level of a maturity indicator's rubric, for example 0 to 4, each described."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="rubric_levels",
        verbose_name=_("indicator"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")
        ordering = ["indicator", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level"],
                name="rubric_level_per_indicator",
                violation_error_message=_("This level is already described."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.level}: {self.description}"


class ProgressUpdate(models.Model):
    """What one institution reports on one indicator for one period, or, for an indicator
    the group reports as a whole, the value the secretariat reports for the group (then
    ``institution`` is empty).

    Only approved updates count towards status and reports. ``version`` grows with every
    save so that a form posted from a stale page is refused instead of overwriting.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="updates", verbose_name=_("indicator")
    )
    # Empty for the group's own value of a group-scope indicator.
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("institution"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("period"),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    rubric_level = models.ForeignKey(
        RubricLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("maturity level"),
    )
    narrative = models.TextField(_("narrative"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="progress/%Y/", blank=True)
    # The type the upload's content showed (portal.uploads), served with the download;
    # empty for files stored before it was recorded.
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    late = models.BooleanField(_("submitted late"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["period", "indicator", "institution"]
        permissions = [
            ("report_progressupdate", _("Can report progress for their institution")),
            ("review_progressupdate", _("Can approve or return progress updates")),
            ("report_group_progressupdate", _("Can report progress for the group as a whole")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "institution", "period"],
                condition=models.Q(institution__isnull=False),
                name="one_update_per_indicator_institution_period",
                violation_error_message=_(
                    "This institution already has an update for this indicator and period."
                ),
            ),
            # NULLs never clash in a unique index: the group's rows need their own.
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(institution__isnull=True),
                name="one_group_update_per_indicator_period",
                violation_error_message=_(
                    "The group already has an update for this indicator and period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("workpackages:update", args=[self.pk])

    @property
    def is_group(self) -> bool:
        """The group's own value, reported by the secretariat."""
        return self.institution_id is None

    @property
    def editable_by_reporter(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def display_value(self) -> str:
        return display_value(self.indicator, self.value)


def display_value(indicator: Indicator, value) -> str:
    """A value as people read it: 45 %, Yes, Level 3, 1,250."""
    if value is None:
        return "—"
    if indicator.unit == Indicator.Unit.YES_NO:
        return str(_("Yes")) if value else str(_("No"))
    # Localised: "2.67" in English, "2,67" in Bosnian.
    text = number_format(Decimal(value).quantize(Decimal("0.01")).normalize())
    if indicator.unit == Indicator.Unit.MATURITY:
        return str(_("Level %(level)s")) % {"level": text}
    if indicator.unit == Indicator.Unit.PERCENT:
        return f"{text} %"
    return text
