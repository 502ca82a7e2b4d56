"""`make run` (manage.py serve): the server on PORT, with the schedule only without REDIS_URL."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(tmp_path, **extra_env):
    port = free_port()
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SITE_URL")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "ENV_FILE": "",
            "VAR_DIR": str(tmp_path),
            "PORT": str(port),
            **extra_env,
        }
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("serve did not answer:\n" + process.communicate()[0])
            time.sleep(0.3)
    return process, port


def stop(process) -> str:
    process.send_signal(signal.SIGTERM)
    out = process.communicate(timeout=30)[0]
    return out


@pytest.mark.parametrize("redis_url", ["", "redis://127.0.0.1:6379/11"])
def test_serve_listens_on_port_and_runs_the_schedule_only_without_redis(tmp_path, redis_url):
    process, port = serve(tmp_path, REDIS_URL=redis_url)
    out = stop(process)
    assert process.returncode == 0, out
    assert f"Serving the portal at http://127.0.0.1:{port}/" in out
    assert f"Links in e-mails and .ics files point to http://127.0.0.1:{port}/" in out
    if redis_url:
        assert "REDIS_URL is set: a Celery worker and beat run" in out
        assert "in-process" not in out
    else:
        assert "the e-mail schedule run in-process here" in out
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
