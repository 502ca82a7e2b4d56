from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.documents import access
from portal.documents.registry import DocumentKind, documents


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


class DocumentRequestForm(forms.Form):
    """The object a document is about, its language and the kind's own options.

    Each kind subclasses this (``object_label``, extra fields). The form is bound with
    ``prefix=kind.key``, so several kinds' forms share the Reports page; the object field
    is then posted as ``<kind>-object``. ``document_options()`` is what the document stores
    and fingerprints: every cleaned field but the object, made JSON-serialisable.
    """

    object_label = _("Object")

    object = forms.ModelChoiceField(queryset=None, label=_("Object"))
    language = forms.ChoiceField(label=_("Language of the document"), choices=())

    def __init__(self, *args, kind: DocumentKind, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.user = user
        self.fields["object"].queryset = access.visible_objects(user, kind)
        self.fields["object"].label = self.object_label
        first_two = list(self.fields["object"].queryset[:2])
        self.has_objects = bool(first_two)
        if len(first_two) == 1:
            self.fields["object"].initial = first_two[0].pk
        self.fields["language"].choices = [(code, _(name)) for code, name in settings.LANGUAGES]
        self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE)[:2]
        optional = [s for s in documents.sections(kind.key) if s.optional]
        if optional:
            self.fields["leave_out"] = forms.MultipleChoiceField(
                label=_("Leave out"),
                choices=[(s.key, s.title) for s in optional],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_leave_out(self) -> list[str]:
        return sorted(self.cleaned_data.get("leave_out") or [])

    def document_object(self):
        return self.cleaned_data["object"]

    def document_options(self) -> dict:
        return {
            name: _jsonable(value)
            for name, value in sorted(self.cleaned_data.items())
            if name != "object"
        }
