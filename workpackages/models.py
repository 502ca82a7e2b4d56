from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from institutions.models import WorkingGroup, localized
from meetings.models import Meeting


class WorkPackage(models.Model):
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
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
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


class Goal(models.Model):
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


class Indicator(models.Model):
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
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    target_date = models.DateField(_("target date"))
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


class ReportingPeriod(models.Model):
    work_package = models.ForeignKey(
        WorkPackage,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("work package"),
    )
    label = models.CharField(_("label"), max_length=40, help_text=_("For example 2014 H1."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))
    locked = models.BooleanField(_("locked by hand"), default=False)

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
