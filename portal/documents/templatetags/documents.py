"""``{% document_panel "kind" object %}``: request a document from the object's own page.

Renders nothing for users who may not request that kind about that object.
"""

from __future__ import annotations

from django import forms, template
from django.contrib.contenttypes.models import ContentType

from portal.documents import access
from portal.documents.registry import documents

register = template.Library()
RECENT = 5


@register.inclusion_tag("documents/_document_panel.html", takes_context=True)
def document_panel(context, kind_key: str, obj):
    request = context["request"]
    user = request.user
    kind = documents.get(kind_key)
    if not access.can_request(user, kind, obj):
        return {"show": False}
    form = kind.form_class(kind=kind, user=user, prefix=kind.key, initial={"object": obj.pk})
    form.fields["object"].widget = forms.HiddenInput()
    recent = (
        access.visible_documents(user)
        .filter(
            kind=kind.key,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        .order_by("-requested_at", "-pk")[:RECENT]
    )
    return {
        "show": True,
        "kind": kind,
        "form": form,
        "documents": recent,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
