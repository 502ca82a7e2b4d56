from __future__ import annotations

from portal.roles import (
    COORDINATOR,
    REPRESENTATIVE,
    SECRETARIAT,
    institution_id_of,
    is_coordinator,
    is_secretariat,
)
from workpackages import selectors
from workpackages.models import WorkPackage


def home_panel(request) -> dict | None:
    """Representatives: what is still to report and by when; secretariat: the review
    queue's size and what is still to report for the group; coordinators: the status of each goal of the current work packages."""
    user = request.user
    if is_secretariat(user):
        return {
            "kind": SECRETARIAT,
            "queue_size": selectors.review_queue().count(),
            "group_outstanding": sum(p.outstanding for p in selectors.group_reporting()),
        }
    if is_coordinator(user):
        packages = WorkPackage.objects.exclude(status=WorkPackage.Status.CLOSED)
        return {
            "kind": COORDINATOR,
            "packages": [(p, selectors.goal_summaries(p)) for p in packages],
        }
    institution_id = institution_id_of(user)
    if institution_id is None:
        return None
    open_periods = [p for p in selectors.reporting_for(institution_id) if p.outstanding]
    return {"kind": REPRESENTATIVE, "open_periods": open_periods}
