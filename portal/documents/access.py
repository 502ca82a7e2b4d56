"""Who may request, see and download which generated document.

portal imports no app, so the rule about the *objects* is each kind's: a ``DocumentKind``
carries ``queryset(user)`` (the objects ``user`` may ask about, typically the app's
``access.visible_<objects>``) and optionally ``documents_q(user)`` (which of the kind's
documents they may see by their options). Everything here asks those callbacks and
nothing else; views, the template tag and the forms ask this module.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from portal.documents.models import GeneratedDocument
from portal.documents.registry import DocumentKind, documents

REQUEST_PERMISSION = "documents.add_generateddocument"
VIEW_PERMISSION = "documents.view_generateddocument"


def get_kind(key: str) -> DocumentKind:
    """The registered kind ``key``; 404 for a kind nobody offers."""
    kind = documents.get(key)
    if kind is None:
        raise Http404
    return kind


def visible_objects(user, kind: DocumentKind) -> QuerySet:
    """The objects ``user`` may request (and download) a ``kind`` document about."""
    return kind.queryset(user)


def get_object_for_user(*, kind: DocumentKind, user, object_id) -> object:
    """The object ``user`` may request a ``kind`` document about; 404 for anything else."""
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = visible_objects(user, kind).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def can_request(user, kind: DocumentKind | None, obj) -> bool:
    """Whether ``user`` may request a ``kind`` document about ``obj``."""
    return (
        kind is not None
        and user.has_perm(REQUEST_PERMISSION)
        and visible_objects(user, kind).filter(pk=obj.pk).exists()
    )


def visible_documents(user) -> QuerySet[GeneratedDocument]:
    """The documents ``user`` may see: per kind, those about objects in the kind's queryset."""
    visible = Q(pk__in=[])
    for kind in documents.kinds():
        content_type = ContentType.objects.get_for_model(kind.get_model())
        of_kind = Q(
            kind=kind.key,
            content_type=content_type,
            object_id__in=visible_objects(user, kind).values("pk"),
        )
        if kind.documents_q is not None:
            of_kind &= kind.documents_q(user)
        visible |= of_kind
    return GeneratedDocument.objects.filter(visible)


def get_document_for_user(user, pk: int) -> GeneratedDocument:
    """A document ``user`` may see; 404 for anything else."""
    document = visible_documents(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def get_downloadable_document(user, pk: int) -> GeneratedDocument:
    """A ready document with a file that ``user`` may see; 404 for anything else."""
    document = get_document_for_user(user, pk)
    if document.status != GeneratedDocument.Status.READY or not document.file:
        raise Http404
    return document
