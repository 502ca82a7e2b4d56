"""Reads of communication plans, for views here and for other apps (PDFs, reminders).

Who may read what is for commsplans.access; these take what it allows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from commsplans.models import (
    Activity,
    CommunicationPlan,
    PlanReview,
    Recommendation,
)
from institutions.models import Institution
from institutions.selectors import members_of

# --- Whole plans ----------------------------------------------------------------


def plan_with_content(*, pk: int) -> CommunicationPlan | None:
    """One plan with every section, its versions, reviews and recommendations prefetched:
    what a detail page or a PDF needs, in a fixed number of queries. Who may read it is
    for the caller to have asked commsplans.access."""
    return (
        CommunicationPlan.objects.select_related("institution", "group")
        .prefetch_related(
            "goals",
            "objectives__goal",
            "audiences",
            "channels",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("objective").prefetch_related(
                    "audiences", "channels"
                ),
            ),
            "kpis__indicator",
            "risks",
            "review_dates",
            "versions",
            Prefetch(
                "reviews",
                queryset=PlanReview.objects.select_related("meeting", "version")
                .prefetch_related("recommendations")
                .order_by("date", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def latest_review(plan: CommunicationPlan) -> PlanReview | None:
    """The review the plan's current content answers: the latest, by date."""
    return plan.reviews.select_related("version", "meeting").order_by("-date", "-pk").first()


def plan_for_document(pk: int) -> CommunicationPlan | None:
    """Everything a PDF of the plan shows."""
    return plan_with_content(pk=pk)


# --- Lists ----------------------------------------------------------------------


def unanswered_recommendations(
    *, institution: Institution | int | None = None
) -> QuerySet[Recommendation]:
    """Recommendations nobody has answered yet (for the home page and reminders)."""
    rows = Recommendation.objects.filter(response="").select_related(
        "review__plan__institution", "review__meeting"
    )
    if institution is not None:
        rows = rows.filter(review__plan__institution=institution)
    return rows.order_by("review__date", "review__plan_id", "order")


def plans_awaiting_review() -> QuerySet[CommunicationPlan]:
    return (
        CommunicationPlan.objects.filter(status__in=CommunicationPlan.AWAITING_REVIEW)
        .select_related("institution", "group")
        .order_by("updated_at")
    )


def plans_with_counts(plans: QuerySet[CommunicationPlan]) -> QuerySet[CommunicationPlan]:
    return plans.annotate(
        activity_count=Count("activities", distinct=True),
        open_recommendations=Count(
            "reviews__recommendations",
            filter=Q(reviews__recommendations__response=""),
            distinct=True,
        ),
    )


@dataclass
class InstitutionRow:
    institution: Institution
    plans: list[CommunicationPlan] = field(default_factory=list)


def plan_status_by_institution(*, year: int) -> list[InstitutionRow]:
    """Every current member institution of any group, with its plans covering ``year``."""
    on = datetime.date(year, 12, 31)
    institutions = members_of(on=on).order_by("acronym")
    rows = {i.pk: InstitutionRow(i) for i in institutions}
    plans = CommunicationPlan.objects.filter(
        start_year__lte=year, end_year__gte=year
    ).select_related("group", "institution")
    for plan in plans:
        rows.setdefault(plan.institution_id, InstitutionRow(plan.institution)).plans.append(plan)
    return sorted(rows.values(), key=lambda row: row.institution.acronym)


@dataclass
class TimelineRow:
    activity: Activity
    months: list[bool]


def activity_timeline(*, year: int) -> list[TimelineRow]:
    """All plans' activities running in ``year``, each with the months it covers."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    activities = (
        Activity.objects.filter(start__lte=last, end__gte=first)
        .select_related("plan__institution", "objective")
        .order_by("plan__institution__acronym", "start", "pk")
    )
    rows = []
    for activity in activities:
        months = []
        for month in range(1, 13):
            month_start = datetime.date(year, month, 1)
            month_end = (
                datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
                if month < 12
                else last
            )
            months.append(activity.start <= month_end and activity.end >= month_start)
        rows.append(TimelineRow(activity, months))
    return rows


def overview_years() -> list[int]:
    """Years any plan covers, newest first."""
    years: set[int] = set()
    for start, end in CommunicationPlan.objects.values_list("start_year", "end_year"):
        years.update(range(start, end + 1))
    return sorted(years, reverse=True)
