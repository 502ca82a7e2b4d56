"""Writes that touch several rows of a communication plan, each in one transaction."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.forms import BaseInlineFormSet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commsplans.models import (
    KPI,
    Activity,
    Audience,
    Channel,
    CommunicationPlan,
    Objective,
    PlanReview,
    PlanVersion,
    Recommendation,
    ReviewDate,
    Risk,
    Section,
)
from commsplans.selectors import latest_review
from institutions.models import Institution, WorkingGroup
from meetings.models import Meeting
from portal import concurrency
from portal.concurrency import StaleSave
from workpackages.models import Goal

Status = CommunicationPlan.Status


class PlanError(Exception):
    """A step the plan's status or content does not allow; the message is for the user."""


class PlanLocked(PlanError):
    """The plan is with the group: its content cannot change now."""


class StalePlan(PlanError, StaleSave):
    """The plan was saved by someone else after the form was loaded (``current`` is the
    plan as saved now)."""


# --- Snapshots and differences ------------------------------------------------


def _lines(plan: CommunicationPlan) -> dict[str, list[str]]:
    """Each section of the plan as readable lines (language-neutral codes kept as shown)."""
    lines: dict[str, list[str]] = {key: [] for key in Section.values}
    lines[Section.CONTEXT] = [
        line.strip() for line in plan.context.splitlines() if line.strip()
    ] + [f"{_('Period')}: {plan.period_label}"]
    for objective in plan.objectives.all():
        goal = f" [{objective.goal.code}]" if objective.goal_id else ""
        text = f"{objective.title}{goal}"
        if objective.description:
            text += f": {objective.description}"
        lines[Section.OBJECTIVES].append(text)
    for audience in plan.audiences.all():
        messages = "; ".join(audience.message_list)
        lines[Section.AUDIENCES].append(
            f"{audience.name}: {messages}" if messages else audience.name
        )
    for channel in plan.channels.all():
        lines[Section.CHANNELS].append(
            f"{channel.name}: {channel.description}" if channel.description else channel.name
        )
    for activity in plan.activities.all():
        parts = [
            activity.title,
            f"{activity.start:%Y-%m-%d}–{activity.end:%Y-%m-%d}",
            activity.responsible,
            str(activity.get_status_display()),
        ]
        if activity.objective_id:
            parts.append(activity.objective.title)
        audiences = ", ".join(a.name for a in activity.audiences.all())
        channels = ", ".join(c.name for c in activity.channels.all())
        if audiences:
            parts.append(audiences)
        if channels:
            parts.append(channels)
        if activity.budget is not None:
            parts.append(f"{activity.budget} BAM")
        lines[Section.ACTIVITIES].append(" · ".join(parts))
    for kpi in plan.kpis.all():
        tied = f" [{kpi.indicator.code}]" if kpi.indicator_id else ""
        lines[Section.KPIS].append(
            f"{kpi.get_level_display()}: {kpi.description}{tied} "
            f"({_('baseline')} {kpi.baseline}, {_('target')} {kpi.target})"
        )
    for risk in plan.risks.all():
        lines[Section.RISKS].append(
            f"{risk.description}: {risk.mitigation}" if risk.mitigation else risk.description
        )
    for review_date in plan.review_dates.all():
        lines[Section.REVIEW_DATES].append(str(review_date))
    return lines


def plan_snapshot(plan: CommunicationPlan) -> dict:
    """The plan's whole content as JSON-ready data.

    Labels are written in one fixed language, so that comparing a snapshot with the
    current content never shows a change that is only the reader's language.
    """
    with translation.override("en"):
        sections = _lines(plan)
    return {
        "status": plan.status,
        "period": plan.period_label,
        "taken_at": timezone.now().isoformat(),
        "sections": sections,
    }


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: str
    rows: list[tuple[str, str]]  # ("added" | "removed" | "same", line)

    @property
    def changed(self) -> bool:
        return any(kind != "same" for kind, _line in self.rows)


def plan_diff(before: dict, after: dict) -> list[SectionDiff]:
    """Per section, which lines were removed, added or kept between two snapshots."""
    result = []
    for key, label in Section.choices:
        old = before.get("sections", {}).get(key, [])
        new = after.get("sections", {}).get(key, [])
        rows = []
        for line in difflib.ndiff(old, new):
            code, text = line[:2], line[2:]
            if code == "- ":
                rows.append(("removed", text))
            elif code == "+ ":
                rows.append(("added", text))
            elif code == "  ":
                rows.append(("same", text))
        result.append(SectionDiff(key=key, label=str(label), rows=rows))
    return result


def _save_version(plan: CommunicationPlan, by) -> PlanVersion:
    last = plan.versions.aggregate(n=Max("number"))["n"] or 0
    return PlanVersion.objects.create(
        plan=plan, number=last + 1, snapshot=plan_snapshot(plan), created_by=by
    )


def _move(plan: CommunicationPlan, *, from_: tuple, to: str) -> None:
    """Change the status only if it still is one of ``from_`` (a conditional UPDATE)."""
    changed = CommunicationPlan.objects.filter(pk=plan.pk, status__in=from_).update(
        status=to, updated_at=timezone.now()
    )
    if not changed:
        raise PlanError(_("The plan has moved on in the meantime; reload the page."))
    plan.status = to


# --- Changing the content -----------------------------------------------------


def ensure_editable(plan: CommunicationPlan) -> None:
    """The lock rule: the content changes only while the plan is in the institution's
    hands (a draft, or reviewed and being revised); raises PlanLocked otherwise."""
    if not plan.is_editable:
        raise PlanLocked(
            _("The plan is with the group (%(status)s) and cannot be changed now.")
            % {"status": plan.get_status_display()}
        )


def _check_version(plan: CommunicationPlan, version: int | None) -> None:
    try:
        concurrency.check(plan, version)
    except StaleSave as stale:
        raise StalePlan(
            stale.current,
            _(
                "Someone saved this plan at %(when)s, after you opened the form. "
                "Nothing was saved: reload the page, check their changes and enter yours again."
            )
            % {"when": timezone.localtime(plan.updated_at).strftime("%H:%M:%S")},
        ) from None


def _lock_for_change(plan: CommunicationPlan, version: int | None) -> CommunicationPlan:
    """The plan's row, locked until the transaction ends, after the lock and version checks.

    ``version`` is the one the form was loaded with; None (a client that sends none)
    skips the version check but never the lock rule.
    """
    locked = concurrency.lock(plan)
    ensure_editable(locked)
    _check_version(locked, version)
    return locked


def _saved(locked: CommunicationPlan, plan: CommunicationPlan, *fields: str) -> None:
    """Save ``fields`` with the next version, and tell the caller's copy of the plan."""
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    plan.version, plan.updated_at = locked.version, locked.updated_at


@dataclass(frozen=True)
class PlanChanges:
    """What the plan form changes: the period, the context and the linked goals."""

    start_year: int
    end_year: int
    context: str
    goals: Iterable[Goal]


@transaction.atomic
def plan_update(
    *, plan: CommunicationPlan, changes: PlanChanges, version: int | None
) -> CommunicationPlan:
    """Save the plan form's fields; refused (PlanLocked, StalePlan) with nothing saved."""
    locked = _lock_for_change(plan, version)
    for name in ("start_year", "end_year", "context"):
        setattr(locked, name, getattr(changes, name))
    _saved(locked, plan, "start_year", "end_year", "context")
    locked.goals.set(changes.goals)
    return locked


@transaction.atomic
def section_save(*, plan: CommunicationPlan, rows: BaseInlineFormSet, version: int | None) -> list:
    """Save a section's rows (a valid formset of the plan's rows); returns the rows saved.

    Refused (PlanLocked, StalePlan) with nothing saved.
    """
    locked = _lock_for_change(plan, version)
    saved = rows.save()
    _saved(locked, plan)
    return saved


# --- Creating a plan ----------------------------------------------------------


def previous_plan(
    *, institution: Institution, group: WorkingGroup, before_year: int
) -> CommunicationPlan | None:
    return (
        CommunicationPlan.objects.filter(
            institution=institution, group=group, start_year__lt=before_year
        )
        .order_by("-start_year")
        .first()
    )


@transaction.atomic
def plan_create(
    *,
    institution: Institution,
    group: WorkingGroup,
    start_year: int,
    end_year: int,
    copy_previous: bool = False,
) -> CommunicationPlan:
    """A new draft plan; with ``copy_previous`` it starts as a copy of the previous period's.

    Copied activities and review dates move forward by the difference in years, so
    they fall inside the new period; their status starts again.
    """
    source = None
    if copy_previous:
        source = previous_plan(institution=institution, group=group, before_year=start_year)
        if source is None:
            raise PlanError(_("There is no earlier plan of this institution to copy."))
    plan = CommunicationPlan.objects.create(
        institution=institution,
        group=group,
        start_year=start_year,
        end_year=end_year,
        context=source.context if source else "",
    )
    if source is None:
        return plan
    shift = start_year - source.start_year
    plan.goals.set(source.goals.all())
    objectives = {}
    for objective in source.objectives.all():
        objectives[objective.pk] = Objective.objects.create(
            plan=plan, title=objective.title, description=objective.description, goal=objective.goal
        )
    audiences = {
        a.pk: Audience.objects.create(plan=plan, name=a.name, key_messages=a.key_messages)
        for a in source.audiences.all()
    }
    channels = {
        c.pk: Channel.objects.create(plan=plan, name=c.name, description=c.description)
        for c in source.channels.all()
    }
    for activity in source.activities.prefetch_related("audiences", "channels"):
        start, end = _shift(activity.start, shift), _shift(activity.end, shift)
        if start < plan.period_start or end > plan.period_end:
            # A longer earlier period can hold activities the new one cannot: leave them out.
            continue
        copy = Activity.objects.create(
            plan=plan,
            title=activity.title,
            objective=objectives.get(activity.objective_id),
            responsible=activity.responsible,
            start=start,
            end=end,
            budget=activity.budget,
        )
        copy.audiences.set([audiences[a.pk] for a in activity.audiences.all()])
        copy.channels.set([channels[c.pk] for c in activity.channels.all()])
    KPI.objects.bulk_create(
        KPI(
            plan=plan,
            level=k.level,
            description=k.description,
            baseline=k.baseline,
            target=k.target,
            indicator=k.indicator,
        )
        for k in source.kpis.all()
    )
    Risk.objects.bulk_create(
        Risk(plan=plan, description=r.description, mitigation=r.mitigation)
        for r in source.risks.all()
    )
    ReviewDate.objects.bulk_create(
        ReviewDate(plan=plan, date=_shift(d.date, shift), note=d.note)
        for d in source.review_dates.all()
    )
    return plan


def _shift(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


# --- The review cycle ---------------------------------------------------------


def submission_blocker(plan: CommunicationPlan) -> str | None:
    """What the content still lacks before the plan can go to the group, or None.

    A draft needs an objective and an activity; a reviewed plan goes back revised once
    every recommendation of its latest review is answered. (Whether the status lets it
    go at all is the lock rule.)
    """
    if plan.status == Status.REVIEWED:
        review = latest_review(plan)
        if review and review.recommendations.filter(response="").exists():
            return _("Answer every recommendation before sending the revised plan.")
        return None
    if not plan.objectives.exists() or not plan.activities.exists():
        return _("A plan needs at least one objective and one activity to be submitted.")
    return None


@transaction.atomic
def plan_submit(*, plan: CommunicationPlan, by) -> PlanVersion:
    """The institution sends its draft to the group; the content is kept as version 1."""
    if blocker := submission_blocker(plan):
        raise PlanError(blocker)
    _move(plan, from_=(Status.DRAFT,), to=Status.SUBMITTED)
    return _save_version(plan, by)


@transaction.atomic
def plan_submit_revision(*, plan: CommunicationPlan, by) -> PlanVersion:
    """After a review: every recommendation answered, the revised plan goes back."""
    if blocker := submission_blocker(plan):
        raise PlanError(blocker)
    _move(plan, from_=(Status.REVIEWED,), to=Status.REVISED)
    return _save_version(plan, by)


@dataclass(frozen=True)
class NewRecommendation:
    """One row of a review: the section it points at ("" for the plan as a whole)."""

    section: str
    text: str


@transaction.atomic
def review_record(
    *,
    plan: CommunicationPlan,
    date: datetime.date,
    meeting: Meeting | None = None,
    reviewer: str = "",
    summary: str = "",
    recommendations: Iterable[NewRecommendation],
    by,
) -> PlanReview:
    """The group's review of the version awaiting review, with one row per recommendation."""
    if meeting is None and not reviewer.strip():
        raise PlanError(_("Name the meeting or the reviewer."))
    version = plan.versions.order_by("-number").first()
    if version is None:
        raise PlanError(_("The plan has not been submitted yet."))
    _move(plan, from_=CommunicationPlan.AWAITING_REVIEW, to=Status.REVIEWED)
    review = PlanReview.objects.create(
        plan=plan,
        version=version,
        meeting=meeting,
        reviewer=reviewer.strip(),
        date=date,
        summary=summary,
        created_by=by,
    )
    Recommendation.objects.bulk_create(
        Recommendation(review=review, section=row.section, text=row.text.strip(), order=i)
        for i, row in enumerate(recommendations, start=1)
    )
    return review


def recommendation_answer(
    *, recommendation: Recommendation, response: str, reason: str = "", by
) -> Recommendation:
    if response == Recommendation.Response.DECLINED and not reason.strip():
        raise PlanError(_("Say why the recommendation is declined."))
    recommendation.response = response
    recommendation.reason = reason.strip()
    recommendation.answered_at = timezone.now()
    recommendation.answered_by = by
    recommendation.save(update_fields=["response", "reason", "answered_at", "answered_by"])
    return recommendation


@transaction.atomic
def plan_approve(*, plan: CommunicationPlan, by) -> CommunicationPlan:
    _move(plan, from_=CommunicationPlan.AWAITING_REVIEW, to=Status.APPROVED)
    return plan
