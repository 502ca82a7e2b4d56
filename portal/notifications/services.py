"""The outbox: rules' specs become rows in one transaction; a task sends each row once.

Exactly once, as far as it can be: a row's key is unique, so a rule that runs twice (or on
two workers at once) creates one row; a sender claims a row with a conditional UPDATE
(pending → sending) before it talks to the SMTP server, so two senders never both send it.
A worker that dies after the claim leaves the row in ``sending``; after
NOTIFICATION_STALE_MINUTES it goes back to pending and is sent again. That is the one
place where a message can go out twice (the server accepted it, the worker died before it
recorded "sent"): at-least-once at the SMTP boundary cannot be avoided, so the window is
kept to the few milliseconds between the server's "250 OK" and one UPDATE.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import smtplib
import socket
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.notifications import rules as registry
from portal.notifications.emails import render_email
from portal.notifications.models import Notification, Preference
from portal.taskbase import queue_after_commit

logger = logging.getLogger(__name__)

# The Celery name of tasks.send_pending (the outbox run), queued by its name: the tasks
# import this module, so it never imports them.
SEND_TASK = "portal.notifications.tasks.send_pending"


def max_attempts() -> int:
    return settings.NOTIFICATION_MAX_ATTEMPTS


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.NOTIFICATION_STALE_MINUTES)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back-off after the ``attempts``-th failed try: doubling from a base, bounded."""
    base = settings.NOTIFICATION_RETRY_BASE_SECONDS
    ceiling = settings.NOTIFICATION_RETRY_MAX_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


# --- Creating rows ----------------------------------------------------------------


def notification_key(*, rule: str, obj, occasion: str, recipient: registry.Recipient) -> str:
    target = "-" if obj is None else f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
    key = f"{rule}|{target}|{occasion}|{recipient.ref}"
    if len(key) > 255:
        key = f"{key[:190]}#{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def muted_kinds(user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(user id, kind) pairs the users turned off."""
    rows = Preference.objects.filter(user_id__in=set(user_ids), enabled=False)
    return set(rows.values_list("user_id", "kind"))


def enabled_kinds(user) -> set[str]:
    off = set(Preference.objects.filter(user=user, enabled=False).values_list("kind", flat=True))
    return {kind.key for kind in registry.kinds()} - off


def create_notifications(*, rule: str, specs: Iterable[registry.Spec], now=None) -> list[str]:
    """Write the specs that have no row yet; returns the keys of the rows it created.

    Specs for a user who turned the kind off are dropped. Rows are rendered in the
    recipient's language now. ``ignore_conflicts`` lets two concurrent runs race safely:
    the unique key keeps one row.
    """
    now = now or timezone.now()
    by_key: dict[str, registry.Spec] = {}
    for spec in specs:
        if not spec.recipient.email:
            continue
        key = notification_key(
            rule=rule, obj=spec.obj, occasion=spec.occasion, recipient=spec.recipient
        )
        by_key.setdefault(key, spec)
    if not by_key:
        return []
    existing = set(Notification.objects.filter(key__in=by_key).values_list("key", flat=True))
    fresh = {key: spec for key, spec in by_key.items() if key not in existing}
    muted = muted_kinds(s.recipient.user_id for s in fresh.values() if s.recipient.user_id)
    rows = []
    for key, spec in fresh.items():
        recipient = spec.recipient
        if recipient.user_id and (recipient.user_id, spec.kind) in muted:
            continue
        subject, text, html = render_email(
            spec.template,
            {**spec.context, "recipient": recipient},
            language=recipient.language,
        )
        rows.append(
            Notification(
                key=key,
                rule=rule,
                kind=spec.kind,
                occasion=spec.occasion[:100],
                email=recipient.email,
                recipient_name=recipient.name[:200],
                recipient_key=recipient.ref[:120],
                language=recipient.language,
                user_id=recipient.user_id,
                content_type=(
                    ContentType.objects.get_for_model(spec.obj) if spec.obj is not None else None
                ),
                object_id=spec.obj.pk if spec.obj is not None else None,
                subject=subject,
                body_text=text,
                body_html=html,
                attachment_name=spec.attachment.filename if spec.attachment else "",
                attachment_type=spec.attachment.mimetype if spec.attachment else "",
                attachment=spec.attachment.content if spec.attachment else None,
                next_attempt_at=now,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return [row.key for row in rows]


def run_rules(*, now=None, schedule: str | None = None) -> int:
    """Ask every registered rule (of one schedule) what is due and write its rows.

    Each rule's rows are written in one transaction; a rule that raises is logged and
    rolled back without keeping the other rules' e-mails from going out. Returns how many
    rows were created; ``SEND_TASK`` is queued after the commit.
    """
    now = now or timezone.now()
    created = 0
    for rule in registry.rules(schedule):
        try:
            with transaction.atomic():
                created += len(create_notifications(rule=rule.name, specs=rule.due(now), now=now))
        except Exception:
            logger.exception("Reminder rule %s failed", rule.name)
    if created:
        queue_after_commit(SEND_TASK)
    return created


def previous_occasions(*, rule: str, objects: Iterable) -> dict[tuple[int, str], list[str]]:
    """What recipients received about ``objects`` from the rule: (object id, recipient ref) →
    occasions of rows sent (or being sent). Rows that are waiting, failed or withdrawn do
    not count, so a rule can tell "invite" from "update" by what actually went out."""
    objects = list(objects)
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(objects[0])
    rows = (
        Notification.objects.filter(
            rule=rule, content_type=content_type, object_id__in=[o.pk for o in objects]
        )
        .filter(status__in=[Notification.Status.SENT, Notification.Status.SENDING])
        .values_list("object_id", "recipient_key", "occasion")
    )
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for object_id, recipient_key, occasion in rows:
        found[(object_id, recipient_key)].append(occasion)
    return found


# --- Sending ----------------------------------------------------------------------


class PermanentError(Exception):
    pass


def _classify(exc: Exception) -> bool:
    """True when the error is temporary (worth retrying)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, ConnectionError | TimeoutError | socket.timeout | OSError)


def reclaim_stale(*, now=None) -> int:
    """Rows left in ``sending`` by a worker that died go back to pending."""
    now = now or timezone.now()
    return Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - stale_after()
    ).update(status=Notification.Status.PENDING, next_attempt_at=now)


def due_ids(*, now=None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def send_notification(*, pk: int, now=None) -> str | None:
    """Claim the row (pending → sending), send it, record the outcome.

    Returns the new status, or None when another worker holds (or already sent) the row.
    """
    now = now or timezone.now()
    claimed = Notification.objects.filter(
        pk=pk, status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    row = Notification.objects.get(pk=pk)
    if not _still_valid(row):
        Notification.objects.filter(pk=pk, status=Notification.Status.SENDING).update(
            status=Notification.Status.WITHDRAWN, claimed_at=None
        )
        return Notification.Status.WITHDRAWN
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    if row.attachment:
        message.attach(row.attachment_name, bytes(row.attachment), row.attachment_type)
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        return _record_failure(row, exc, now=now)
    Notification.objects.filter(pk=pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error="", claimed_at=None
    )
    return Notification.Status.SENT


def _still_valid(row: Notification) -> bool:
    """Ask the rule whether a row that waited (for a retry) still says something true."""
    rule = registry.get_rule(row.rule)
    if rule is None or rule.still_valid is None or row.content_type_id is None:
        return True
    target = row.target
    return target is not None and rule.still_valid(target, row.occasion)


def _record_failure(row: Notification, exc: Exception, *, now) -> str:
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    temporary = _classify(exc)
    if temporary and row.attempts < max_attempts():
        status = Notification.Status.PENDING
        next_attempt = now + retry_delay(row.attempts)
        logger.warning(
            "Notification %s: temporary error, retry at %s: %s", row.pk, next_attempt, reason
        )
    else:
        status = Notification.Status.FAILED
        next_attempt = now
        logger.error("Notification %s failed: %s", row.pk, reason)
    Notification.objects.filter(pk=row.pk, status=Notification.Status.SENDING).update(
        status=status, last_error=reason, next_attempt_at=next_attempt, claimed_at=None
    )
    return status


def send_due(*, now=None) -> dict[str, int]:
    """Reclaim stale rows, then send every due pending row; counts per outcome."""
    now = now or timezone.now()
    reclaim_stale(now=now)
    counts: dict[str, int] = defaultdict(int)
    for pk in due_ids(now=now):
        status = send_notification(pk=pk, now=now)
        counts[status or "skipped"] += 1
        if status == Notification.Status.PENDING and counts[status] >= 3:
            # The server is not answering: leave the rest for the next run.
            break
    return dict(counts)


def retry_notification(*, notification: Notification) -> bool:
    """Put a failed row back in the queue, now; False if it was not failed."""
    with transaction.atomic():
        changed = Notification.objects.filter(
            pk=notification.pk, status=Notification.Status.FAILED
        ).update(
            status=Notification.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
        )
        if changed:
            queue_after_commit(SEND_TASK)
    return bool(changed)


def set_preferences(*, user, enabled: Iterable[str]) -> None:
    """Store which registered kinds ``user`` receives (one row per kind)."""
    enabled = set(enabled)
    with transaction.atomic():
        for kind in registry.kinds():
            Preference.objects.update_or_create(
                user=user, kind=kind.key, defaults={"enabled": kind.key in enabled}
            )
