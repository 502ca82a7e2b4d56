"""One builder for every e-mail: three templates, rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_email(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``.

    Returns (subject, text, html). Links use ``site_url`` (settings.SITE_URL).
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    subject = " ".join(subject.split())[:255]
    return subject, text.strip() + "\n", html
