"""Thin Celery tasks: the services do the work (and queue ``RENDER_TASK`` by its name)."""

from celery import shared_task

from portal.documents import services


@shared_task(
    name=services.RENDER_TASK,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=600,
    time_limit=660,
)
def render_document(document_id: int) -> None:
    """Render one document; retry-safe: a rerun finds nothing to claim and does nothing."""
    services.render_document(document_id=document_id)


@shared_task(acks_late=True, ignore_result=True)
def prune_superseded() -> int:
    """Beat, daily: delete documents replaced for longer than the retention (retry-safe)."""
    return services.prune_superseded_documents()
