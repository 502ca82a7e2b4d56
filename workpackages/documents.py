"""The work-package progress report: a PDF of a work package as it stood after a period.

Registered from the AppConfig.ready. Coordinators and the secretariat may request it;
representatives are not offered it, and a request or download of theirs answers 404.
It also adds the institution's progress updates to the institution report.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.models import Institution
from portal.documents.forms import DocumentRequestForm
from portal.documents.registry import DocumentKind, Section
from portal.documents.rendering import DocumentRenderer
from workpackages import access, charts, selectors
from workpackages.models import (
    ProgressUpdate,
    ReportingPeriod,
    WorkPackage,
    display_value,
)

KIND = "progress"


def work_package_queryset(user):
    """Work packages ``user`` may have a progress report about (see workpackages.access)."""
    return access.progress_report_packages(user)


class ProgressReportForm(DocumentRequestForm):
    object_label = gettext_lazy("Work package")

    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        label=gettext_lazy("Reporting period"),
        help_text=gettext_lazy("The report shows the values approved up to the end of it."),
    )

    field_order = ["object", "period", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        packages = list(self.fields["object"].queryset)
        periods = list(
            ReportingPeriod.objects.filter(work_package__in=[p.pk for p in packages]).order_by(
                "work_package_id", "start"
            )
        )
        self.fields["period"].queryset = ReportingPeriod.objects.filter(
            pk__in=[p.pk for p in periods]
        )
        titles = {p.pk: p.title for p in packages}
        grouped: dict[int, list] = {}
        for period in periods:
            grouped.setdefault(period.work_package_id, []).append((period.pk, period.label))
        self.fields["period"].choices = [("", "---------")] + [
            (titles[pk], choices) for pk, choices in grouped.items()
        ]
        # The latest period that has ended is what people usually want reported.
        today = timezone.localdate()
        ended = [p for p in periods if p.end < today]
        if len(packages) == 1 and periods:
            self.fields["period"].initial = (ended or periods)[-1].pk

    def clean(self):
        cleaned = super().clean()
        package, period = cleaned.get("object"), cleaned.get("period")
        if package is not None and period is not None and period.work_package_id != package.pk:
            self.add_error(
                "period",
                _("Choose a period of the work package “%(title)s”.") % {"title": package.title},
            )
        return cleaned


class ProgressReportRenderer(DocumentRenderer):
    template_name = "pdf/progress_report.html"

    def _period(self, obj: WorkPackage, options: dict) -> ReportingPeriod:
        from portal.documents.rendering import DocumentError

        period = obj.periods.filter(pk=options.get("period")).first()
        if period is None:
            raise DocumentError(_("The reporting period of this report no longer exists."))
        return period

    def title(self, obj: WorkPackage, options: dict) -> str:
        return _("Progress report %(period)s: %(title)s") % {
            "period": self._period(obj, options).label,
            "title": obj.title,
        }

    def header(self, obj: WorkPackage, options: dict) -> str:
        return obj.group.name

    def filename(self, obj: WorkPackage, options: dict) -> str:
        period = self._period(obj, options).label.lower().replace(" ", "-")
        return f"progress-report-{obj.pk}-{period}-{options.get('language', 'en')}.pdf"

    def get_context(self, obj: WorkPackage, options: dict) -> dict:
        report = selectors.progress_report(obj, self._period(obj, options))
        for goal in report.goals:
            statuses = [summary.status for summary in goal.summaries]
            goal.counts = [statuses.count(status) for status in selectors.STATUS_ORDER]
            for summary in goal.summaries:
                indicator = summary.indicator
                summary.baseline_display = display_value(indicator, indicator.baseline_value)
                summary.target_display = display_value(indicator, indicator.target_value)
                summary.group_display = charts.aggregate_display(indicator, summary.latest_value)
                summary.chart = mark_safe(  # noqa: S308 - built by charts.py, every text escaped
                    charts.indicator_chart(
                        indicator, summary, report.periods, chart_id=f"chart-{indicator.pk}"
                    )
                )
        return {
            "report": report,
            "package": obj,
            "period": report.period,
        }


# --- The institution report's section -----------------------------------------------


def updates_section(institution: Institution, options: dict) -> dict | None:
    """The institution's progress updates (drafts aside): values shown once approved."""
    updates = list(
        selectors.institution_updates(institution).exclude(status=ProgressUpdate.Status.DRAFT)
    )
    if (
        not updates
        and not institution.memberships.filter(group__work_packages__isnull=False).exists()
    ):
        return None
    for update in updates:
        # institution_updates joined the indicator; display_value reads its unit.
        update.shown_value = (
            update.display_value if update.status == ProgressUpdate.Status.APPROVED else "—"
        )
    return {
        "updates": updates,
        "approved": sum(1 for u in updates if u.status == ProgressUpdate.Status.APPROVED),
        "late": sum(1 for u in updates if u.late),
    }


def register(documents) -> None:
    documents.register(
        DocumentKind(
            key=KIND,
            label=gettext_lazy("Work-package progress report"),
            description=gettext_lazy(
                "A work package after a reporting period: each goal's and indicator's "
                "status, the approved values with charts, and a table per institution."
            ),
            model=WorkPackage,
            queryset=work_package_queryset,
            form_class=ProgressReportForm,
            renderer=ProgressReportRenderer(),
            order=20,
        )
    )
    documents.add_section(
        "institution",
        Section(
            key="workpackages.updates",
            title=gettext_lazy("Progress updates"),
            template="pdf/sections/workpackages_updates.html",
            context=updates_section,
            order=40,
        ),
    )
