"""Logging: one JSON object per line in production, readable text in development.

Everything goes through the standard library's logging, so Django's, Celery's and our own
``logging.getLogger`` lines come out in the same shape as django-structlog's events.
A JSON line carries ``time``, ``level``, ``logger`` and ``message``, plus what the context
holds: ``request_id`` and ``user_id`` during a request, ``task_id`` and ``task`` (the task's
name) while a Celery task runs. The request log is one ``request_finished`` line per request
(``request_failed`` when the view raised) with ``method``, ``path``, ``status`` and
``duration_ms``.
"""

from __future__ import annotations

import time
from typing import Any

import structlog

FORMATS = ("json", "text")

# Applied to lines from the standard library's loggers (Django, Celery, our modules) and,
# through wrap_for_formatter, to structlog's own events, so both end up alike.
_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
]


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The ``LOGGING`` setting: one console handler with the chosen formatter."""
    renderer = (
        [structlog.processors.EventRenamer("message"), structlog.processors.JSONRenderer()]
        if log_format == "json"
        else [structlog.dev.ConsoleRenderer(colors=False)]
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": [*_SHARED, structlog.stdlib.ExtraAdder()],
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    *renderer,
                ],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # request_finished records every 4xx with its status and request_failed every
            # 500 with its traceback; django.request would add a second line for each.
            # (Sentry hears of errors from Django's signal, not from this logger.)
            "django.request": {"level": "CRITICAL"},
        },
    }


def configure_structlog() -> None:
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


# --- django-structlog signal receivers (connected in PortalConfig.ready) ---------------


def request_started(request, **kwargs) -> None:
    request._portal_started = time.perf_counter()


def _request_fields(request, status: int) -> dict[str, Any]:
    fields: dict[str, Any] = {"method": request.method, "path": request.path, "status": status}
    started = getattr(request, "_portal_started", None)
    if started is not None:
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return fields


def request_finished(request, response, log_kwargs, **kwargs) -> None:
    log_kwargs.pop("code", None)  # the same number as "status"
    log_kwargs.update(_request_fields(request, response.status_code))


def request_failed(request, log_kwargs, **kwargs) -> None:
    log_kwargs.pop("code", None)
    log_kwargs.update(_request_fields(request, 500))


def task_started(task, **kwargs) -> None:
    # django-structlog binds task_id; the name too, so every line of the task carries it.
    structlog.contextvars.bind_contextvars(task=task.name)


class InProcessTaskReceiver:
    """django-structlog's task lines for tasks run in-process (eagerly, without REDIS_URL).

    In a worker, django-structlog's own worker step logs them; these receivers act only on
    eager runs, so a task is never logged twice. Its worker receiver clears the logging
    context when a task starts; in-process that context belongs to the request that ran
    the task, so it is put back afterwards and the request's line keeps its request_id.
    """

    def __init__(self) -> None:
        from django_structlog.celery.receivers import CeleryReceiver

        self.receiver = CeleryReceiver()

    @staticmethod
    def _eager(task) -> bool:
        return bool(task is not None and getattr(task.request, "is_eager", False))

    def prerun(self, task_id=None, task=None, *args, **kwargs) -> None:
        if not self._eager(task):
            return
        saved = structlog.contextvars.get_contextvars()
        task.request._portal_saved_context = saved
        self.receiver.receiver_task_prerun(task_id, task, *args, **kwargs)
        # The task's lines still say which request ran it.
        structlog.contextvars.bind_contextvars(
            **{key: value for key, value in saved.items() if key in ("request_id", "user_id")}
        )

    def success(self, sender=None, **kwargs) -> None:
        if self._eager(sender):
            self.receiver.receiver_task_success(sender=sender, **kwargs)

    def failure(self, sender=None, **kwargs) -> None:
        if self._eager(sender):
            self.receiver.receiver_task_failure(sender=sender, **kwargs)

    def retry(self, sender=None, **kwargs) -> None:
        if self._eager(sender):
            self.receiver.receiver_task_retry(sender=sender, **kwargs)

    def postrun(self, task_id=None, task=None, **kwargs) -> None:
        # In a worker too: the next task's "received" line must not carry this task's id.
        saved = getattr(task.request, "_portal_saved_context", None) if task else None
        structlog.contextvars.clear_contextvars()
        if saved:
            structlog.contextvars.bind_contextvars(**saved)

    def connect(self) -> None:
        from celery import signals

        signals.task_prerun.connect(self.prerun, weak=False)
        signals.task_success.connect(self.success, weak=False)
        signals.task_failure.connect(self.failure, weak=False)
        signals.task_retry.connect(self.retry, weak=False)
        signals.task_postrun.connect(self.postrun, weak=False)
