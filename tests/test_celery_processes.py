"""A worker or beat started without REDIS_URL says why and stops instead of idling."""

import os
import subprocess
from pathlib import Path

import pytest

from portal.celery import require_broker

ROOT = Path(__file__).resolve().parent.parent
CELERY = ROOT / ".venv" / "bin" / "celery"


@pytest.mark.parametrize("program", ["worker", "beat"])
def test_worker_and_beat_without_redis_url_exit_loudly(program, tmp_path):
    if not CELERY.exists():
        pytest.skip(f"{CELERY} is missing: run `make install`")
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "portal.settings", "ENV_FILE": "", "VAR_DIR": str(tmp_path)}
    )
    # The timeout is the test: with an in-memory broker the process would wait for ever.
    result = subprocess.run(
        [str(CELERY), "-A", "portal", program, "--loglevel=info"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr
    assert "runs its tasks in-process, inside the web process" in result.stderr
    assert "set REDIS_URL" in result.stderr and "in .env" in result.stderr


def test_with_redis_url_a_worker_may_start(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/11"
    assert require_broker("worker") is None


def test_without_redis_url_the_check_stops_the_process(settings):
    settings.REDIS_URL = ""
    with pytest.raises(SystemExit) as stopped:
        require_broker("beat")
    assert stopped.value.code == 1
