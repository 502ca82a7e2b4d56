"""With a real worker process on Redis: its heartbeat keeps /healthz 200, its death 503."""

from __future__ import annotations

import json
import time

import pytest
from django.urls import reverse

from tests.documents.conftest import (  # noqa: F401  (the fixtures)
    celery_worker_process,
    start_celery_worker,
)

pytestmark = pytest.mark.services
LIMIT_SECONDS = 4


@pytest.fixture
def celery_worker_env():
    return {"WORKER_HEARTBEAT_SECONDS": "1", "LOG_FORMAT": "json"}


def _wait_for(condition, *, timeout: float, what: str, log) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen in {timeout} s; worker log:\n{log()}")
        time.sleep(0.25)


def test_healthz_follows_a_real_worker_and_its_task_logs_are_json(
    celery_worker_process,  # noqa: F811
    client,
    settings,
):
    from portal.celery import app
    from portal.notifications.tasks import send_pending

    settings.REDIS_URL = app.conf.broker_url  # the fixture pointed the app at the real broker
    settings.HEALTH_WORKER_HEARTBEAT_MAX_SECONDS = LIMIT_SECONDS
    worker = celery_worker_process

    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == "ok"
    assert response.json()["broker"] == "ok"

    # A task through the real worker logs one JSON line with its name and id.
    result = send_pending.delay()

    def succeeded() -> list[dict]:
        lines = [line for line in worker.log().splitlines() if line.startswith("{")]
        return [
            entry
            for entry in map(json.loads, lines)
            if entry["message"] == "task_succeeded" and entry.get("task_id") == result.id
        ]

    _wait_for(lambda: succeeded(), timeout=30, what="task_succeeded", log=worker.log)
    (line,) = succeeded()
    assert line["task"] == "portal.notifications.tasks.send_pending"
    assert line["level"] == "info" and "time" in line and "duration_ms" in line

    # Heartbeats keep coming while it lives...
    time.sleep(LIMIT_SECONDS + 1)
    assert client.get(reverse("healthz")).status_code == 200

    # ...and once it is killed, /healthz says so within the limit (plus one beat).
    worker.kill()
    worker.wait(timeout=10)
    killed_at = time.monotonic()

    def unhealthy() -> bool:
        return client.get(reverse("healthz")).status_code == 503

    _wait_for(unhealthy, timeout=LIMIT_SECONDS + 3, what="healthz 503", log=worker.log)
    assert time.monotonic() - killed_at <= LIMIT_SECONDS + 3
    body = client.get(reverse("healthz")).json()
    assert body["worker"] == "stale"
    assert body["reasons"][0].startswith("worker: last heartbeat")
