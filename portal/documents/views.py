from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.documents import access, services
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from portal.downloads import safe_filename
from portal.roles import perm_required

VIEW = access.VIEW_PERMISSION
REQUEST = access.REQUEST_PERMISSION
LIST_LIMIT = 50


def _document_rows(user) -> dict:
    rows = list(
        access.visible_documents(user)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:LIST_LIMIT]
    )
    now = timezone.now()
    languages = dict(settings.LANGUAGES)
    labels = {kind.key: kind.label for kind in documents.kinds()}
    for document in rows:
        document.kind_label = labels.get(document.kind, document.kind)
        document.language_label = languages.get(document.language, document.language)
        document.stuck = services.is_stale(document, now)
        document.waiting_for_broker = services.is_waiting_for_broker(document)
        document.can_retry = document.status == GeneratedDocument.Status.FAILED or document.stuck
    return {
        "documents": rows,
        "pending": any(d.is_pending for d in rows),
        "list_limit": LIST_LIMIT,
    }


def _reports_page(request, *, bound=None, status=200):
    forms = []
    for kind in documents.kinds():
        if bound is not None and bound.kind.key == kind.key:
            forms.append(bound)
            continue
        form = kind.form_class(kind=kind, user=request.user, prefix=kind.key)
        if form.has_objects:
            forms.append(form)
    context = {"forms": forms, **_document_rows(request.user)}
    return render(request, "documents/reports.html", context, status=status)


@perm_required(VIEW)
def reports(request):
    return _reports_page(request)


@perm_required(VIEW)
def document_list(request):
    """The list of documents alone: htmx polls it while something is pending."""
    return render(request, "documents/_document_list.html", _document_rows(request.user))


def _next_or_reports(request):
    target = request.POST.get("next", "")
    # Only a path of this site: redirect() takes anything else for a view name and fails.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("documents:reports")


@require_POST
@perm_required(REQUEST)
def request_document(request, kind: str):
    kind_ = access.get_kind(kind)
    # A chosen object is looked up among what the user may see before anything else, so
    # another institution's object answers 404 whatever the rest of the form says; no
    # choice at all is the form's "required" error.
    object_id = request.POST.get(f"{kind_.key}-object", "")
    if object_id:
        access.get_object_for_user(kind=kind_, user=request.user, object_id=object_id)
    form = kind_.form_class(request.POST, kind=kind_, user=request.user, prefix=kind_.key)
    if not form.is_valid():
        return _reports_page(request, bound=form)
    document, created = services.request_document(
        kind=kind_,
        obj=form.document_object(),
        options=form.document_options(),
        by=request.user,
    )
    if created:
        messages.success(
            request,
            _("“%(title)s” is queued; it will be ready to download shortly.")
            % {"title": document.title},
        )
    elif document.status == GeneratedDocument.Status.READY:
        messages.info(
            request,
            _("Nothing has changed since “%(title)s” was generated: the existing file is ready.")
            % {"title": document.title},
        )
    elif services.is_waiting_for_broker(document):
        messages.warning(
            request,
            _(
                "“%(title)s” is waiting for the task queue, which cannot be reached right now; "
                "it is sent as soon as the queue is back."
            )
            % {"title": document.title},
        )
    else:
        messages.info(
            request, _("“%(title)s” is already being prepared.") % {"title": document.title}
        )
    return _next_or_reports(request)


@require_POST
@perm_required(REQUEST)
def retry(request, pk: int):
    document = access.get_document_for_user(request.user, pk)
    if services.retry_document(document=document):
        messages.success(request, _("“%(title)s” is queued again.") % {"title": document.title})
    else:
        messages.info(request, _("“%(title)s” has nothing to retry.") % {"title": document.title})
    return _next_or_reports(request)


@perm_required(VIEW)
def download(request, pk: int):
    document = access.get_downloadable_document(request.user, pk)
    try:
        handle = default_storage.open(document.file.name, "rb")
    except FileNotFoundError:
        # Not an access rule: the row is one the user may download, but its file is gone
        # from storage (pruned meanwhile, or lost); that is a missing page, not a 500.
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(document.filename),
        content_type=document.mime_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
