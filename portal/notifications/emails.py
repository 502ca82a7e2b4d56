"""One builder for every e-mail: three templates, rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import translation

from portal.notifications.templatetags.email_text import oneline


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template with autoescaping off.

    Text is not HTML: "Q&A <script>" must reach the reader as typed, not as
    "Q&amp;A &lt;script&gt;". The setting holds for the template's includes too. Single-line
    fields pass through the ``oneline`` filter (``email_text``) so that a CR/LF typed into a
    city or a title cannot start a new line.
    """
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_email(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``.

    Returns (subject, text, html): the subject and the text unescaped, the HTML escaped
    as any page is. Links use ``site_url`` (settings.SITE_URL).
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_text(f"{template}_subject.txt", context)
        text = render_text(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    # One line whatever the template or the data hold: a header never carries a break.
    subject = oneline(subject)[:255]
    return subject, text.strip() + "\n", html
