from meetings import access
from meetings.models import Meeting
from meetings.selectors import next_meeting, open_action_items
from portal.roles import institution_id_of, is_representative, is_secretariat


def home_panel(request) -> dict:
    """The next meeting for everyone; own open action items for representatives;
    minutes not yet approved for the secretariat."""
    user = request.user
    context = {"next_meeting": next_meeting(), "action_items": None, "drafts": None}
    if is_representative(user):
        institution_id = institution_id_of(user)
        if institution_id:
            items = open_action_items(institution_id).filter(
                pk__in=access.visible_action_items(user).values("pk")
            )
            context["action_items"] = list(items[:10])
    if is_secretariat(user):
        context["drafts"] = list(
            Meeting.objects.filter(
                status__in=[
                    Meeting.Status.HELD,
                    Meeting.Status.MINUTES_DRAFT,
                    Meeting.Status.MINUTES_CIRCULATED,
                ]
            ).order_by("-date")[:10]
        )
    return context
