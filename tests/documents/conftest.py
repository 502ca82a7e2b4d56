"""Shared fixtures for document tests: PDF text, and a real Celery worker process.

``celery_worker_process`` starts ``celery -A portal worker --pool=solo`` against the test
database and Redis when DATABASE_URL (PostgreSQL) and REDIS_URL are set, as in CI, and
makes this process send tasks to that broker instead of running them in-process.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_fonts(data: bytes) -> set[str]:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        font_dict = resources.get("/Font")
        font_dict = font_dict.get_object() if font_dict is not None else {}
        for font in font_dict.values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts


def _services_or_skip() -> tuple[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not (database_url.startswith(("postgres://", "postgresql://")) and redis_url):
        pytest.skip(
            "needs DATABASE_URL (PostgreSQL) and REDIS_URL: a real Celery worker process "
            "shares the test database and the broker (CI sets both)"
        )
    return database_url, redis_url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment for the worker process; a test module may override it."""
    return {}


@pytest.fixture
def start_celery_worker(transactional_db, settings, tmp_path):
    """Start `celery worker --pool=solo` processes, all on one private queue; killed at the end.

    ``start_celery_worker(extra_env)`` returns the process (with ``.log()``); workers
    started one after the other share the queue, the database and the media directory, so
    a test can kill one and start another.
    """
    database_url, redis_url = _services_or_skip()
    from django.db import connection

    from portal.celery import app

    var_dir = tmp_path / "var"
    var_dir.mkdir()
    # tests.settings puts media under VAR_DIR/test-media: the worker writes, we read.
    settings.MEDIA_ROOT = var_dir / "test-media"
    queue = f"documents-test-{uuid.uuid4().hex[:8]}"
    processes = []
    logs = []

    def start(extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _with_database(database_url, connection.settings_dict["NAME"]),
            "REDIS_URL": redis_url,
            "PORTAL_TEST_WORKER": "1",
            "VAR_DIR": str(var_dir),
            "PYTHONPATH": str(BASE_DIR),
            **(extra_env or {}),
        }
        log_path = tmp_path / f"worker-{len(processes) + 1}.log"
        log = log_path.open("wb")
        logs.append(log)
        command = [
            sys.executable, "-m", "celery", "-A", "portal", "-b", redis_url, "worker",
            "--pool=solo", "--concurrency=1", "-Q", queue,
            "-n", f"{queue}-{len(processes) + 1}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        processes.append(process)

        def worker_log() -> str:
            return log_path.read_text(errors="replace")

        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while " ready." not in worker_log():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the Celery worker did not start:\n{worker_log()}")
            time.sleep(0.2)
        process.log = worker_log
        return process

    saved = {
        key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")
    }
    app.conf.update(task_always_eager=False, broker_url=redis_url, task_default_queue=queue)
    _reset_connections(app)
    try:
        yield start
    finally:
        app.conf.update(saved)
        _reset_connections(app)
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in logs:
            log.close()
        _delete_queue(redis_url, queue)


@pytest.fixture
def celery_worker_process(start_celery_worker, celery_worker_env):
    """A `celery worker --pool=solo` process on a private queue; killed at the end."""
    return start_celery_worker(celery_worker_env)


def _reset_connections(app) -> None:
    # The app and kombu keep broker connection pools keyed by URL; a new broker URL
    # needs new pools, and closing one must not leave a closed pool registered.
    from kombu import pools

    pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


def _delete_queue(broker_url: str, queue: str) -> None:
    # The private queue, its exchange and kombu's bookkeeping keys (named after them).
    import redis

    client = redis.Redis.from_url(broker_url)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()
