"""Thin Celery tasks: the services do the work (and queue ``RENDER_TASK`` by its name)."""

from celery import shared_task
from django.conf import settings

from portal.documents import services

# The hard limit stops a render that hangs (the pool replaces its process); the soft one,
# shortly before, lets it fail with a reason a person can read. A claim older than the hard
# limit belongs to a dead worker, and the sweep queues the document again.
RENDER_TIME_LIMIT = settings.DOCUMENT_RENDER_TIME_LIMIT
RENDER_SOFT_TIME_LIMIT = max(1, RENDER_TIME_LIMIT * 9 // 10)


@shared_task(
    name=services.RENDER_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=RENDER_SOFT_TIME_LIMIT,
    time_limit=RENDER_TIME_LIMIT,
)
def render_document(document_id: int) -> None:
    """Render one document; retry-safe: a rerun finds nothing to claim and does nothing."""
    services.render_document(document_id=document_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep() -> dict[str, int]:
    """Beat, every minute: re-queue documents of dead workers, send what the broker missed."""
    return services.sweep_documents()


@shared_task(acks_late=True, ignore_result=True)
def prune_superseded() -> int:
    """Beat, daily: delete documents replaced for longer than the retention (retry-safe)."""
    return services.prune_superseded_documents()
