from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One e-mail in the outbox: rendered when created, sent (once) by a task.

    ``key`` is unique per rule, object, recipient and occasion, so a rule that runs again
    finds its row and creates nothing. The subject and bodies are rendered in the
    recipient's language at creation, so what was sent is what the outbox page shows.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    key = models.CharField(_("key"), max_length=255, unique=True)
    rule = models.CharField(_("rule"), max_length=100)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    occasion = models.CharField(_("occasion"), max_length=100)

    # The recipient: an address, a name and language as they were, the user (preferences)
    # and the recorded person or other object (generic: portal imports no app).
    email = models.EmailField(_("e-mail"))
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_key = models.CharField(max_length=120)
    language = models.CharField(_("language"), max_length=5, default="en")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("user"),
    )

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")

    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(
                fields=["rule", "content_type", "object_id"], name="notification_by_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.email}"


class Preference(models.Model):
    """A user's choice for one kind of notification; no row means they receive it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    enabled = models.BooleanField(_("receive"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.enabled}"
