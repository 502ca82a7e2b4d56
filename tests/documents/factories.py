from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from portal.documents.models import GeneratedDocument


def document_for(obj, *, kind="institution", status="ready", language="en", **kwargs):
    """A generated document about ``obj``; a ready one has a (tiny) stored file."""
    fields = {
        "kind": kind,
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": obj.pk,
        "options": {"language": language},
        "title": f"Report on {obj}",
        "language": language,
        "status": status,
        "fingerprint": hashlib.sha256(f"{obj.pk}{status}{kwargs}".encode()).hexdigest(),
        **kwargs,
    }
    if status == GeneratedDocument.Status.READY and "file" not in fields:
        data = b"%PDF-1.7 test"
        fields["file"] = default_storage.save(f"documents/test/{obj.pk}.pdf", ContentFile(data))
        fields["filename"] = f"report-{obj.pk}.pdf"
        fields["checksum"] = hashlib.sha256(data).hexdigest()
        fields["size"] = len(data)
    return GeneratedDocument.objects.create(**fields)
