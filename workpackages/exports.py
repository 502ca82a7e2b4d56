"""The progress-update table that is exported, and imported back by the secretariat."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.exports import Column
from workpackages import access
from workpackages.models import ProgressUpdate

S = ProgressUpdate.Status

# Positions of the columns the import reads (the others are there for people).
WORK_PACKAGE, PERIOD, CODE, TITLE, UNIT, INSTITUTION, VALUE, LEVEL, NARRATIVE, EVIDENCE = range(10)


def columns() -> list[Column]:
    return [
        Column(_("Work package"), width=30),
        Column(_("Period"), width=10),
        Column(_("Indicator code"), width=10),
        Column(_("Indicator title"), width=40),
        Column(_("Unit"), width=12),
        Column(_("Institution"), width=12),
        Column(_("Value"), width=10, kind="number"),
        Column(_("Maturity level"), width=10, kind="number"),
        Column(_("Narrative"), width=50),
        Column(_("Evidence link"), width=30),
        Column(_("Status"), width=12),
        Column(_("Submitted at"), width=18, kind="datetime"),
        Column(_("On time"), width=8),
    ]


def updates_for(user) -> QuerySet[ProgressUpdate]:
    """The updates the user may read (see workpackages.access), in the export's order."""
    return access.visible_updates(user).order_by(
        "indicator__goal__work_package__start",
        "period__start",
        "indicator__goal__order",
        "indicator__order",
        "indicator__code",
        "institution__acronym",
    )


def row(update: ProgressUpdate) -> list:
    indicator = update.indicator
    return [
        indicator.goal.work_package.title,
        update.period.label,
        indicator.code,
        indicator.title,
        indicator.get_unit_display(),
        update.institution.acronym if update.institution else "",
        update.value,
        update.rubric_level.level if update.rubric_level else None,
        update.narrative,
        update.evidence_url,
        update.get_status_display(),
        update.submitted_at,
        "" if update.submitted_at is None else (_("No") if update.late else _("Yes")),
    ]
