from portal.notifications.models import Notification
from tests.matrix import ANON, COORD, REP, SEC, Rule, everyone, secretariat_only
from tests.notifications.factories import NotificationFactory


def world(base: dict) -> dict:
    base["failed_notification"] = NotificationFactory(status=Notification.Status.FAILED)
    return base


def failed(w):
    return {"pk": w["failed_notification"].pk}


RULES = [
    Rule("notifications:preferences", everyone()),
    Rule(
        "notifications:preferences",
        everyone(302),
        method="post",
        data=lambda w: {"kinds": ["meeting_reminders"]},
    ),
    Rule("notifications:outbox", secretariat_only()),
    Rule("notifications:retry", {ANON: 405, SEC: 405, COORD: 405, REP: 405}, kwargs=failed),
    Rule("notifications:retry", secretariat_only(302), kwargs=failed, method="post"),
]
