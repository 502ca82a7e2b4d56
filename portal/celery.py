import os
import sys

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Every task is an AfterCommitTask (portal/taskbase.py): it can be queued after the commit.
app = Celery("portal", task_cls="portal.taskbase:AfterCommitTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

NO_BROKER = """\
{program}: REDIS_URL is not set, so there is nothing for a Celery {program} to do.
Without REDIS_URL the portal runs its tasks in-process, inside the web process
(`make run` also runs the e-mail schedule there). To run a separate worker and beat,
set REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379/0) in the environment or in .env,
and give the web server, the worker and beat the same value.
"""


def require_broker(program: str) -> None:
    """Stop a worker or beat loudly instead of letting it wait on the in-memory broker."""
    from django.conf import settings

    if not settings.REDIS_URL:
        # The real stderr: beat has already redirected sys.stderr into its logger by now.
        stderr = sys.__stderr__ or sys.stderr
        stderr.write(NO_BROKER.format(program=program))
        stderr.flush()
        # SystemExit is not an Exception, so Celery's signal dispatch lets it through.
        raise SystemExit(1)


@signals.worker_init.connect
def _worker_needs_a_broker(**kwargs) -> None:
    require_broker("worker")


@signals.beat_init.connect
def _beat_needs_a_broker(**kwargs) -> None:
    require_broker("beat")


@signals.setup_logging.connect
def _use_django_logging(**kwargs):
    """Workers and beat log like the web process (LOG_FORMAT), not in Celery's own format."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def _add_worker_steps() -> None:
    from django_structlog.celery.steps import DjangoStructLogInitStep

    from portal.health import HeartbeatStep

    app.steps["worker"].add(DjangoStructLogInitStep)
    app.steps["worker"].add(HeartbeatStep)


_add_worker_steps()
