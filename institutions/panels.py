from django.db.models import Count

from institutions import access
from institutions.models import GroupMembership, Person


def home_panel(request) -> dict | None:
    """The user's own institution and the groups with their current member counts."""
    person = Person.objects.filter(user=request.user).select_related("institution").first()
    groups = access.visible_groups(request.user).annotate(
        member_count=Count("memberships", filter=GroupMembership.current_q("memberships__"))
    )
    return {"person": person, "groups": groups}
