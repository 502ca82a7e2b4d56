"""What the portal e-mails about communication plans (a rule for portal.notifications).

``commsplans.recommendations`` (daily): a review whose recommendations are not all answered
RECOMMENDATION_ANSWER_DAYS after it, and again every RECOMMENDATION_REMINDER_EVERY_DAYS,
goes to the representatives and deputies of the plan's institution; once every
recommendation is answered, a reminder still waiting in the outbox is withdrawn.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commsplans.models import PlanReview
from commsplans.selectors import unanswered_recommendations
from institutions.recipients import representative_recipients
from portal.notifications import rules

RECOMMENDATIONS = "recommendation_reminders"
RECOMMENDATION_RULE = "commsplans.recommendations"


def _occasion(review_date: datetime.date, today: datetime.date) -> str | None:
    first = settings.RECOMMENDATION_ANSWER_DAYS
    every = settings.RECOMMENDATION_REMINDER_EVERY_DAYS
    age = (today - review_date).days
    if age < first:
        return None
    return f"after-{first + (age - first) // every * every}d"


def recommendations_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    today = timezone.localdate(now)
    limit = today - datetime.timedelta(days=settings.RECOMMENDATION_ANSWER_DAYS)
    open_ones: dict[int, list] = {}
    reviews: dict[int, PlanReview] = {}
    for rec in (
        unanswered_recommendations()
        .filter(review__date__lte=limit)
        .select_related("review__plan__group")
    ):
        open_ones.setdefault(rec.review_id, []).append(rec)
        reviews[rec.review_id] = rec.review
    if not reviews:
        return
    recipients = representative_recipients(
        {r.plan.institution_id for r in reviews.values()},
        group_ids={r.plan.group_id for r in reviews.values()},
        on=today,
    )
    for pk, review in reviews.items():
        occasion = _occasion(review.date, today)
        if occasion is None:
            continue
        for recipient in recipients.get(review.plan.institution_id, []):
            yield rules.Spec(
                recipient=recipient,
                kind=RECOMMENDATIONS,
                obj=review,
                occasion=occasion,
                template="emails/commsplans/recommendations",
                context={
                    "review": review,
                    "plan": review.plan,
                    "recommendations": open_ones[pk],
                    "days": (today - review.date).days,
                },
            )


def recommendations_still_valid(review: PlanReview, occasion: str) -> bool:
    return review.recommendations.filter(response="").exists()


def register() -> None:
    rules.register_kind(
        rules.Kind(
            RECOMMENDATIONS,
            _("Recommendations awaiting an answer"),
            _("When the group's recommendations on your communication plan are not answered."),
            order=50,
        )
    )
    rules.register_rule(
        rules.Rule(
            RECOMMENDATION_RULE, recommendations_due, rules.DAILY, recommendations_still_valid
        )
    )
