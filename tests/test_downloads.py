"""Every download names one safe file, whatever the group, institution or upload is called."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from portal.documents.models import GeneratedDocument
from portal.downloads import safe_filename
from portal.exports import Column, tabular_response
from tests.meetings.factories import MeetingFactory

EVIL = 'WG"; filename=evil.exe; x="'
PLAIN = re.compile(r'^attachment; filename="([\w.\-() ]+)"$')
ENCODED = re.compile(r"^attachment; filename\*=utf-8''([A-Za-z0-9%._\-~()]+)$")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def filename_of(response) -> str:
    """The one file name the header gives, or fail if it gives anything else."""
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    if match := PLAIN.match(header):
        return match.group(1)
    match = ENCODED.match(header)
    assert match, f"not one safe file name: {header!r}"
    return unquote(match.group(1))


def test_ics_of_a_group_with_quotes_and_semicolons_in_its_short_name(
    client_for, secretariat, group
):
    group.short_name = EVIL
    group.save()
    meeting = MeetingFactory(group=group)
    response = client_for(secretariat).get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    name = filename_of(response)
    assert name.endswith(f"-{meeting.number}.ics")
    assert '"' not in name and ";" not in name and "=" not in name


def test_ics_of_a_group_with_bosnian_letters_keeps_them(client_for, secretariat, group):
    group.short_name = "RG-čćđšž"
    group.save()
    meeting = MeetingFactory(group=group)
    response = client_for(secretariat).get(reverse("meetings:ics", args=[meeting.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert filename_of(response) == f"RG-čćđšž-{meeting.number}.ics"


def test_pdf_document_of_an_institution_with_an_evil_acronym(
    client_for, coordinator, institution, django_capture_on_commit_callbacks
):
    institution.acronym = EVIL[:20]
    institution.save()
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:request", args=["institution"]),
            {"institution-object": institution.pk, "institution-language": "en"},
        )
    document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.READY, document.failure_reason
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    name = filename_of(response)
    assert name.startswith("institution-report-wg") and name.endswith("-en.pdf")
    assert '"' not in name and ";" not in name


def test_attachment_uploaded_under_an_evil_name(client_for, representative, group):
    meeting = MeetingFactory(group=group)
    # Stored through the service: a browser's multipart header could not carry this name.
    attachment = services.attachment_add(
        meeting=meeting, upload=SimpleUploadedFile(f"{EVIL}\r\n.pdf", PDF, "application/pdf")
    )
    assert attachment.filename == "WG-filename-evil.exe-x-.pdf"
    download = client_for(representative).get(attachment.get_absolute_url())
    name = filename_of(download)
    assert name.endswith(".pdf") and '"' not in name and ";" not in name


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_name_one_safe_file(fmt):
    response = tabular_response(
        filename=f"attendance-{EVIL}", fmt=fmt, columns=[Column("A")], rows=[["1"]]
    )
    name = filename_of(response)
    assert name.endswith(f".{fmt}") and '"' not in name and ";" not in name


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        (EVIL, "WG-filename-evil.exe-x"),
        ("minutes\r\nSet-Cookie: a=b.pdf", "minutes-Set-Cookie-a-b.pdf"),
        ("../../etc/passwd", "etc-passwd"),
        ("Izvještaj č ć đ š ž.pdf", "Izvještaj č ć đ š ž.pdf"),
        ('"";', "download"),
    ],
)
def test_safe_filename(raw, safe):
    assert safe_filename(raw) == safe
