"""Who may see and do what with communication plans: the one place that says it.

Views, templates (through the predicates the views put in the context), the plan PDF
kind and the home panel ask these and nothing else.

- The secretariat and coordinators read every plan; a representative reads only their
  own institution's plans, drafts included, and never another institution's.
- Only a representative of the plan's institution changes its content (period, context,
  goals and the sections' rows), and only while the plan is in the institution's hands
  (``CommunicationPlan.is_editable``); they submit it and answer the recommendations.
- The secretariat records reviews and approves plans awaiting review.

``get_<object>_for_user`` answer 404 for what is out of the user's reach, so guessing
another institution's URLs tells nothing. Role checks (403) stay in the views'
decorators; the status of a plan (locked, awaiting review) is for the services.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from commsplans.models import (
    CommunicationPlan,
    PlanReview,
    PlanVersion,
    Recommendation,
    Section,
)
from commsplans.selectors import latest_review
from commsplans.services import submission_blocker
from institutions.models import Institution
from portal.roles import (
    COORDINATOR,
    REPRESENTATIVE,
    SECRETARIAT,
    can_read_all,
    institution_id_of,
    role_of,
)

ADD_PLAN = "commsplans.add_communicationplan"
CHANGE_PLAN = "commsplans.change_communicationplan"
REVIEW_PLAN = "commsplans.review_communicationplan"
ANSWER_RECOMMENDATION = "commsplans.answer_recommendation"
REQUEST_DOCUMENT = "documents.add_generateddocument"

# The roles that see the overview of every institution's plans and the activity timeline.
OVERVIEW_ROLES = (SECRETARIAT, COORDINATOR)


def _own_institution_id(user) -> int | None:
    """The institution a representative speaks for; None for everyone else."""
    if role_of(user) != REPRESENTATIVE:
        return None
    return institution_id_of(user)


# --- Querysets ------------------------------------------------------------------


def visible_plans(user) -> QuerySet[CommunicationPlan]:
    """The plans ``user`` may read: all for secretariat and coordinators, else their own."""
    plans = CommunicationPlan.objects.select_related("institution", "group")
    if can_read_all(user):
        return plans
    if institution_id := _own_institution_id(user):
        return plans.filter(institution_id=institution_id)
    return plans.none()


def writable_plans(user) -> QuerySet[CommunicationPlan]:
    """The plans whose content ``user`` may change when the plan's status allows it."""
    institution_id = _own_institution_id(user)
    if not institution_id or not user.has_perm(CHANGE_PLAN):
        return CommunicationPlan.objects.none()
    return CommunicationPlan.objects.select_related("institution", "group").filter(
        institution_id=institution_id
    )


def visible_versions(user) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan__in=visible_plans(user))


def visible_reviews(user) -> QuerySet[PlanReview]:
    return PlanReview.objects.filter(plan__in=visible_plans(user))


def visible_recommendations(user) -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related(
        "review__plan__institution", "review__meeting"
    ).filter(review__plan__in=visible_plans(user))


def answerable_recommendations(user) -> QuerySet[Recommendation]:
    """Recommendations to plans of the user's own institution, if they may answer."""
    if not user.has_perm(ANSWER_RECOMMENDATION):
        return Recommendation.objects.none()
    institution_id = _own_institution_id(user)
    if not institution_id:
        return Recommendation.objects.none()
    return Recommendation.objects.select_related(
        "review__plan__institution", "review__meeting"
    ).filter(review__plan__institution_id=institution_id)


# --- One object or 404 ----------------------------------------------------------


def get_plan_for_user(user, pk: int, *, write: bool = False) -> CommunicationPlan:
    """The plan, if ``user`` may read it (or, with ``write``, change it); 404 otherwise.

    Only the institution's representatives change a plan's content; the secretariat
    reviews through its own views.
    """
    plans = writable_plans(user) if write else visible_plans(user)
    plan = plans.filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_recommendation_for_user(user, pk: int, *, write: bool = False) -> Recommendation:
    """A recommendation the user may read (or, with ``write``, answer); 404 otherwise."""
    rows = answerable_recommendations(user) if write else visible_recommendations(user)
    recommendation = rows.filter(pk=pk).first()
    if recommendation is None:
        raise Http404
    return recommendation


def get_latest_review_for_user(user, plan: CommunicationPlan) -> PlanReview:
    """The review a plan's changes are compared with; 404 when the plan is out of reach
    or has no review yet (there is nothing to compare)."""
    review = latest_review(plan) if can_view_plan(user, plan) else None
    if review is None:
        raise Http404
    return review


def get_section(key: str) -> Section:
    """A section edited row by row: every section but the context (the plan form has it)."""
    if key not in Section.values or key == Section.CONTEXT:
        raise Http404
    return Section(key)


def get_institution_for_new_plan(user) -> Institution:
    """The institution a new plan of ``user`` is for; 404 for who speaks for none."""
    institution = Institution.objects.filter(pk=institution_id_of(user)).first()
    if institution is None or not user.has_perm(ADD_PLAN):
        raise Http404
    return institution


# --- Predicates -----------------------------------------------------------------


def is_own_plan(user, plan: CommunicationPlan) -> bool:
    """The plan is of the institution ``user`` represents."""
    institution_id = _own_institution_id(user)
    return bool(institution_id) and plan.institution_id == institution_id


def can_view_plan(user, plan: CommunicationPlan) -> bool:
    return can_read_all(user) or is_own_plan(user, plan)


def can_view_overview(user) -> bool:
    return role_of(user) in OVERVIEW_ROLES


def can_create_plan(user) -> bool:
    return (
        user.has_perm(ADD_PLAN) and Institution.objects.filter(pk=institution_id_of(user)).exists()
    )


def can_edit_plan(user, plan: CommunicationPlan) -> bool:
    """Change the period, context, goals and every section's rows."""
    return is_own_plan(user, plan) and user.has_perm(CHANGE_PLAN) and plan.is_editable


def can_submit_plan(user, plan: CommunicationPlan) -> bool:
    """Send a draft for review, or a reviewed plan back revised, once its content is ready
    (services.submission_blocker says what is missing)."""
    return can_edit_plan(user, plan) and submission_blocker(plan) is None


def can_review_plan(user, plan: CommunicationPlan) -> bool:
    """Record the group's review of a plan awaiting it."""
    return user.has_perm(REVIEW_PLAN) and can_view_plan(user, plan) and plan.awaits_review


def can_approve_plan(user, plan: CommunicationPlan) -> bool:
    return can_review_plan(user, plan)


def can_answer_recommendation(user, recommendation: Recommendation) -> bool:
    return user.has_perm(ANSWER_RECOMMENDATION) and is_own_plan(user, recommendation.review.plan)


def can_view_versions(user, plan: CommunicationPlan, *, reviewed: bool | None = None) -> bool:
    """Compare the plan with the version last reviewed (there must be a review).

    ``reviewed`` saves a query when the caller already knows whether there is one.
    """
    if reviewed is None:
        reviewed = plan.reviews.exists()
    return reviewed and can_view_plan(user, plan)


def can_download_plan(user, plan: CommunicationPlan) -> bool:
    """Request and download the plan as a PDF."""
    return user.has_perm(REQUEST_DOCUMENT) and can_view_plan(user, plan)
