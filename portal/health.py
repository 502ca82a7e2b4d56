"""What /healthz reports, and the worker heartbeat it reads.

Each check returns a state ("ok" or a word saying what is wrong) and, where it has one, a
number for operators. A worker records a heartbeat from a timer inside the worker process
(``HeartbeatStep``), so a dead or stuck worker shows within
``HEALTH_WORKER_HEARTBEAT_MAX_SECONDS`` whether or not beat is running.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from celery import bootsteps, current_app
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Min
from django.utils import timezone

logger = logging.getLogger(__name__)

HEALTHY = ("ok", "not configured", "in-process")
# Rows of workers gone for this long are dropped, so renamed containers do not pile up.
FORGET_WORKERS_AFTER = datetime.timedelta(days=7)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not reachable"; the reason goes to the log
        logger.exception("healthz: database check failed")
        return "error"
    return "ok"


def broker_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    # The current app is portal.celery's (portal/__init__.py makes it); importing that
    # module here would close a cycle, since it imports this one for HeartbeatStep.
    app = current_app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("healthz: broker check failed")
        return "error"
    return "ok"


def _age_seconds(moment: datetime.datetime | None, now: datetime.datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def worker_state(now: datetime.datetime) -> tuple[str, dict[str, Any], str | None]:
    """A worker is expected only with a broker; without one tasks run in-process."""
    from portal.models import WorkerHeartbeat

    if not settings.REDIS_URL:
        return "in-process", {}, None
    limit = settings.HEALTH_WORKER_HEARTBEAT_MAX_SECONDS
    latest = WorkerHeartbeat.objects.order_by("-last_seen").first()
    if latest is None:
        return "no heartbeat", {"worker_last_heartbeat": None}, "worker: no heartbeat recorded"
    age = _age_seconds(latest.last_seen, now)
    details = {
        "worker_last_heartbeat": latest.last_seen.isoformat(),
        "worker_heartbeat_age_seconds": age,
    }
    if age > limit:
        return "stale", details, f"worker: last heartbeat {age} s ago (limit {limit} s)"
    return "ok", details, None


def mail_state(now: datetime.datetime) -> tuple[str, dict[str, Any], str | None]:
    """The outbox row that has waited longest past its send time (pending or sending)."""
    from portal.notifications.models import Notification

    oldest = Notification.objects.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
        next_attempt_at__lte=now,
    ).aggregate(oldest=Min("next_attempt_at"))["oldest"]
    age = _age_seconds(oldest, now)
    details = {"mail_oldest_pending_age_seconds": age}
    limit = settings.HEALTH_MAIL_MAX_AGE_MINUTES
    if age is not None and age > limit * 60:
        return "stale", details, f"mail: an e-mail has waited {age // 60} min (limit {limit} min)"
    return "ok", details, None


def documents_state(now: datetime.datetime) -> tuple[str, dict[str, Any], str | None]:
    """The document queued (or rendering) longest since its render task was sent."""
    from portal.documents.models import GeneratedDocument

    Status = GeneratedDocument.Status
    oldest = GeneratedDocument.objects.filter(
        status__in=[Status.QUEUED, Status.RENDERING]
    ).aggregate(oldest=Min("queued_at"))["oldest"]
    age = _age_seconds(oldest, now)
    details = {"documents_oldest_queued_age_seconds": age}
    limit = settings.HEALTH_DOCUMENT_MAX_AGE_MINUTES
    if age is not None and age > limit * 60:
        return (
            "stale",
            details,
            f"documents: a document has waited {age // 60} min (limit {limit} min)",
        )
    return "ok", details, None


def report() -> tuple[bool, dict[str, Any]]:
    """(healthy, the JSON body of /healthz)."""
    state: dict[str, Any] = {"database": database_state(), "broker": broker_state()}
    reasons = [f"{name}: {state[name]}" for name in state if state[name] not in HEALTHY]
    if state["database"] == "ok":
        now = timezone.now()
        for name, check in (("worker", worker_state), ("mail", mail_state)):
            state[name], details, reason = check(now)
            state |= details
            if reason:
                reasons.append(reason)
        state["documents"], details, reason = documents_state(now)
        state |= details
        if reason:
            reasons.append(reason)
    healthy = not reasons
    state["status"] = "ok" if healthy else "error"
    if reasons:
        state["reasons"] = reasons
    return healthy, state


# --- The worker's side ----------------------------------------------------------------


def record_heartbeat(*, worker: str, started_at: datetime.datetime | None = None) -> None:
    from portal.models import WorkerHeartbeat

    now = timezone.now()
    defaults: dict[str, Any] = {"last_seen": now}
    if started_at is not None:
        defaults["started_at"] = started_at
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults=defaults, create_defaults={**defaults, "started_at": now}
    )


def forget_old_workers() -> int:
    from portal.models import WorkerHeartbeat

    cutoff = timezone.now() - FORGET_WORKERS_AFTER
    return WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).delete()[0]


class HeartbeatStep(bootsteps.StartStopStep):
    """A timer in the worker that records its heartbeat every WORKER_HEARTBEAT_SECONDS.

    It runs on the worker's own timer (the consumer's event loop, beside the tasks), so it
    needs no beat and no queue: if the worker process dies or stops consuming, the
    heartbeat stops and /healthz turns 503 once it is older than the limit.
    """

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None
        self.started_at = None

    def start(self, worker) -> None:
        self.started_at = timezone.now()
        self.beat(worker, first=True)
        self.tref = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self.beat, (worker,), priority=10
        )

    def stop(self, worker) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    def beat(self, worker, first: bool = False) -> None:
        # Never let a database hiccup stop the timer: the next beat tries again.
        try:
            close_old_connections()
            record_heartbeat(worker=worker.hostname, started_at=self.started_at if first else None)
            if first:
                forget_old_workers()
        except Exception:
            logger.exception("worker heartbeat could not be recorded")
