"""Celery beat's schedule, run in-process: what `make run` does when there is no REDIS_URL.

Without a broker nobody runs beat, yet the invitations, minutes notices and reminders
only ever start from CELERY_BEAT_SCHEDULE. ``InProcessSchedule`` reads that same setting
and asks each entry's own Celery schedule object (``is_due``) when to run it, so the
schedule is written down once. `manage.py serve` runs it beside the development server.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from celery.schedules import BaseSchedule, maybe_schedule
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# Wake up at least this often, so a schedule never oversleeps a clock change for long.
MAX_SLEEP_SECONDS = 30.0


@dataclass
class Entry:
    name: str
    task: str
    schedule: BaseSchedule
    last_run_at: datetime.datetime
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


class InProcessSchedule:
    """Every CELERY_BEAT_SCHEDULE entry, each run in this process when it falls due.

    Like beat with a fresh schedule file, an entry first runs at its next due time after
    start-up (crontab entries are not caught up).
    """

    def __init__(self, *, now: datetime.datetime | None = None) -> None:
        from portal.celery import app

        self.app = app
        app.loader.import_default_modules()
        start = now or app.now()
        self.entries = [
            Entry(
                name=name,
                task=spec["task"],
                schedule=maybe_schedule(spec["schedule"], app=app),
                last_run_at=start,
                args=tuple(spec.get("args", ())),
                kwargs=dict(spec.get("kwargs", {})),
            )
            for name, spec in settings.CELERY_BEAT_SCHEDULE.items()
        ]

    def tick(self) -> float:
        """Run the entries that are due, in their order; return seconds until the next."""
        waits = []
        for entry in self.entries:
            due, next_seconds = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = self.app.now()
                self.run(entry)
                _, next_seconds = entry.schedule.is_due(entry.last_run_at)
            waits.append(next_seconds)
        return max(0.5, min([MAX_SLEEP_SECONDS, *waits]))

    def run(self, entry: Entry) -> None:
        _close_stale_connections()
        try:
            result = self.app.tasks[entry.task].apply(args=entry.args, kwargs=entry.kwargs)
        finally:
            _close_stale_connections()
        if result.failed():
            logger.error("Scheduled %s (%s) failed: %r", entry.name, entry.task, result.result)
        elif _did_something(result.result):
            logger.info("Scheduled %s: %s", entry.name, result.result)
        else:
            logger.debug("Scheduled %s: nothing to do", entry.name)


def _close_stale_connections() -> None:
    """What Django does around a request, for this long-lived loop outside any request.

    A connection inside a transaction (a test's) is left alone.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _did_something(value: Any) -> bool:
    if isinstance(value, dict):
        return any(value.values())
    return bool(value)
