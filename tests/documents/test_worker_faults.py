"""Faults with real Celery workers on Redis: a worker killed mid-render, a broker that was down.

Runs where CI provides PostgreSQL and Redis (marked ``services``). The sweep runs in this
process every second, as beat runs it every minute: what is measured is the time from the
kill to a ready document, against the documented bound (the render time limit plus the
sweep's minute).
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest

from portal.documents import services
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from tests.documents.conftest import _reset_connections, pdf_text
from tests.factories import PersonFactory

pytestmark = pytest.mark.services
Status = GeneratedDocument.Status
RENDER_TIME_LIMIT = 6  # seconds, for this test's workers and its sweep
SWEEP_INTERVAL = 60  # beat runs the sweep every minute
START_TIMEOUT = 60


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def wait_until(condition, *, timeout: float, what: str, logs, every=None) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what} not within {timeout} s; worker logs:\n" + "\n".join(logs()))
        if every is not None:
            every()
        time.sleep(0.5)
    return time.monotonic() - started


@pytest.fixture
def amra(institution):
    return PersonFactory(institution=institution, name="Amra Čaušević")


def test_a_worker_killed_mid_render_leaves_a_ready_document_with_one_file(
    start_celery_worker, settings, institution, coordinator, amra
):
    settings.DOCUMENT_RENDER_TIME_LIMIT = RENDER_TIME_LIMIT
    worker_env = {"DOCUMENT_RENDER_TIME_LIMIT": str(RENDER_TIME_LIMIT)}
    slow = start_celery_worker({**worker_env, "PORTAL_TEST_RENDER_DELAY": "300"})
    workers = [slow]

    def logs():
        return [worker.log() for worker in workers]

    document, created = services.request_document(
        kind=documents.get("institution"),
        obj=institution,
        options={"language": "bs"},
        by=coordinator,
    )
    assert created

    def status():
        document.refresh_from_db()
        return document.status

    wait_until(
        lambda: status() == Status.RENDERING, timeout=START_TIMEOUT, what="rendering", logs=logs
    )
    os.kill(slow.pid, signal.SIGKILL)
    slow.wait(timeout=10)
    killed_at = time.monotonic()
    assert status() == Status.RENDERING and document.attempts == 1

    workers.append(start_celery_worker(worker_env))
    recovery = wait_until(
        lambda: status() in (Status.READY, Status.FAILED),
        timeout=RENDER_TIME_LIMIT + SWEEP_INTERVAL,
        what="a ready document",
        logs=logs,
        every=services.sweep_documents,
    )
    assert document.status == Status.READY, document.failure_reason
    assert document.attempts == 2
    print(f"ready {time.monotonic() - killed_at:.1f} s after the kill ({recovery:.1f} s wait)")

    files = stored_files(settings)
    assert [f.relative_to(settings.MEDIA_ROOT).as_posix() for f in files] == [document.file.name]
    data = files[0].read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.checksum
    assert len(data) == document.size
    text = pdf_text(data)
    assert "Agencija za statistiku BiH" in text and "Amra Čaušević" in text


def test_a_request_while_redis_is_down_is_sent_once_when_it_is_back(
    start_celery_worker, settings, institution, coordinator
):
    from portal.celery import app

    worker = start_celery_worker()
    redis_url = app.conf.broker_url
    # Nothing listens on port 1: publishing fails as with Redis stopped.
    app.conf.update(broker_url="redis://127.0.0.1:1/0", broker_connection_max_retries=1)
    _reset_connections(app)
    try:
        document, _ = services.request_document(
            kind=documents.get("institution"),
            obj=institution,
            options={"language": "en"},
            by=coordinator,
        )
        document.refresh_from_db()
        assert (document.status, document.sent_at) == (Status.QUEUED, None)
        assert services.sweep_documents()["sent"] == 0  # still down: kept, not lost
    finally:
        app.conf.update(broker_url=redis_url)
        _reset_connections(app)

    assert services.sweep_documents()["sent"] == 1
    assert services.sweep_documents()["sent"] == 0

    def ready():
        document.refresh_from_db()
        return document.status in (Status.READY, Status.FAILED)

    wait_until(ready, timeout=START_TIMEOUT, what="a ready document", logs=lambda: [worker.log()])
    assert (document.status, document.attempts) == (Status.READY, 1)
    assert len(stored_files(settings)) == 1
