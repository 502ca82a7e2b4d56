"""Reading an XLSX of progress values in the export's format, row by row, for a preview.

Every row is checked before anything is saved: the work package, period, indicator and
institution must exist, the value must suit the indicator's unit (the reporting form's
own validation), the period must be open, a row may appear only once, and a maturity
level needs its level and evidence. Rows identical to an update that can no longer change
(submitted or approved) are shown as unchanged and skipped.
"""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from institutions.models import Institution
from workpackages import exports, services
from workpackages.forms import ProgressUpdateForm
from workpackages.models import Indicator, ProgressUpdate, ReportingPeriod, WorkPackage
from workpackages.services import UpdateInput

E = exports
YES = {"1", "yes", "da", "true"}
NO = {"0", "no", "ne", "false"}


class UnreadableFile(Exception):
    """Not an XLSX in the export's format; the message is shown to the user."""


@dataclass
class ImportRow:
    number: int
    work_package: str
    period_label: str
    code: str
    institution_acronym: str
    value: str
    level: str
    narrative: str
    evidence_url: str
    indicator: Indicator | None = None
    institution: Institution | None = None
    period: ReportingPeriod | None = None
    existing: ProgressUpdate | None = None
    data: UpdateInput | None = None
    errors: list[str] = field(default_factory=list)
    unchanged: bool = False

    @property
    def key(self):
        return (
            self.indicator.pk,
            self.institution.pk if self.institution else None,
            self.period.pk,
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # The export defuses formulas with a leading apostrophe; take it off again.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def read_rows(path_or_file) -> list[list[str]]:
    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(_("The file is not an XLSX workbook.")) from exc
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()
    if not rows or len(rows[0]) < len(E.columns()) or not _text(rows[0][E.CODE]):
        raise UnreadableFile(
            _("The file does not have the columns of the export: export first and fill that in.")
        )
    return [[_text(value) for value in row] + [""] * 13 for row in rows[1:]]


def _form_data(row: ImportRow, indicator: Indicator) -> dict:
    data = {"narrative": row.narrative, "evidence_url": row.evidence_url}
    if indicator.unit == Indicator.Unit.YES_NO:
        answer = row.value.lower()
        if answer in YES or answer == str(_("Yes")).lower():
            answer = "1"
        elif answer in NO or answer == str(_("No")).lower():
            answer = "0"
        data["answer"] = answer
    elif indicator.unit == Indicator.Unit.MATURITY:
        if not row.level:
            row.errors.append(_("Give the maturity level."))
            return data
        try:
            number = Decimal(row.level)
        except InvalidOperation:
            number = None
        level = next((lv for lv in indicator.rubric_levels.all() if lv.level == number), None)
        if level is None:
            row.errors.append(
                _("Level %(level)s is not defined for %(code)s.")
                % {"level": row.level, "code": indicator.code}
            )
            return data
        data["rubric_level"] = str(level.pk)
    else:
        data["value"] = row.value.replace(",", ".") if row.value.count(",") == 1 else row.value
    return data


def _same(existing: ProgressUpdate, data: UpdateInput) -> bool:
    return (
        existing.value == data.value
        and existing.rubric_level == data.rubric_level
        and existing.narrative == data.narrative
        and existing.evidence_url == data.evidence_url
    )


def check_rows(raw_rows: list[list[str]], *, today: datetime.date | None = None) -> list[ImportRow]:
    """The rows with what they parse to and every error found in them."""
    today = today or timezone.localdate()
    packages: dict[str, WorkPackage] = {}
    for package in WorkPackage.objects.all():
        packages[package.title_en.strip()] = package
        if package.title_bs:
            packages[package.title_bs.strip()] = package
    indicators = {
        (i.goal.work_package_id, i.code): i
        for i in Indicator.objects.select_related("goal").prefetch_related("rubric_levels")
    }
    periods = {(p.work_package_id, p.label): p for p in ReportingPeriod.objects.all()}
    institutions = {i.acronym: i for i in Institution.objects.all()}
    rows: list[ImportRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(raw_rows, start=2):
        if not any(cells[: E.EVIDENCE + 1]):
            continue
        row = ImportRow(
            number=number,
            work_package=cells[E.WORK_PACKAGE],
            period_label=cells[E.PERIOD],
            code=cells[E.CODE],
            institution_acronym=cells[E.INSTITUTION],
            value=cells[E.VALUE],
            level=cells[E.LEVEL],
            narrative=cells[E.NARRATIVE],
            evidence_url=cells[E.EVIDENCE],
        )
        rows.append(row)
        package = packages.get(row.work_package)
        if package is None:
            row.errors.append(_("Unknown work package “%(title)s”.") % {"title": row.work_package})
            continue
        row.indicator = indicators.get((package.pk, row.code))
        if row.indicator is None:
            row.errors.append(_("Unknown indicator code “%(code)s”.") % {"code": row.code})
        row.period = periods.get((package.pk, row.period_label))
        if row.period is None:
            row.errors.append(_("Unknown period “%(label)s”.") % {"label": row.period_label})
        if row.institution_acronym:
            row.institution = institutions.get(row.institution_acronym)
            if row.institution is None:
                row.errors.append(
                    _("Unknown institution “%(acronym)s”.") % {"acronym": row.institution_acronym}
                )
                continue
        if row.indicator is None or row.period is None:
            continue
        try:
            services.check_scope(row.indicator, row.institution, row.period)
        except services.UpdateRefused as exc:
            row.errors.append(str(exc))
            continue
        if seen.get(row.key):
            row.errors.append(
                _("The same indicator, institution and period are already in row %(row)s.")
                % {"row": seen[row.key]}
            )
            continue
        seen[row.key] = row.number
        row.existing = (
            ProgressUpdate.objects.select_related("rubric_level")
            .filter(indicator=row.indicator, institution=row.institution, period=row.period)
            .first()
        )
        form = ProgressUpdateForm(
            _form_data(row, row.indicator),
            indicator=row.indicator,
            instance=row.existing,
            submitting=True,
        )
        if row.errors:
            continue
        if not form.is_valid():
            row.errors.extend(
                str(message) for messages in form.errors.values() for message in messages
            )
            continue
        row.data = form.update_input()
        if row.existing is not None and not row.existing.editable_by_reporter:
            if _same(row.existing, row.data):
                row.unchanged = True
                continue
            row.errors.append(
                _("This update is %(status)s and can no longer be changed.")
                % {"status": row.existing.get_status_display().lower()}
            )
            continue
        if row.period.is_locked(today):
            row.errors.append(
                _("The period %(label)s is locked: changes are no longer accepted.")
                % {"label": row.period.label}
            )
        elif not row.period.is_open(today):
            row.errors.append(
                _("The period %(label)s has not started yet.") % {"label": row.period.label}
            )
    return rows
