"""Who may see and retry which e-mail of the outbox.

The outbox is the secretariat's: whoever holds ``view_notification`` reads every row and
whoever holds ``change_notification`` may retry one. Nobody else sees any row.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from portal.notifications.models import Notification

VIEW_PERMISSION = "notifications.view_notification"
CHANGE_PERMISSION = "notifications.change_notification"


def visible_notifications(user) -> QuerySet[Notification]:
    """The outbox rows ``user`` may read: all of them, or none."""
    if not user.has_perm(VIEW_PERMISSION):
        return Notification.objects.none()
    return Notification.objects.all()


def get_notification_for_user(user, pk: int, *, write: bool = False) -> Notification:
    """An outbox row ``user`` may read (``write``: may change); 404 for anything else."""
    rows = visible_notifications(user)
    if write and not user.has_perm(CHANGE_PERMISSION):
        rows = rows.none()
    notification = rows.filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification
