"""Document kinds and report sections, registered by the apps from their AppConfig.ready.

``portal`` imports no app: an app that offers a PDF registers a ``DocumentKind`` here,
and an app that adds to another kind's report registers a ``Section`` for that kind::

    from portal.documents.registry import DocumentKind, Section, documents

    documents.register(DocumentKind(key="minutes", label=_("Minutes"), ...))
    documents.add_section("institution", Section("meetings.attendance", ...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models

if TYPE_CHECKING:
    from portal.documents.forms import DocumentRequestForm
    from portal.documents.rendering import DocumentRenderer


@dataclass(frozen=True)
class Section:
    """A part of a sectioned report (such as the institution report) that an app adds.

    ``context(obj, options)`` returns the template context, or None to leave the section
    out for this object. It runs with the document's language active. ``optional``
    sections can be left out by the requester (their key goes to ``options["leave_out"]``).
    """

    key: str
    title: Any
    template: str
    context: Callable[[Any, dict], dict | None]
    order: int = 100
    optional: bool = True


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document the portal renders.

    - ``model``: the model (or ``"app_label.ModelName"``) of the object a document is about.
    - ``queryset(user)``: the objects ``user`` may request and download this kind for;
      anything outside it answers 404. A representative's queryset holds only their own
      institution's objects where the kind is institution-bound.
    - ``form_class``: a ``DocumentRequestForm`` subclass: the object choice and the options.
    - ``renderer``: a ``DocumentRenderer``: ``render(obj, options) -> (filename, bytes)``.
    - ``fingerprint(obj, options)``: optional; by default the hash of the document's HTML
      and options, so any change in what the document shows makes a new one.
    - ``documents_q(user)``: optional; a ``Q`` on ``GeneratedDocument`` narrowing which of
      this kind's documents ``user`` may see by their options (say, only minutes without
      internal items for a representative). The form refuses such requests too.
    """

    key: str
    label: Any
    model: type[models.Model] | str
    queryset: Callable[[Any], models.QuerySet]
    form_class: type[DocumentRequestForm]
    renderer: DocumentRenderer
    description: Any = ""
    fingerprint: Callable[[Any, dict], str] | None = None
    order: int = 100
    documents_q: Callable[[Any], models.Q] | None = None

    def get_model(self) -> type[models.Model]:
        if isinstance(self.model, str):
            return apps.get_model(self.model)
        return self.model


@dataclass
class DocumentRegistry:
    _kinds: dict[str, DocumentKind] = field(default_factory=dict)
    _sections: dict[str, list[Section]] = field(default_factory=dict)

    def register(self, kind: DocumentKind) -> None:
        if kind.key in self._kinds and self._kinds[kind.key] != kind:
            raise ValueError(f"Document kind {kind.key!r} is registered twice")
        self._kinds[kind.key] = kind

    def get(self, key: str) -> DocumentKind | None:
        return self._kinds.get(key)

    def kinds(self) -> list[DocumentKind]:
        return sorted(self._kinds.values(), key=lambda k: (k.order, k.key))

    def add_section(self, kind_key: str, section: Section) -> None:
        """Add ``section`` to the report of kind ``kind_key`` (registered before or after)."""
        sections = self._sections.setdefault(kind_key, [])
        if any(s.key == section.key for s in sections):
            sections[:] = [s for s in sections if s.key != section.key]
        sections.append(section)
        sections.sort(key=lambda s: (s.order, s.key))

    def sections(self, kind_key: str) -> list[Section]:
        return list(self._sections.get(kind_key, []))


documents = DocumentRegistry()
