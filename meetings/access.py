"""Who may see and do what with meetings and their parts: the one place that says so.

``visible_<objects>(user)`` is what the user may read; ``get_<object>_for_user`` answers
404 for anything outside it (``write=True`` narrows to what the user may change);
``can_<action>(user, obj)`` says whether the user may do that action now. Views, the
``meetings_access`` template tag, exports, documents and the .ics ask these and nothing
else, so a page offers a button exactly when the server allows it.

Internal agenda items, their decisions, action items and files, and internal decisions
stay with the secretariat and coordinators (``can_see_internal``): the single filter is
``_hide_internal``. Outputs made without a reader (e-mails, the institution report,
"matters arising") use ``for_wider_circulation``; counts on lists use ``counted_q``.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Q, QuerySet
from django.http import Http404

from meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Decision,
    Guest,
    Meeting,
    Minutes,
    MinutesComment,
)
from meetings.services import TRANSITIONS
from portal import roles

NOT_HELD = (Meeting.Status.PLANNED, Meeting.Status.CANCELLED)


# --- Reading --------------------------------------------------------------------


def is_member(user) -> bool:
    return roles.role_of(user) is not None


def can_see_internal(user, obj=None) -> bool:
    """Internal agenda items and decisions: the secretariat and coordinators only."""
    return roles.can_read_all(user)


def visible_meetings(user) -> QuerySet[Meeting]:
    """Every member reads every meeting of the portal's groups."""
    meetings = Meeting.objects.select_related("group", "organiser", "host")
    return meetings if is_member(user) else meetings.none()


def _of_visible_meetings(user, queryset: QuerySet) -> QuerySet:
    """Parts of meetings follow their meeting: members read them all."""
    if not is_member(user):
        return queryset.none()
    return queryset


def internal_q(*, item_path: str | None = "agenda_item", own: bool = False, prefix: str = "") -> Q:
    """The rows that are internal: hanging on an internal agenda item (``item_path``) or,
    with ``own``, marked internal themselves; ``prefix`` reaches them through a relation."""
    conditions = []
    if item_path:
        conditions.append(Q(**{f"{prefix}{item_path}__internal": True}))
    if own:
        conditions.append(Q(**{f"{prefix}internal": True}))
    return reduce(operator.or_, conditions)


def for_wider_circulation(queryset: QuerySet, *, item_path="agenda_item", own=False) -> QuerySet:
    """What may go to anyone: e-mails, the institution report and other documents that
    representatives receive leave internal items out whoever asked for them."""
    return queryset.exclude(internal_q(item_path=item_path, own=own))


def _hide_internal(
    user, queryset: QuerySet, *, item_path: str | None, own: bool = False
) -> QuerySet:
    """Leave out what hangs on internal agenda items (and, with ``own``, internal rows)."""
    if can_see_internal(user):
        return queryset
    return for_wider_circulation(queryset, item_path=item_path, own=own)


def counted_q(user, relation: str) -> Q | None:
    """A filter for counting a meeting's ``agenda_items`` or ``decisions`` that ``user``
    may see (None: all of them), so a list's numbers do not reveal internal rows."""
    if can_see_internal(user):
        return None
    item_path = None if relation == "agenda_items" else "agenda_item"
    return ~internal_q(item_path=item_path, own=True, prefix=f"{relation}__")


def visible_agenda_items(user) -> QuerySet[AgendaItem]:
    items = _of_visible_meetings(user, AgendaItem.objects.select_related("meeting"))
    return _hide_internal(user, items, item_path=None, own=True)


def visible_decisions(user) -> QuerySet[Decision]:
    decisions = _of_visible_meetings(
        user, Decision.objects.select_related("meeting", "meeting__group", "agenda_item")
    )
    return _hide_internal(user, decisions, item_path="agenda_item", own=True)


def visible_action_items(user) -> QuerySet[ActionItem]:
    items = _of_visible_meetings(
        user,
        ActionItem.objects.select_related("meeting", "meeting__group", "owner", "owner_person"),
    )
    return _hide_internal(user, items, item_path="agenda_item")


def visible_attachments(user) -> QuerySet[Attachment]:
    files = _of_visible_meetings(user, Attachment.objects.select_related("meeting"))
    return _hide_internal(user, files, item_path="agenda_item")


def visible_guests(user) -> QuerySet[Guest]:
    return _of_visible_meetings(user, Guest.objects.select_related("meeting"))


def visible_minutes(user) -> QuerySet[Minutes]:
    """Revisions of the minutes (each revision is a ``Minutes`` row)."""
    return _of_visible_meetings(user, Minutes.objects.select_related("meeting"))


def visible_comments(user) -> QuerySet[MinutesComment]:
    return _of_visible_meetings(user, MinutesComment.objects.select_related("meeting"))


def _one(queryset: QuerySet, pk: int):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    return _one(visible_meetings(user), pk)


def get_agenda_item_for_user(user, pk: int, *, write: bool = False) -> AgendaItem:
    return _one(visible_agenda_items(user), pk)


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    return _one(visible_decisions(user), pk)


def get_action_item_for_user(user, pk: int, *, write: bool = False) -> ActionItem:
    """With ``write``, representatives reach only their own institution's action items."""
    items = visible_action_items(user)
    if write and not roles.is_secretariat(user):
        items = items.filter(owner_id=roles.institution_id_of(user) or -1)
    return _one(items, pk)


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> Attachment:
    return _one(visible_attachments(user), pk)


def get_guest_for_user(user, pk: int, *, write: bool = False) -> Guest:
    return _one(visible_guests(user), pk)


# --- Doing ----------------------------------------------------------------------


def can_create_meeting(user, obj=None) -> bool:
    return user.has_perm("meetings.add_meeting")


def can_edit_meeting(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.change_meeting")


def status_choices(meeting: Meeting) -> list[str]:
    return sorted(TRANSITIONS.get(meeting.status, set()))


def can_change_status(user, meeting: Meeting) -> bool:
    return can_edit_meeting(user, meeting) and bool(status_choices(meeting))


def can_approve_minutes(user, meeting: Meeting) -> bool:
    return can_edit_meeting(user, meeting) and Meeting.Status.MINUTES_APPROVED in status_choices(
        meeting
    )


def can_add_agenda_item(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.add_agendaitem")


def can_add_matters_arising(user, meeting: Meeting) -> bool:
    """Offered whenever agenda items may be added; with nothing open the page says so."""
    return can_add_agenda_item(user, meeting)


def can_edit_agenda_item(user, item: AgendaItem | Meeting | None = None) -> bool:
    return user.has_perm("meetings.change_agendaitem")


def can_delete_agenda_item(user, item: AgendaItem | None = None) -> bool:
    return user.has_perm("meetings.delete_agendaitem")


def can_record_attendance(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.change_attendance")


def can_add_guest(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.add_guest")


def can_delete_guest(user, guest: Guest | None = None) -> bool:
    return user.has_perm("meetings.delete_guest")


def can_export_attendance(user, meeting: Meeting) -> bool:
    return is_member(user)


def can_add_decision(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.add_decision")


def can_edit_decision(user, decision: Decision | None = None) -> bool:
    return user.has_perm("meetings.change_decision")


def can_add_action_item(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.add_actionitem")


def can_edit_action_item(user, item: ActionItem | None = None) -> bool:
    return user.has_perm("meetings.change_actionitem")


def can_mark_done(user, item: ActionItem) -> bool:
    """The secretariat closes any open action item; a representative their institution's."""
    if item.status != ActionItem.Status.OPEN or not user.has_perm("meetings.mark_actionitem_done"):
        return False
    return roles.is_secretariat(user) or item.owner_id == roles.institution_id_of(user)


def can_write_minutes(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.change_minutes") and meeting.status not in NOT_HELD


def can_comment(user, meeting: Meeting) -> bool:
    return (
        user.has_perm("meetings.comment_minutes")
        and meeting.status == Meeting.Status.MINUTES_CIRCULATED
    )


def can_add_attachment(user, meeting: Meeting) -> bool:
    return user.has_perm("meetings.add_attachment")


def can_delete_attachment(user, attachment: Attachment | None = None) -> bool:
    return user.has_perm("meetings.delete_attachment")


def can_download_calendar(user, meeting: Meeting) -> bool:
    return is_member(user)


def can_get_minutes(user, obj=None) -> bool:
    """Minutes documents: every member role (representatives without internal items)."""
    return roles.can_read_all(user) or roles.is_representative(user)


def can_get_minutes_with_internal(user, obj=None) -> bool:
    return can_see_internal(user)


# The actions the ``meetings_access`` template tag answers, by name.
ACTIONS = {
    name.removeprefix("can_"): function
    for name, function in list(globals().items())
    if name.startswith("can_") and callable(function)
}
