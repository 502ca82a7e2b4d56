"""Download headers: one safe file name, built by Django's helper, never by formatting.

A group's short name, an institution's acronym or an uploaded file's name can hold quotes,
semicolons, line breaks or letters such as č ć đ š ž. ``safe_filename`` keeps letters
(any script), digits and ``. - _ ( )`` and space, turning every other run into one
hyphen; ``content_disposition`` then quotes it (or, for non-ASCII, writes
``filename*=utf-8''…``) with ``django.utils.http.content_disposition_header``.
"""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

_UNSAFE = re.compile(r"\s*[^\w.\-() ]+\s*")
_MAX_LENGTH = 150


def safe_filename(name: str, *, default: str = "download") -> str:
    """``name`` with nothing that could end or split a header parameter."""
    cleaned = _UNSAFE.sub("-", str(name).replace("\x00", ""))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" -.")
    if len(cleaned) > _MAX_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and len(extension) <= 10:
            cleaned = stem[: _MAX_LENGTH - len(extension) - 1] + "." + extension
        else:
            cleaned = cleaned[:_MAX_LENGTH]
    return cleaned or default


def content_disposition(filename: str, *, inline: bool = False) -> str:
    return content_disposition_header(not inline, safe_filename(filename))


def as_download(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark ``response`` as a download named ``filename`` (made safe here)."""
    response["Content-Disposition"] = content_disposition(filename)
    return response
