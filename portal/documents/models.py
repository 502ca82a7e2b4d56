from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def default_max_attempts() -> int:
    """How many times a worker may claim a new document (DOCUMENT_MAX_ATTEMPTS)."""
    return settings.DOCUMENT_MAX_ATTEMPTS


class GeneratedDocument(models.Model):
    """A PDF rendered by a worker from one object (a meeting, a work package, an institution).

    ``fingerprint`` hashes what the document shows (its HTML and options), so a request
    whose inputs have not changed finds the existing document instead of rendering again.
    The row turns ``ready`` only after the file is fully stored, in one UPDATE that also
    records the file name and checksum: a half-written file is never offered.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object ID"))
    content_object = GenericForeignKey("content_type", "object_id")
    options = models.JSONField(_("options"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    failure_reason = models.TextField(_("reason for failure"), blank=True)
    file = models.FileField(_("file"), max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    mime_type = models.CharField(_("content type"), max_length=100, default="application/pdf")
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    fingerprint = models.CharField(_("fingerprint of the inputs"), max_length=64, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # When the render task was last sent: a row queued for long lost its message.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("rendering started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # The outbox of the render task: None while the message has not reached the broker
    # (it was down), so the sweep sends it when the broker is back.
    sent_at = models.DateTimeField(_("sent to the task queue at"), null=True, blank=True)
    # The claims allowed before a worker that keeps dying fails the document; Retry adds
    # DOCUMENT_MAX_ATTEMPTS more.
    max_attempts = models.PositiveIntegerField(_("attempts allowed"), default=default_max_attempts)
    # The storage name a render is writing to, set before the first byte and cleared when
    # the row turns ready: a worker killed while writing leaves it here, and the next
    # attempt (or the sweep that gives up) deletes that half file.
    pending_file = models.CharField(max_length=255, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "content_type", "object_id", "fingerprint"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(file=""),
                name="document_ready_has_file",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)
