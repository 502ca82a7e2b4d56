"""`make run`: the development server on HOST:PORT and, without REDIS_URL, beat's schedule.

runserver runs as a child process (its autoreloader restarts only the child), and the
schedule loop runs here in the parent, so a reload never runs the schedule twice. The
child gets its own process group: Ctrl-C or SIGTERM here stops the server, its reloader
and the schedule together.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.schedule import InProcessSchedule

logger = logging.getLogger(__name__)


def _stop(*_args) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Run the development server on HOST:PORT. Without REDIS_URL it also runs "
        "CELERY_BEAT_SCHEDULE in-process (e-mails, reminders); with REDIS_URL beat does."
    )
    requires_system_checks = []  # runserver runs them

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.HOST, help="default: HOST")
        parser.add_argument("--port", type=int, default=settings.PORT, help="default: PORT")
        parser.add_argument("--noreload", action="store_true", help="Pass --noreload to runserver.")

    def handle(self, *args, host: str, port: int, noreload: bool, **options):
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"Serving the portal at http://{address}/"))
        self.stdout.write(f"Links in e-mails and .ics files point to {settings.SITE_URL}/")
        schedule = None
        if settings.REDIS_URL:
            self.stdout.write(
                "REDIS_URL is set: a Celery worker and beat run the tasks and the e-mail "
                "schedule (make worker, make beat)."
            )
        else:
            self.stdout.write(
                "REDIS_URL is not set: tasks and the e-mail schedule run in-process here."
            )
            if not settings.EMAIL_HOST:
                self.stdout.write(f"E-mails are written under {settings.EMAIL_FILE_PATH}/")
            # Celery logs every task it runs; the schedule logs only what did something.
            logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
            schedule = InProcessSchedule()
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "runserver", address]
        if noreload:
            command.append("--noreload")
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, process_group=0)  # noqa: S603
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            while server.poll() is None:
                wait = self.tick(schedule) if schedule else 3600.0
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=wait)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop_group(server)
        if server.returncode not in (0, None, -signal.SIGTERM, -signal.SIGINT):
            sys.exit(server.returncode)

    def tick(self, schedule: InProcessSchedule) -> float:
        try:
            return schedule.tick()
        except Exception:
            # A database hiccup must not take the web server down with the schedule.
            logger.exception("The in-process schedule failed; trying again shortly")
            return 30.0


def _stop_group(server: subprocess.Popen) -> None:
    """Stop runserver and its autoreloader's child (the same process group)."""
    if server.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    else:
        # The server exited by itself; its reloader's child may not have.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
