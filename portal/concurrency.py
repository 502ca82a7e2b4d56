"""Refusing a stale save: one mechanism for every shared record's edit form.

A versioned record (``VersionedModel``) has a ``version`` that grows with every save. Its
edit form (``VersionFormMixin``) carries, in a hidden field, the version it was loaded
with. The save (``save_form``, or a service that calls ``lock_current`` and ``bump``)
locks the row with ``select_for_update`` inside one transaction and goes on only if the
version is still the one the form was loaded with; otherwise it raises ``StaleSave`` with
the row as it is now, and nothing of the stale save is written. The view then re-shows
the form with ``form.show_conflict(stale)``: a clear message, the saved values beside the
ones the user typed, and the current version in the hidden field, so that saving again
(after copying what they need) is not refused a second time.

A request without a version (a script, a test's hand-made POST) skips the check, as it
did for plans and progress updates before: every page's form sends one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGE = _(
    "Someone else saved this while you were editing. Nothing was saved: their version is "
    "shown beside yours; copy what you need and save again."
)


class VersionedModel(models.Model):
    """A shared record whose edit forms refuse a stale save (see the module's docstring)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class StaleSave(Exception):
    """The record was saved by someone else after the form was loaded.

    ``current`` is the record as it is now (its version included); ``message`` is for
    the user.
    """

    def __init__(self, current: models.Model, message: Any = None):
        self.current = current
        self.message = message if message is not None else MESSAGE
        super().__init__(str(self.message))


def lock(record: models.Model) -> models.Model:
    """The record's row as it is now, locked until the transaction ends."""
    return type(record)._base_manager.select_for_update().get(pk=record.pk)


def check(current: models.Model, version: int | None, message: Any = None) -> None:
    """Raise StaleSave unless ``version`` (the form's) is the saved one; None skips it."""
    if version is not None and version != current.version:
        raise StaleSave(current, message)


def lock_current(record: models.Model, version: int | None) -> models.Model:
    """Lock the record's row and check the form's version; call inside a transaction."""
    current = lock(record)
    check(current, version)
    return current


def bump(current: models.Model, *also: models.Model) -> None:
    """Count one more save of a locked row (and tell the callers' copies in ``also``)."""
    current.version += 1
    type(current)._base_manager.filter(pk=current.pk).update(version=current.version)
    for copy in also:
        copy.version = current.version


@transaction.atomic
def save_form(form: forms.ModelForm) -> models.Model:
    """Save a valid edit form of a versioned record if nobody saved it since it was loaded.

    One transaction; raises StaleSave with nothing written otherwise. A new record (a
    create form) is simply saved.
    """
    if form.instance._state.adding:
        return form.save()
    current = lock_current(form.instance, form.cleaned_data.get("version"))
    form.instance.version = current.version + 1
    return form.save()


def save_or_show_conflict(form: forms.ModelForm) -> bool:
    """``save_form``; True when saved, False when refused (the form then shows the conflict).

    For the usual edit view: ``if request.method == "POST" and form.is_valid() and
    save_or_show_conflict(form): ...redirect``.
    """
    try:
        save_form(form)
    except StaleSave as stale:
        form.show_conflict(stale)
        return False
    return True


# --- Showing a conflict -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One field (or a list of rows) as saved by the other person and as typed by the user."""

    label: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


@dataclass
class Conflict:
    rows: list[Row] = field(default_factory=list)


def display(value: Any, form_field: forms.Field | None = None) -> str:
    """A value as a person reads it, for the conflict table."""
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(display(item) for item in value) or "—"
    if value is None or value == "" or (isinstance(value, FieldFile) and not value):
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, datetime.date | datetime.time | Decimal):
        return str(formats.localize(value))
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        choices = {str(key): label for key, label in form_field.choices}
        return str(choices.get(str(value), value))
    return str(value)


def lines(rows: Iterable[Any]) -> str:
    """Several rows, one a line (for a formset page: the section's rows)."""
    return "\n".join(str(row) for row in rows) or "—"


def form_rows(form: forms.BaseForm, current: models.Model) -> list[Row]:
    """The form's fields: the value saved now on ``current`` beside the value typed."""
    rows = []
    for name, form_field in form.fields.items():
        if name == "version" or isinstance(form_field.widget, forms.HiddenInput):
            continue
        if not hasattr(current, name):
            continue
        theirs = display(getattr(current, name), form_field)
        yours = display(form.cleaned_data.get(name), form_field)
        rows.append(Row(label=str(form_field.label or name), theirs=theirs, yours=yours))
    return rows


def formset_rows(formset: forms.BaseFormSet, saved: Iterable[models.Model]) -> list[Row]:
    """A formset page's rows, one table row each: the row saved now beside the row typed."""
    shown = [
        (name, form_field)
        for name, form_field in formset.empty_form.fields.items()
        if name not in ("id", "DELETE", "version")
        and not isinstance(form_field.widget, forms.HiddenInput)
    ]

    def line(get) -> str:
        values = (display(get(name), form_field) for name, form_field in shown)
        return " · ".join(value for value in values if value != "—")

    theirs = [line(lambda name, row=row: getattr(row, name, None)) for row in saved]
    yours = [
        line(form.cleaned_data.get)
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]
    count = max(len(theirs), len(yours))
    theirs += ["—"] * (count - len(theirs))
    yours += ["—"] * (count - len(yours))
    return [
        Row(label=gettext("Row %(number)s") % {"number": number}, theirs=saved_row, yours=typed)
        for number, (saved_row, typed) in enumerate(zip(theirs, yours, strict=True), start=1)
    ]


class VersionFormMixin:
    """A hidden ``version`` field with the record's version when the form was loaded.

    For a ModelForm the record is the instance; a form of another shape (a formset
    page's, a page that edits several rows of one record) passes ``record=``.
    """

    def __init__(self, *args, record: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else self.instance
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=self.record.version
        )
        self.conflict: Conflict | None = None

    @property
    def version(self) -> int | None:
        return self.cleaned_data.get("version")

    def show_conflict(self, stale: StaleSave, rows: list[Row] | None = None) -> None:
        """Re-show the form refused: the message, their values beside the user's, and
        the current version, so that the next save is checked against it."""
        self.add_error(None, str(stale.message))
        self.conflict = Conflict(rows=rows if rows is not None else form_rows(self, stale.current))
        data = self.data.copy()
        data[self.add_prefix("version")] = stale.current.version
        self.data = data


class VersionForm(VersionFormMixin, forms.Form):
    """Only the version, for a page whose rows are a formset of one record."""
