"""What an uploaded file is, decided from its content, not from its name or the browser.

The type is sniffed with ``filetype`` (pure Python, so the web image and every developer
machine need no libmagic, unlike python-magic) and must be the type its extension
promises; the extension must be in the allowed list (ATTACHMENT_EXTENSIONS). Office files
are ZIP or OLE containers that magic numbers alone tell apart poorly, so a ZIP is opened
and its members looked at: a .docx must hold ``word/document.xml``, an .odt a ``mimetype``
member naming the OpenDocument text type. Plain text (.txt, .csv) has no magic number:
it must not look like any binary type and must hold no NUL byte.

``checked_upload`` returns the type decided; forms store it on the row, and downloads
are served with it (never with what the browser claimed).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import PurePath

import filetype
from django import forms
from django.utils.translation import gettext as _

_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD = 8192

# Extension -> the content type it must have.
TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": _OOXML + "wordprocessingml.document",
    "xlsx": _OOXML + "spreadsheetml.sheet",
    "pptx": _OOXML + "presentationml.presentation",
    "odt": _ODF + "text",
    "ods": _ODF + "spreadsheet",
    "odp": _ODF + "presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "txt": "text/plain",
    "csv": "text/csv",
}
# The member an Office Open XML package of each kind must hold.
_OOXML_MAIN = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_TEXT = {"txt", "csv"}
_OLE = {"doc", "xls", "ppt"}

# Types a browser may show inline: everything else is served as a download only.
INLINE_SAFE = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    return head


def _zip_type(upload, extension: str) -> str | None:
    """The package type of a ZIP upload, from its members; None if it is not that kind."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in _OOXML_MAIN:
                if "[Content_Types].xml" in names and _OOXML_MAIN[extension] in names:
                    return TYPES[extension]
                return None
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(100).decode("ascii", "replace").strip()
                return declared if declared == TYPES[extension] else None
            return None
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)


def sniff(upload, extension: str) -> str | None:
    """The type ``upload`` has if it really is a file of ``extension``, else None."""
    head = _head(upload)
    if not head:
        return None
    if extension in _TEXT:
        if filetype.guess(head) is None and b"\x00" not in head:
            return TYPES[extension]
        return None
    if extension in _OLE:
        return TYPES[extension] if head.startswith(_OLE_MAGIC) else None
    if extension in _OOXML_MAIN or TYPES.get(extension, "").startswith(_ODF):
        return _zip_type(upload, extension) if head.startswith(b"PK\x03\x04") else None
    kind = filetype.guess(head)
    if kind is None:
        return None
    if extension in TYPES:
        return TYPES[extension] if kind.mime == TYPES[extension] else None
    # An extension the list allows but this module has no rule for: the sniffed kind
    # must carry that very extension.
    return kind.mime if kind.extension == extension else None


def checked_upload(upload, *, allowed: Iterable[str]) -> str:
    """The content type of ``upload``, or a ValidationError a person can act on."""
    allowed = [e.lower().lstrip(".") for e in allowed]
    extension = extension_of(upload.name)
    if extension not in allowed:
        raise forms.ValidationError(
            _("Files of type “%(ext)s” are not allowed. Allowed types: %(types)s.")
            % {"ext": extension or "?", "types": ", ".join(allowed)},
            code="extension",
        )
    content_type = sniff(upload, extension)
    if content_type is None:
        raise forms.ValidationError(
            _(
                "The file's content is not what a “.%(ext)s” file holds. Save it again "
                "in that format, or upload it under its real type."
            )
            % {"ext": extension},
            code="content",
        )
    return content_type


def served_type(stored: str) -> str:
    """The Content-Type a stored upload is served with: the type decided at upload, or
    plain bytes for a row from before types were decided (its browser's claim, which
    might say text/html, is not repeated)."""
    return stored if stored in TYPES.values() else "application/octet-stream"
