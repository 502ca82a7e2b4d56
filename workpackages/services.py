"""Writes: period generation and locking, and an update's life from draft to approval."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Institution
from portal import concurrency
from portal.concurrency import StaleSave
from workpackages import access
from workpackages.models import (
    FREQUENCY_MONTHS,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    RubricLevel,
    WorkPackage,
)

S = ProgressUpdate.Status

PERIOD_MONTHS = FREQUENCY_MONTHS


class UpdateRefused(Exception):
    """A change the rules do not allow; the message is shown to the user."""


class Conflict(UpdateRefused):
    """Someone saved the update since this form was loaded (see portal.concurrency)."""


@dataclass(frozen=True)
class UpdateInput:
    """What a reporter enters for an update (see ProgressUpdateForm.update_input)."""

    value: Decimal | None = None
    rubric_level: RubricLevel | None = None
    narrative: str = ""
    evidence_url: str = ""
    evidence_file: File | None = None  # a new upload; None keeps the stored file


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class PeriodBounds:
    label: str
    start: datetime.date
    end: datetime.date


def period_containing(day: datetime.date, *, months: int, year_starts: int = 1) -> PeriodBounds:
    """The quarter, half-year or year (``months`` long) that contains ``day``, in a reporting
    year that starts on the first of month ``year_starts``.

    A calendar year's periods are labelled "2025", "2025 H2", "2025 Q3"; a year from July to
    June is labelled by both its years: "2025/26", "2025/26 H1", "2025/26 Q3".
    """
    year = day.year if day.month >= year_starts else day.year - 1  # the reporting year
    into_year = (day.year - year) * 12 + day.month - year_starts  # 0-based month in it
    number = into_year // months  # 0-based half-year or quarter
    start_year, start_month = _add_months(year, year_starts, number * months)
    end_year, end_month = _add_months(start_year, start_month, months - 1)
    name = str(year) if year_starts == 1 else f"{year}/{(year + 1) % 100:02d}"
    if months == 6:
        name = f"{name} H{number + 1}"
    elif months == 3:
        name = f"{name} Q{number + 1}"
    return PeriodBounds(
        label=name,
        start=datetime.date(start_year, start_month, 1),
        end=_month_end(end_year, end_month),
    )


@transaction.atomic
def generate_periods(
    *, work_package: WorkPackage, frequency: str, due_after_days: int
) -> list[ReportingPeriod]:
    """Create the periods of ``frequency`` that overlap the work package's span, counted from
    the month its reporting year starts.

    Existing periods with the same label are left as they are (they may have been edited),
    so running it again only fills gaps. Returns the periods created.
    """
    months = PERIOD_MONTHS[frequency]
    created = []
    day = work_package.start
    while day <= work_package.end:
        bounds = period_containing(day, months=months, year_starts=work_package.year_starts)
        period, was_created = ReportingPeriod.objects.get_or_create(
            work_package=work_package,
            label=bounds.label,
            defaults={
                "start": bounds.start,
                "end": bounds.end,
                "due_date": bounds.end + datetime.timedelta(days=due_after_days),
            },
        )
        if was_created:
            created.append(period)
        day = bounds.end + datetime.timedelta(days=1)
    return created


class StalePeriod(StaleSave):
    """The period was locked, unlocked or edited by someone else after the page was loaded."""


def _lock_or_unlock(period: ReportingPeriod, version: int | None, **values) -> ReportingPeriod:
    with transaction.atomic():
        try:
            current = concurrency.lock_current(period, version)
        except StaleSave as stale:
            raise StalePeriod(
                stale.current,
                _(
                    "Someone else changed period %(label)s after you opened the page. "
                    "Nothing was changed: the period is shown as it is now."
                )
                % {"label": stale.current.label},
            ) from None
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*values, "version"])
    for name, value in values.items():
        setattr(period, name, value)
    period.version = current.version
    return period


def lock_period(*, period: ReportingPeriod, version: int | None = None) -> ReportingPeriod:
    """Close the period for reporting; StalePeriod if ``version`` (the page's) is old."""
    return _lock_or_unlock(period, version, locked=True, reopened=False)


def unlock_period(*, period: ReportingPeriod, version: int | None = None) -> ReportingPeriod:
    """Open the period again, also after its grace days, until it is locked by hand.

    StalePeriod if ``version`` (the page's) is old.
    """
    return _lock_or_unlock(period, version, locked=False, reopened=True)


def _check_version(update: ProgressUpdate, version: int | None) -> None:
    try:
        concurrency.check(update, version)
    except StaleSave:
        who = update.updated_by.get_username() if update.updated_by else _("someone")
        raise Conflict(
            _(
                "%(who)s changed this update at %(when)s, after you opened the form. "
                "Nothing was saved: reload the page, check their changes and enter yours again."
            )
            % {"who": who, "when": timezone.localtime(update.updated_at).strftime("%H:%M:%S")}
        ) from None


def check_scope(
    indicator: Indicator, institution: Institution | None, period: ReportingPeriod
) -> None:
    if indicator.scope == Indicator.Scope.GROUP and institution is not None:
        raise UpdateRefused(
            _("The group as a whole reports %(code)s: institutions do not report it.")
            % {"code": indicator.code}
        )
    if indicator.scope != Indicator.Scope.GROUP and institution is None:
        raise UpdateRefused(
            _("Each institution reports %(code)s: there is no value for the whole group.")
            % {"code": indicator.code}
        )
    if indicator.goal.work_package_id != period.work_package_id:
        raise UpdateRefused(_("The indicator and the period belong to different work packages."))


@transaction.atomic
def save_update(
    *,
    indicator: Indicator,
    institution: Institution | None,
    period: ReportingPeriod,
    by: Any,
    data: UpdateInput,
    version: int | None,
    submit: bool,
    today: datetime.date | None = None,
) -> ProgressUpdate:
    """Save the institution's update as a draft, or submit it.

    ``institution`` is None for the group's own value of a group-scope indicator (the
    secretariat reports it); such an indicator takes no institution's value, and an
    institution-scope indicator takes no group value. ``version`` is the version the form was loaded with (None for a new update); a
    mismatch means someone saved in between and raises Conflict. Only drafts and returned
    updates in open periods may change (the rule of access.update_refusal). Returns the
    saved update.
    """
    today = today or timezone.localdate()
    check_scope(indicator, institution, period)
    refusal = access.update_refusal(period, today=today)
    if refusal:
        raise UpdateRefused(refusal)
    if not period.is_open(today):
        raise UpdateRefused(
            _("The period %(label)s has not started yet.") % {"label": period.label}
        )
    update = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(indicator=indicator, institution=institution, period=period)
        .first()
    )
    if update is None:
        if version is not None:
            raise Conflict(_("This update was removed after you opened the form."))
        update = ProgressUpdate(
            indicator=indicator, institution=institution, period=period, created_by=by, version=0
        )
    else:
        if version is None:
            version = -1  # a "new" form, but someone created the update meanwhile
        _check_version(update, version)
        refusal = access.update_refusal(period, update, today)
        if refusal:
            raise UpdateRefused(refusal)
    update.value = data.value
    update.rubric_level = data.rubric_level
    update.narrative = data.narrative or ""
    update.evidence_url = data.evidence_url or ""
    if data.evidence_file:
        update.evidence_file = data.evidence_file
        update.evidence_type = getattr(data.evidence_file, "content_type", "") or ""
    if update.rubric_level is not None:
        update.value = update.rubric_level.level
    if submit:
        update.status = S.SUBMITTED
        update.submitted_by = by
        update.submitted_at = timezone.now()
        update.late = today > period.due_date
    update.updated_by = by
    update.version += 1
    update._history_user = by
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError as exc:
        raise Conflict(
            _("Someone else created this update while you were editing. Reload the page.")
        ) from exc
    return update


@transaction.atomic
def review_update(
    *, update: ProgressUpdate, by: Any, approve: bool, reason: str = "", version: int | None
) -> ProgressUpdate:
    """Approve a submitted update, or return it with a reason the representative sees."""
    update = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=update.pk)
    )
    _check_version(update, version)
    if update.status != S.SUBMITTED:
        raise UpdateRefused(_("Only submitted updates can be reviewed."))
    if not approve and not reason.strip():
        raise UpdateRefused(_("Say why the update is returned."))
    update.status = S.APPROVED if approve else S.RETURNED
    update.return_reason = "" if approve else reason.strip()
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    update.updated_by = by
    update.version += 1
    update._history_user = by
    update.save()
    return update


@transaction.atomic
def import_updates(*, rows: list, by: Any, approve: bool) -> list[ProgressUpdate]:
    """Save every checked import row (see workpackages.imports) as a submitted update and,
    with ``approve``, approve it; all rows or none. Rows that are unchanged are skipped.
    Returns the updates saved."""
    saved = []
    for row in rows:
        if row.unchanged:
            continue
        if row.errors:
            raise UpdateRefused(_("The file has errors: nothing was saved."))
        update = save_update(
            indicator=row.indicator,
            institution=row.institution,
            period=row.period,
            by=by,
            data=row.data,
            version=row.existing.version if row.existing else None,
            submit=True,
        )
        if approve:
            update = review_update(update=update, by=by, approve=True, version=update.version)
        saved.append(update)
    return saved
