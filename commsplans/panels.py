from __future__ import annotations

from commsplans import access, selectors
from portal.roles import REPRESENTATIVE, SECRETARIAT, institution_id_of, role_of


def home_panel(request) -> dict | None:
    """A representative's plans and unanswered recommendations; for the secretariat,
    the plans waiting for a review. Coordinators open the overview from the menu."""
    role = role_of(request.user)
    if role == REPRESENTATIVE and institution_id_of(request.user):
        institution_id = institution_id_of(request.user)
        plans = access.visible_plans(request.user).order_by("-start_year")[:3]
        recommendations = selectors.unanswered_recommendations(institution=institution_id)
        return {"plans": list(plans), "unanswered": list(recommendations[:10]), "own": True}
    if role == SECRETARIAT:
        return {"awaiting": list(selectors.plans_awaiting_review()), "own": False}
    return None
