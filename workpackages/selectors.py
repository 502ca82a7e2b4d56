"""Reads for pages, panels and the PDF progress report. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from institutions.models import Institution
from institutions.selectors import members_of, memberships_on
from workpackages import progress
from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    WorkPackage,
    display_value,
)

S = ProgressUpdate.Status
STATUS_ORDER = [
    progress.Status.OFF_TRACK,
    progress.Status.AT_RISK,
    progress.Status.ON_TRACK,
    progress.Status.NO_DATA,
]


def member_institutions(work_package: WorkPackage) -> list[Institution]:
    """The group's current member institutions: who is expected to report."""
    return list(members_of(work_package.group_id).order_by("acronym"))


def path_of(indicator: Indicator) -> progress.Path:
    return progress.Path(
        baseline=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target=indicator.target_value,
        target_date=indicator.target_date,
        direction=indicator.direction,
    )


@dataclass
class IndicatorSummary:
    indicator: Indicator
    status: progress.Status
    latest_value: Decimal | None = None
    latest_period: ReportingPeriod | None = None
    # period id -> aggregated approved value
    series: dict[int, Decimal] = field(default_factory=dict)

    @property
    def latest_display(self) -> str:
        return display_value(self.indicator, self.latest_value)


def _summarise(
    indicator: Indicator,
    approved: dict[int, list[Decimal]],
    periods: list[ReportingPeriod],
) -> IndicatorSummary:
    """``approved`` maps period id -> the approved values institutions gave for it, or,
    for a group-scope indicator, the group's one approved value (taken as it is)."""
    series: dict[int, Decimal] = {}
    group = indicator.scope == Indicator.Scope.GROUP
    for period in periods:
        values = approved.get(period.pk)
        if values and group:
            series[period.pk] = values[0]
        elif values:
            series[period.pk] = progress.aggregate(
                values,
                indicator.aggregation,
                target=indicator.target_value,
                direction=indicator.direction,
            )
    latest = next((p for p in reversed(periods) if p.pk in series), None)
    if latest is None:
        return IndicatorSummary(indicator, progress.Status.NO_DATA, series=series)
    value = series[latest.pk]
    if not group and indicator.aggregation == Indicator.Aggregation.SHARE_REACHING:
        # A share is a percentage of institutions, not a value on the indicator's own
        # scale: the status then follows the institutions' mean value.
        check = sum(approved[latest.pk], Decimal(0)) / len(approved[latest.pk])
    else:
        check = value
    status = progress.status_of(path_of(indicator), (latest.end, check))
    return IndicatorSummary(indicator, status, value, latest, series)


def _approved_values(
    work_package: WorkPackage, periods: list[ReportingPeriod] | None = None
) -> dict[int, dict[int, list[Decimal]]]:
    """indicator id -> period id -> approved values, in one query (only ``periods``' if given).

    A group-scope indicator counts only the group's own value; an institution-scope one
    only the institutions' values.
    """
    rows = ProgressUpdate.objects.filter(
        indicator__goal__work_package=work_package, status=S.APPROVED, value__isnull=False
    ).filter(
        Q(indicator__scope=Indicator.Scope.GROUP, institution__isnull=True)
        | Q(institution__isnull=False, indicator__scope=Indicator.Scope.EACH_INSTITUTION)
    )
    if periods is not None:
        rows = rows.filter(period__in=[p.pk for p in periods])
    rows = rows.values_list("indicator_id", "period_id", "value")
    result: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for indicator_id, period_id, value in rows:
        result[indicator_id][period_id].append(value)
    return result


def periods_until(
    work_package: WorkPackage, until: ReportingPeriod | None = None
) -> list[ReportingPeriod]:
    """The work package's periods in order, up to and including ``until`` (all without it)."""
    periods = list(work_package.periods.all())
    if until is not None:
        periods = [p for p in periods if p.start <= until.start]
    return periods


def goal_summaries(
    work_package: WorkPackage, *, until: ReportingPeriod | None = None
) -> list[Goal]:
    """Goals with ``.summaries`` (one IndicatorSummary per indicator) and ``.status``.

    A goal's status is the worst status among its indicators that have data (off track,
    then at risk, then on track); "no data" when none has any approved value. With
    ``until``, the summaries stand as they did at the end of that period: later periods'
    values do not count.
    """
    goals = list(
        work_package.goals.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "code"))
        )
    )
    periods = periods_until(work_package, until)
    approved = _approved_values(work_package, periods if until is not None else None)
    for goal in goals:
        goal.summaries = [
            _summarise(indicator, approved.get(indicator.pk, {}), periods)
            for indicator in goal.indicators.all()
        ]
        statuses = {s.status for s in goal.summaries}
        goal.status = next(
            (s for s in STATUS_ORDER if s in statuses and s != progress.Status.NO_DATA),
            progress.Status.NO_DATA,
        )
    return goals


def indicator_summary(indicator: Indicator) -> IndicatorSummary:
    work_package = indicator.goal.work_package
    periods = list(work_package.periods.all())
    approved = _approved_values(work_package).get(indicator.pk, {})
    return _summarise(indicator, approved, periods)


@dataclass
class Cell:
    counts: dict[str, int] = field(default_factory=dict)
    missing: int = 0
    late: int = 0

    @property
    def state(self) -> str:
        """The cell's headline: the least advanced state any indicator is in."""
        for state in ("missing", S.RETURNED, S.DRAFT, S.SUBMITTED, S.APPROVED):
            if self.missing if state == "missing" else self.counts.get(state):
                return str(state)
        return "none"


@dataclass
class ComplianceRow:
    institution: Institution
    cells: list[Cell]
    expected: int = 0
    delivered: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def completeness(self) -> int | None:
        """Share (%) of the expected updates that were submitted or approved."""
        return round(100 * self.delivered / self.expected) if self.expected else None

    @property
    def timeliness(self) -> int | None:
        """Share (%) of the submitted updates that came in by the due date."""
        return round(100 * self.on_time / self.submitted) if self.submitted else None


def compliance_table(
    work_package: WorkPackage,
    *,
    institution_id: int | None = None,
    period: ReportingPeriod | None = None,
    today: datetime.date | None = None,
) -> tuple[list[ReportingPeriod], list[ComplianceRow]]:
    """Institutions × started periods: what each has reported, with its rates.

    Only periods whose due date has passed count towards the expected updates.
    ``institution_id`` narrows the table to one institution (a representative's view);
    ``period`` to one period (a period's progress report).
    """
    today = today or timezone.localdate()
    periods = [p for p in work_package.periods.all() if p.start <= today]
    if period is not None:
        periods = [p for p in periods if p.pk == period.pk]
    indicators = list(
        Indicator.objects.filter(
            goal__work_package=work_package, scope=Indicator.Scope.EACH_INSTITUTION
        )
    )
    institutions = member_institutions(work_package)
    if institution_id is not None:
        institutions = [i for i in institutions if i.pk == institution_id]
    updates = ProgressUpdate.objects.filter(
        period__work_package=work_package, indicator__scope=Indicator.Scope.EACH_INSTITUTION
    )
    if institution_id is not None:
        updates = updates.filter(institution_id=institution_id)
    if period is not None:
        updates = updates.filter(period=period)
    found: dict[tuple[int, int], list[tuple[str, bool, bool]]] = defaultdict(list)
    for inst_id, period_id, status, late, submitted_at in updates.values_list(
        "institution_id", "period_id", "status", "late", "submitted_at"
    ):
        found[(inst_id, period_id)].append((status, late, submitted_at is not None))
    due_count = {p.pk: sum(1 for i in indicators if p.is_due_for(i)) for p in periods}
    rows = []
    for institution in institutions:
        row = ComplianceRow(institution, [])
        for each in periods:
            cell = Cell()
            entries = found.get((institution.pk, each.pk), [])
            for status, late, was_submitted in entries:
                cell.counts[status] = cell.counts.get(status, 0) + 1
                cell.late += late
                if was_submitted:
                    row.submitted += 1
                    row.on_time += not late
            cell.missing = max(due_count[each.pk] - len(entries), 0)
            if each.due_date < today:
                row.expected += due_count[each.pk]
                row.delivered += sum(1 for s, _l, _w in entries if s in (S.SUBMITTED, S.APPROVED))
            row.cells.append(cell)
        rows.append(row)
    return periods, rows


@dataclass
class IndicatorTable:
    periods: list[ReportingPeriod]
    rows: list[tuple[Institution, list[ProgressUpdate | None]]]
    summary: IndicatorSummary
    # A group-scope indicator: the group's update per period (None where there is none
    # or the reader may not open it); empty for institution-scope indicators.
    group_row: list[ProgressUpdate | None] = field(default_factory=list)


def _group_table(
    indicator: Indicator, periods: list[ReportingPeriod], *, hidden: bool, approved_only: bool
) -> IndicatorTable:
    """The group's row of a group-scope indicator. ``hidden``: the reader (a representative)
    sees only the approved values in the summary, never the group's updates themselves."""
    by_period: dict[int, ProgressUpdate] = {}
    if not hidden:
        updates = indicator.updates.filter(institution__isnull=True).select_related("rubric_level")
        if approved_only:
            updates = updates.filter(status=S.APPROVED)
        by_period = {u.period_id: u for u in updates}
        for update in by_period.values():
            update.indicator = indicator
    return IndicatorTable(
        periods,
        [],
        indicator_summary(indicator),
        group_row=[by_period.get(p.pk) for p in periods],
    )


def indicator_table(
    indicator: Indicator, *, institution_id: int | None = None, approved_only: bool = False
) -> IndicatorTable:
    """Values per institution and period. A representative passes their institution id;
    a coordinator sees approved values only. A group-scope indicator has the group's
    row instead of the institutions' rows."""
    work_package = indicator.goal.work_package
    periods = list(work_package.periods.all())
    if indicator.scope == Indicator.Scope.GROUP:
        return _group_table(
            indicator, periods, hidden=institution_id is not None, approved_only=approved_only
        )
    institutions = member_institutions(work_package)
    updates = indicator.updates.select_related("rubric_level")
    if institution_id is not None:
        institutions = [i for i in institutions if i.pk == institution_id]
        updates = updates.filter(institution_id=institution_id)
    if approved_only:
        updates = updates.filter(status=S.APPROVED)
    by_key = {(u.institution_id, u.period_id): u for u in updates}
    for update in by_key.values():
        update.indicator = indicator
    rows = [
        (institution, [by_key.get((institution.pk, p.pk)) for p in periods])
        for institution in institutions
    ]
    return IndicatorTable(periods, rows, indicator_summary(indicator))


def institution_updates(institution: Institution) -> QuerySet[ProgressUpdate]:
    """Every update an institution has made, newest period first (for institution reports)."""
    return (
        ProgressUpdate.objects.filter(institution=institution)
        .select_related("indicator__goal__work_package", "period", "rubric_level")
        .order_by("-period__start", "indicator__goal__order", "indicator__order")
    )


def review_queue() -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(status=S.SUBMITTED)
        .select_related("indicator__goal", "institution", "period", "rubric_level", "submitted_by")
        .order_by("submitted_at")
    )


@dataclass
class ReportItem:
    indicator: Indicator
    update: ProgressUpdate | None
    last_value: str


@dataclass
class OpenPeriod:
    period: ReportingPeriod
    items: list[ReportItem]

    @property
    def outstanding(self) -> int:
        return sum(1 for i in self.items if i.update is None or i.update.editable_by_reporter)


def reporting_for(institution_id: int, *, today: datetime.date | None = None) -> list[OpenPeriod]:
    """The open periods of the institution's work packages, with every indicator it reports:
    its update so far and its last approved value before the period."""
    today = today or timezone.localdate()
    group_ids = memberships_on().filter(institution_id=institution_id).values("group_id")
    periods = [
        p
        for p in ReportingPeriod.objects.filter(work_package__group_id__in=group_ids)
        .exclude(work_package__status=WorkPackage.Status.CLOSED)
        .select_related("work_package")
        if p.is_open(today)
    ]
    if not periods:
        return []
    wp_ids = {p.work_package_id for p in periods}
    indicators = list(
        Indicator.objects.filter(
            goal__work_package_id__in=wp_ids, scope=Indicator.Scope.EACH_INSTITUTION
        )
        .select_related("goal")
        .prefetch_related("rubric_levels")
        .order_by("goal__order", "goal__code", "order", "code")
    )
    updates = list(
        ProgressUpdate.objects.filter(
            institution_id=institution_id, indicator__goal__work_package_id__in=wp_ids
        )
        .select_related("period")
        .order_by("period__start")
    )
    current = {(u.indicator_id, u.period_id): u for u in updates}
    result = []
    for period in periods:
        items = []
        for indicator in indicators:
            if indicator.goal.work_package_id != period.work_package_id:
                continue
            if not period.is_due_for(indicator):
                continue
            earlier = [
                u
                for u in updates
                if u.indicator_id == indicator.pk
                and u.status == S.APPROVED
                and u.period.start < period.start
            ]
            last = display_value(indicator, earlier[-1].value) if earlier else "—"
            update = current.get((indicator.pk, period.pk))
            if update is not None:
                update.indicator = indicator
            items.append(ReportItem(indicator, update, last))
        result.append(OpenPeriod(period, items))
    return result


# --- The progress report (PDF) --------------------------------------------------


@dataclass
class InstitutionLine:
    """One indicator in an institution's table of a progress report."""

    indicator: Indicator
    due: bool
    update: ProgressUpdate | None = None  # the institution's update for the report's period
    latest_value: Decimal | None = None  # its latest approved value up to the period
    latest_period: ReportingPeriod | None = None
    status: progress.Status = progress.Status.NO_DATA

    @property
    def latest_display(self) -> str:
        return display_value(self.indicator, self.latest_value)

    @property
    def approved_in_period(self) -> bool:
        return self.update is not None and self.update.status == S.APPROVED


@dataclass
class InstitutionProgress:
    institution: Institution
    lines: list[InstitutionLine]

    @property
    def reported(self) -> int:
        return sum(1 for line in self.lines if line.update is not None and line.update.submitted_at)

    @property
    def expected(self) -> int:
        return sum(1 for line in self.lines if line.due)

    @property
    def late(self) -> int:
        return sum(1 for line in self.lines if line.update is not None and line.update.late)


@dataclass
class ProgressReport:
    work_package: WorkPackage
    period: ReportingPeriod
    periods: list[ReportingPeriod]
    goals: list[Goal]
    institutions: list[InstitutionProgress]

    @property
    def status_counts(self) -> list[tuple[progress.Status, int]]:
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for goal in self.goals:
            for summary in goal.summaries:
                counts[summary.status] += 1
        return [(status, counts[status]) for status in STATUS_ORDER]

    @property
    def indicator_count(self) -> int:
        return sum(len(goal.summaries) for goal in self.goals)


def progress_report(work_package: WorkPackage, period: ReportingPeriod) -> ProgressReport:
    """Everything the progress report for ``period`` shows, as things stood at its end.

    Only approved values count (towards the goals' and institutions' statuses alike);
    values of later periods are left out. The institutions are those that were members on
    the period's last day, and any other that reported for the period. Fixed query count.
    """
    periods = periods_until(work_package, period)
    goals = goal_summaries(work_package, until=period)
    indicators = [
        summary.indicator
        for goal in goals
        for summary in goal.summaries
        if summary.indicator.scope == Indicator.Scope.EACH_INSTITUTION
    ]
    updates = list(
        ProgressUpdate.objects.filter(
            indicator__in=[i.pk for i in indicators], period__in=[p.pk for p in periods]
        ).select_related("rubric_level")
    )
    reporting_ids = {u.institution_id for u in updates if u.period_id == period.pk}
    institutions = list(
        Institution.objects.filter(
            Q(memberships__in=memberships_on(period.end, group=work_package.group_id))
            | Q(pk__in=reporting_ids)
        )
        .distinct()
        .order_by("acronym")
    )
    by_key = {(u.institution_id, u.indicator_id, u.period_id): u for u in updates}
    rows = []
    for institution in institutions:
        lines = []
        for indicator in indicators:
            line = InstitutionLine(indicator, due=period.is_due_for(indicator))
            line.update = by_key.get((institution.pk, indicator.pk, period.pk))
            approved = [
                (p, u)
                for p in periods
                if (u := by_key.get((institution.pk, indicator.pk, p.pk))) is not None
                and u.status == S.APPROVED
                and u.value is not None
            ]
            if approved:
                line.latest_period, latest = approved[-1]
                line.latest_value = latest.value
                line.status = progress.status_of(
                    path_of(indicator), (line.latest_period.end, latest.value)
                )
            if line.update is not None:
                line.update.indicator = indicator
            lines.append(line)
        rows.append(InstitutionProgress(institution, lines))
    return ProgressReport(work_package, period, periods, goals, rows)


def group_reporting(*, today: datetime.date | None = None) -> list[OpenPeriod]:
    """The open periods of every work package that is not closed, with each group-scope
    indicator due in them: the group's update so far and its last approved value before
    the period. What the secretariat reports on behalf of the group."""
    today = today or timezone.localdate()
    periods = [
        p
        for p in ReportingPeriod.objects.exclude(work_package__status=WorkPackage.Status.CLOSED)
        .select_related("work_package")
        .order_by("work_package__start", "start")
        if p.is_open(today)
    ]
    if not periods:
        return []
    wp_ids = {p.work_package_id for p in periods}
    indicators = list(
        Indicator.objects.filter(goal__work_package_id__in=wp_ids, scope=Indicator.Scope.GROUP)
        .select_related("goal")
        .prefetch_related("rubric_levels")
        .order_by("goal__order", "goal__code", "order", "code")
    )
    updates = list(
        ProgressUpdate.objects.filter(
            institution__isnull=True, indicator__in=[i.pk for i in indicators]
        )
        .select_related("period")
        .order_by("period__start")
    )
    current = {(u.indicator_id, u.period_id): u for u in updates}
    result = []
    for period in periods:
        items = []
        for indicator in indicators:
            if indicator.goal.work_package_id != period.work_package_id:
                continue
            if not period.is_due_for(indicator):
                continue
            earlier = [
                u
                for u in updates
                if u.indicator_id == indicator.pk
                and u.status == S.APPROVED
                and u.period.start < period.start
            ]
            last = display_value(indicator, earlier[-1].value) if earlier else "—"
            update = current.get((indicator.pk, period.pk))
            if update is not None:
                update.indicator = indicator
            items.append(ReportItem(indicator, update, last))
        if items:
            result.append(OpenPeriod(period, items))
    return result
