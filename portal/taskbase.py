"""The one Celery task base: every task of the portal queues after the transaction commits.

``portal.celery`` makes :class:`AfterCommitTask` the app's task class, so each
``@shared_task`` of every app is one. Code that writes rows and wants a task to pick them
up queues it with :func:`queue_after_commit` (or the task's own ``delay_on_commit``):
inside a transaction the message goes out only once the rows are committed, so a worker
never looks for a row that is not there yet, and a rollback sends nothing; outside a
transaction it goes out at once.

A broker that is down does not turn the request into an error: the failure is logged and
the rows stay as they were (queued documents go stale and are queued again, pending
e-mails are picked up by the next ``send_pending`` run), so every task must be safe to
run again, and to run late.

``delay()`` and ``apply_async()`` keep Celery's meaning (send now) for callers outside a
transaction, such as beat, the shell and tests.

Services name the task they queue (its dotted name, which is also its Celery name) rather
than import the tasks module: tasks import services, services never import tasks, so the
two never import each other. Each app's ``AppConfig.ready()`` imports its tasks module, so
the names resolve in the web process as they do in the worker.
"""

from __future__ import annotations

import functools
import logging

from celery import current_app
from celery.contrib.django.task import DjangoTask
from django.db import transaction

logger = logging.getLogger(__name__)


class AfterCommitTask(DjangoTask):
    """A task whose ``*_on_commit`` variants wait for the commit and never raise."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        self._on_commit("delay", args, kwargs)

    def apply_async_on_commit(self, *args, **kwargs) -> None:
        self._on_commit("apply_async", args, kwargs)

    def _on_commit(self, method: str, args, kwargs) -> None:
        transaction.on_commit(
            functools.partial(self._send_logged, method, args, kwargs), robust=True
        )

    def _send_logged(self, method: str, args, kwargs) -> bool:
        # on_commit(robust=True) logs only inside a transaction; this covers outside too.
        try:
            getattr(self, method)(*args, **kwargs)
        except Exception:
            logger.exception(
                "Queueing task %s failed; it is retried by its own schedule", self.name
            )
            return False
        return True


def _task(task_name: str) -> AfterCommitTask:
    try:
        return current_app.tasks[task_name]
    except KeyError:
        raise LookupError(
            f"No task {task_name!r}: its app's ready() must import its tasks module"
        ) from None


def queue_after_commit(task_name: str, *args, **kwargs) -> None:
    """Queue the registered task ``task_name`` with ``args`` once the transaction commits."""
    _task(task_name).delay_on_commit(*args, **kwargs)


def send_task(task_name: str, *args) -> bool:
    """Send ``task_name`` now; False (logged, not raised) when the broker cannot be reached.

    For an outbox of task messages: the caller records what was sent and sends the rest
    again later (``portal.documents.services.sweep_documents``).
    """
    return _task(task_name)._send_logged("delay", args, {})
