"""Turning an object into a PDF: a renderer makes the HTML, WeasyPrint makes the PDF.

A renderer is a small class: ``render(obj, options) -> (filename, bytes)`` from a
template under ``templates/pdf/`` that extends ``pdf/base.html`` (A4, print CSS, DejaVu
fonts, the group's name and the title in the page header). The date and the page
numbers go into the page footer from a stylesheet added at PDF time, so the HTML holds
nothing that changes from one rendering to the next and can be fingerprinted.
"""

from __future__ import annotations

import datetime
import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.documents.registry import documents


class DocumentError(Exception):
    """A renderer's refusal that a person can act on (shown as the reason for failure)."""


def document_language(options: dict) -> str:
    language = options.get("language") or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class RenderedHtml:
    title: str
    filename: str
    html: str
    language: str


class DocumentRenderer:
    """Base class: subclasses set ``template_name`` and define ``title`` and ``get_context``."""

    template_name = "pdf/base.html"

    def title(self, obj, options: dict) -> str:
        return str(obj)

    def header(self, obj, options: dict) -> str:
        """The running header's left part: usually the working group's name."""
        return _("Working Group Portal")

    def filename(self, obj, options: dict) -> str:
        slug = slugify(self.title(obj, options)) or "document"
        return f"{slug[:80]}-{document_language(options)}.pdf"

    def get_context(self, obj, options: dict) -> dict:
        return {}

    def render_html(self, obj, options: dict) -> RenderedHtml:
        language = document_language(options)
        with translation.override(language):
            title = self.title(obj, options)
            context = {
                "object": obj,
                "options": options,
                "title": title,
                "header": self.header(obj, options),
                "language": language,
                **self.get_context(obj, options),
            }
            html = render_to_string(self.template_name, context)
            return RenderedHtml(title, self.filename(obj, options), html, language)

    def render(
        self, obj, options: dict, *, generated_at: datetime.datetime | None = None
    ) -> tuple[str, bytes]:
        page = self.render_html(obj, options)
        return page.filename, html_to_pdf(
            page.html, language=page.language, generated_at=generated_at or timezone.now()
        )


class SectionedRenderer(DocumentRenderer):
    """A report made of the sections that apps register for ``kind_key``."""

    template_name = "pdf/sectioned.html"
    kind_key = ""

    def get_context(self, obj, options: dict) -> dict:
        leave_out = set(options.get("leave_out") or [])
        sections = []
        for section in documents.sections(self.kind_key):
            if section.optional and section.key in leave_out:
                continue
            context = section.context(obj, options)
            if context is None:
                continue
            html = render_to_string(
                section.template, {"object": obj, "options": options, **context}
            )
            # Rendered by the template engine with autoescaping: safe to place as is.
            sections.append(
                {"key": section.key, "title": str(section.title), "html": mark_safe(html)}  # noqa: S308
            )
        return {"sections": sections}


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_stylesheet(*, generated_at: datetime.datetime) -> str:
    """The footer: generation date left, "Page n of m" right, in the active language."""
    date = formats.date_format(timezone.localtime(generated_at), "DATE_FORMAT")
    generated = _("Generated on %(date)s") % {"date": date}
    marker = "\x00"
    label = _("Page %(page)s of %(pages)s") % {
        "page": f"{marker}page{marker}",
        "pages": f"{marker}pages{marker}",
    }
    parts = []
    for index, part in enumerate(label.split(marker)):
        if index % 2:
            parts.append(f"counter({part})")
        elif part:
            parts.append(_css_string(part))
    return (
        "@page { "
        f"@bottom-left {{ content: {_css_string(generated)}; }} "
        f"@bottom-right {{ content: {' '.join(parts)}; }} "
        "}"
    )


def _static_path(url: str) -> str | None:
    """The file that ``url`` names among the portal's static files, or None.

    Only a path under STATIC_URL counts (as a template's ``{% static %}`` writes it, with no
    scheme and no host); ``..`` may not climb out of it.
    """
    parts = urlsplit(url)
    prefix = urlsplit(settings.STATIC_URL).path
    if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
        return None
    name = posixpath.normpath(unquote(parts.path[len(prefix) :]))
    if name.startswith(("..", "/")) or name == ".":
        return None
    found = finders.find(name)
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT, name)
        found = str(candidate) if candidate.is_file() else None
    return found


def _url_fetcher():
    """WeasyPrint's fetcher, limited to the portal's own static files (images, fonts).

    Everything else (http:, file:, any address that reached the data) is refused without
    a connection; WeasyPrint logs the refusal and leaves the resource out, and the document
    still renders. ``data:`` URLs carry their content and need no fetch.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Documents load only the portal's static files, not {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            body = Path(path).read_bytes()
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesFetcher(allowed_protocols=("data",), allow_redirects=False)


def html_to_pdf(html: str, *, language: str, generated_at: datetime.datetime) -> bytes:
    """Render ``html`` to PDF with WeasyPrint; the footer in ``language``."""
    from weasyprint import CSS, HTML

    with translation.override(language):
        stylesheet = page_stylesheet(generated_at=generated_at)
    # No base URL: a relative address stays a path, and only a static file's is fetched.
    document = HTML(string=html, url_fetcher=_url_fetcher(), base_url="about:blank")
    return document.write_pdf(stylesheets=[CSS(string=stylesheet)])
