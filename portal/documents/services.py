"""Requesting, rendering and retrying generated documents (who may: ``access.py``).

The request runs in the web process and is cheap: it renders the document's HTML
(no PDF) to fingerprint the inputs, returns the existing document when the
fingerprint matches, and otherwise creates a queued row and queues ``RENDER_TASK``
after commit (through portal/taskbase.py: this module never imports the tasks). The worker claims the row with a conditional UPDATE, renders the PDF, stores
the file under a fresh name and only then flips the row to ready.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.documents import rendering
from portal.documents.models import GeneratedDocument
from portal.documents.registry import DocumentKind, documents
from portal.taskbase import send_task

logger = logging.getLogger(__name__)

# A document queued this long ago whose message reached the broker has lost it (a broker
# restarted without its data): the sweep, a new request or Retry sends it again.
STALE_AFTER = datetime.timedelta(minutes=15)
# A document whose message has not reached the broker (it was down) is sent by the sweep at
# once, and is offered a Retry after this long.
UNSENT_GRACE = datetime.timedelta(minutes=1)

Status = GeneratedDocument.Status

# The Celery name of tasks.render_document, which takes the document's pk.
RENDER_TASK = "portal.documents.tasks.render_document"


def render_time_limit() -> datetime.timedelta:
    """The longest a render may take; a claim older than this belongs to a dead worker."""
    return datetime.timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT)


# --- Requesting -------------------------------------------------------------


def _normalized(options: dict) -> dict:
    return json.loads(json.dumps(options, cls=DjangoJSONEncoder, sort_keys=True))


def compute_fingerprint(*, kind: DocumentKind, obj, options: dict, html: str | None = None) -> str:
    """The hash of what the document would show: kind, object, options and HTML."""
    if kind.fingerprint is not None:
        return kind.fingerprint(obj, options)
    if html is None:
        html = kind.renderer.render_html(obj, options).html
    head = json.dumps(
        {
            "kind": kind.key,
            "model": obj._meta.label_lower,
            "object": obj.pk,
            "options": options,
        },
        cls=DjangoJSONEncoder,
        sort_keys=True,
    )
    return hashlib.sha256(f"{head}\n{html}".encode()).hexdigest()


def _stale_q(now: datetime.datetime) -> Q:
    """Rendering for longer than the render time limit: its worker died."""
    return Q(status=Status.RENDERING, started_at__lt=now - render_time_limit())


def _lost_q(now: datetime.datetime) -> Q:
    """Queued, with a message that never reached the broker or was lost there."""
    return Q(status=Status.QUEUED) & (
        Q(sent_at__isnull=True, queued_at__lt=now - UNSENT_GRACE) | Q(sent_at__lt=now - STALE_AFTER)
    )


def is_stale(document: GeneratedDocument, now: datetime.datetime | None = None) -> bool:
    """Whether the document is stuck: Retry (or a new request) may queue it again."""
    now = now or timezone.now()
    if document.status == Status.RENDERING:
        return document.started_at is not None and document.started_at < now - render_time_limit()
    if document.status == Status.QUEUED:
        if document.sent_at is None:
            return document.queued_at < now - UNSENT_GRACE
        return document.sent_at < now - STALE_AFTER
    return False


def is_waiting_for_broker(document: GeneratedDocument) -> bool:
    """Queued, but its message has not reached the task queue (the broker was down)."""
    return document.status == Status.QUEUED and document.sent_at is None


def _send(document_id: int, *, previous: datetime.datetime | None) -> bool:
    """Send the render task of a queued document whose ``sent_at`` is still ``previous``.

    The conditional UPDATE is the claim: of two sweeps (or a sweep and the request that
    queued the row) one sends. A broker that is down gives the claim back, so the next
    sweep sends it; the render itself claims the row again, so even a message sent twice
    renders the document once.
    """
    now = timezone.now()
    claimed = GeneratedDocument.objects.filter(
        pk=document_id, status=Status.QUEUED, sent_at=previous
    ).update(sent_at=now)
    if not claimed:
        return False
    if send_task(RENDER_TASK, document_id):
        return True
    GeneratedDocument.objects.filter(pk=document_id, sent_at=now).update(sent_at=None)
    return False


def _enqueue(document: GeneratedDocument) -> None:
    # After commit, so the worker finds the row; a broker that is down leaves the row
    # queued and unsent (not a 500), and the sweep sends it once the broker is back.
    transaction.on_commit(functools.partial(_send, document.pk, previous=None), robust=True)


def request_document(
    *, kind: DocumentKind, obj, options: dict, by
) -> tuple[GeneratedDocument, bool]:
    """The document of ``kind`` about ``obj`` with ``options``; ``(document, created)``.

    When a document with the same fingerprint is ready or on its way, that one is
    returned (and queued again if it went stale); otherwise a new one is queued.
    """
    options = _normalized(options)
    language = rendering.document_language(options)
    try:
        page = kind.renderer.render_html(obj, options)
        title = page.title
        fingerprint = compute_fingerprint(kind=kind, obj=obj, options=options, html=page.html)
    except Exception:
        # The worker meets the same error and records it as the reason for failure, where
        # the requester sees it and can retry; this document matches no other request.
        logger.exception("Rendering the HTML of a %s document failed", kind.key)
        with translation.override(language):
            title = f"{kind.label}: {obj}"
        fingerprint = f"unrendered-{uuid.uuid4().hex}"
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        existing = (
            GeneratedDocument.objects.select_for_update()
            .filter(
                kind=kind.key,
                content_type=content_type,
                object_id=obj.pk,
                fingerprint=fingerprint,
            )
            .exclude(status=Status.FAILED)
            .order_by("-requested_at", "-pk")
            .first()
        )
        if existing is not None:
            if is_stale(existing):
                retry_document(document=existing)
            return existing, False
        document = GeneratedDocument.objects.create(
            kind=kind.key,
            content_type=content_type,
            object_id=obj.pk,
            options=options,
            title=title[:255],
            language=language,
            fingerprint=fingerprint,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _enqueue(document)
    return document, True


def retry_document(*, document: GeneratedDocument) -> bool:
    """Queue a failed or stuck document again; False when there is nothing to retry.

    A failed document, or one whose worker died while rendering it, gets
    DOCUMENT_MAX_ATTEMPTS more attempts; a queued one whose message never reached the
    broker (or was lost there) is sent again.
    """
    now = timezone.now()
    with transaction.atomic():
        requeued = (
            GeneratedDocument.objects.filter(pk=document.pk)
            .filter(Q(status=Status.FAILED) | _stale_q(now) | _lost_q(now))
            .update(
                status=Status.QUEUED,
                failure_reason="",
                started_at=None,
                finished_at=None,
                queued_at=now,
                sent_at=None,
                max_attempts=F("attempts") + settings.DOCUMENT_MAX_ATTEMPTS,
            )
        )
        if not requeued:
            return False
        _enqueue(document)
    document.refresh_from_db()
    return True


def sweep_documents(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Beat, every minute: recover documents from dead workers and a broker that was down.

    A document rendering for longer than DOCUMENT_RENDER_TIME_LIMIT lost its worker: it
    is queued again, or failed with a reason once its attempts are used up. A queued
    document whose message has not reached the broker is sent (the outbox); one sent
    longer than STALE_AFTER ago is sent again. Safe to run twice at once: every change is
    a conditional UPDATE, and the render claims its row.
    """
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0, "sent": 0}
    stale = GeneratedDocument.objects.filter(_stale_q(now)).values_list(
        "pk", "attempts", "max_attempts", "language"
    )
    for pk, attempts, max_attempts, language in stale:
        row = GeneratedDocument.objects.filter(_stale_q(now), pk=pk, attempts=attempts)
        if attempts >= max_attempts:
            with translation.override(language):
                reason = _(
                    "The worker stopped while rendering this document, %(count)s times; "
                    "it was not tried again. Retry to try once more."
                ) % {"count": attempts}
            failed = row.update(status=Status.FAILED, failure_reason=reason, finished_at=now)
            if failed:
                _discard_pending(pk)
            counts["failed"] += failed
        else:
            counts["requeued"] += row.update(
                status=Status.QUEUED, started_at=None, queued_at=now, sent_at=None
            )
    unsent = GeneratedDocument.objects.filter(status=Status.QUEUED).filter(
        Q(sent_at__isnull=True) | Q(sent_at__lt=now - STALE_AFTER)
    )
    for pk, sent_at in unsent.order_by("queued_at", "pk").values_list("pk", "sent_at"):
        counts["sent"] += _send(pk, previous=sent_at)
    if any(counts.values()):
        logger.info("Document sweep: %s", counts)
    return counts


# --- Rendering (in the worker) ----------------------------------------------


def _storage_name(document: GeneratedDocument, filename: str, now: datetime.datetime) -> str:
    # A fresh directory per rendering: a file is never overwritten while someone reads it.
    return f"documents/{document.kind}/{now:%Y/%m}/{uuid.uuid4().hex}/{filename}"


def _discard_pending(document_id: int) -> None:
    """Delete the file a dead or failed render left half-written, if any."""
    rows = GeneratedDocument.objects.filter(pk=document_id).exclude(pending_file="")
    for name in rows.values_list("pending_file", flat=True):
        if not GeneratedDocument.objects.filter(file=name).exists():
            default_storage.delete(name)
        rows.filter(pending_file=name).update(pending_file="")


def render_document(*, document_id: int) -> bool:
    """Claim, render and store one document; True when this call made it ready.

    A rerun on a document that is ready, failed or being rendered by a live worker does
    nothing: the claim (queued, or rendering for longer than the render time limit with
    attempts left, to rendering) changes no row.
    """
    now = timezone.now()
    claimed = (
        GeneratedDocument.objects.filter(pk=document_id)
        .filter(Q(status=Status.QUEUED) | (_stale_q(now) & Q(attempts__lt=F("max_attempts"))))
        .update(
            status=Status.RENDERING,
            started_at=now,
            finished_at=None,
            failure_reason="",
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return False
    # A previous attempt whose worker died while writing left a half file: it goes first.
    _discard_pending(document_id)
    document = GeneratedDocument.objects.select_related("content_type").get(pk=document_id)
    # Only the worker that holds this claim may finish the row.
    mine = GeneratedDocument.objects.filter(pk=document_id, status=Status.RENDERING, started_at=now)
    name = None
    try:
        with translation.override(document.language):
            kind = documents.get(document.kind)
            if kind is None:
                raise rendering.DocumentError(_("This kind of document is no longer offered."))
            obj = document.content_object
            if obj is None:
                raise rendering.DocumentError(_("What this document is about no longer exists."))
            page = kind.renderer.render_html(obj, document.options)
            fingerprint = compute_fingerprint(
                kind=kind, obj=obj, options=document.options, html=page.html
            )
        pdf = rendering.html_to_pdf(page.html, language=page.language, generated_at=now)
        wanted = _storage_name(document, page.filename, now)
        mine.update(pending_file=wanted)
        name = default_storage.save(wanted, ContentFile(pdf))
        mine.update(pending_file=name)
    except rendering.DocumentError as exc:
        reason = str(exc)
    except SoftTimeLimitExceeded:
        with translation.override(document.language):
            reason = _("Rendering took longer than the limit of %(seconds)s seconds.") % {
                "seconds": settings.DOCUMENT_RENDER_TIME_LIMIT
            }
    except Exception as exc:
        logger.exception("Rendering document %s failed", document_id)
        reason = f"{type(exc).__name__}: {exc}"
    else:
        reason = ""
    if reason:
        if mine.update(
            status=Status.FAILED, failure_reason=reason[:2000], finished_at=timezone.now()
        ):
            _discard_pending(document_id)
        return False
    made_ready = mine.update(
        status=Status.READY,
        file=name,
        pending_file="",
        filename=page.filename,
        title=page.title[:255],
        size=len(pdf),
        checksum=hashlib.sha256(pdf).hexdigest(),
        fingerprint=fingerprint,
        finished_at=timezone.now(),
    )
    if not made_ready:
        # Another worker re-claimed the row meanwhile; its file is the one that counts.
        default_storage.delete(name)
        return False
    return True


# --- Pruning ----------------------------------------------------------------


def _request_key(document: GeneratedDocument) -> tuple:
    # "The same request" is what request_document matches on apart from the fingerprint:
    # kind, object and options (the language is one of them). A new fingerprint for the
    # same request means the data changed and the newer document replaces the older.
    options = json.dumps(document.options, cls=DjangoJSONEncoder, sort_keys=True)
    return (document.kind, document.content_type_id, document.object_id, document.language, options)


def prune_superseded_documents(*, now: datetime.datetime | None = None) -> int:
    """Delete ready documents replaced for DOCUMENT_RETENTION_DAYS, files included.

    A ready document is superseded once a newer ready document of the same request
    exists; it goes when that newer one has been ready for longer than the retention.
    The newest ready document of a request, and anything queued, rendering or failed,
    is never touched. Each row is deleted in its own transaction and its file removed
    after commit, so a rerun (or a worker that died half-way) finds nothing twice and a
    file already gone is no error; a crash between the two leaves at most an unused file,
    never a row without its file.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.DOCUMENT_RETENTION_DAYS)
    ready = GeneratedDocument.objects.filter(status=Status.READY).only(
        "pk", "kind", "content_type", "object_id", "language", "options", "requested_at",
        "finished_at", "file",
    )  # fmt: skip
    # Newest first within each request: earliest_newer is when the document was replaced.
    earliest_newer: dict[tuple, datetime.datetime] = {}
    doomed: list[int] = []
    for document in ready.order_by("-requested_at", "-pk").iterator():
        key = _request_key(document)
        replaced_at = earliest_newer.get(key)
        if replaced_at is not None and replaced_at < cutoff:
            doomed.append(document.pk)
        finished = document.finished_at or document.requested_at
        earliest_newer[key] = min(finished, replaced_at) if replaced_at else finished
    pruned = 0
    for pk in doomed:
        with transaction.atomic():
            document = (
                GeneratedDocument.objects.select_for_update()
                .filter(pk=pk, status=Status.READY)
                .first()
            )
            if document is None:
                continue
            name = document.file.name
            document.delete()
            shared = GeneratedDocument.objects.filter(file=name).exists()
            if name and not shared:
                transaction.on_commit(lambda name=name: default_storage.delete(name), robust=True)
            pruned += 1
    if pruned:
        logger.info("Pruned %s superseded documents", pruned)
    return pruned
