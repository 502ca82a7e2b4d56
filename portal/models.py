from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last sign of life of one Celery worker, written by a timer inside the worker.

    One row per worker name (``celery@host``); /healthz looks at the freshest row. A row in
    the database rather than the cache: the web process and the worker share it in every
    set-up (tests included), and a cache eviction cannot fake a dead worker.
    """

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker
