import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
