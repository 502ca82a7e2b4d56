"""An attachment is what its content says it is, and is served as that type."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment
from tests import samples
from tests.meetings.factories import MeetingFactory

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, meeting, name, content, claimed="application/octet-stream"):
    return client.post(
        reverse("meetings:attachment_add", args=[meeting.pk]),
        {"file": SimpleUploadedFile(name, content, claimed), "title": "Paper"},
    )


@pytest.mark.parametrize(
    ("name", "content", "served"),
    [
        ("paper.pdf", samples.PDF, "application/pdf"),
        ("chart.png", samples.png(), "image/png"),
        ("draft.docx", samples.docx(), DOCX),
        ("figures.xlsx", samples.xlsx(), XLSX),
        ("notes.txt", "Bilješke: č ć đ š ž\n".encode(), "text/plain"),
    ],
)
def test_real_files_are_accepted_and_served_with_the_type_their_content_shows(
    client_for, secretariat, representative, group, name, content, served
):
    meeting = MeetingFactory(group=group)
    # The browser claims HTML: the portal does not repeat the claim.
    response = upload(client_for(secretariat), meeting, name, content, claimed="text/html")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == served

    download = client_for(representative).get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == served
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", samples.EXE),  # a program renamed .pdf
        ("chart.png", samples.PDF),  # a PDF renamed .png
        ("draft.docx", samples.zip_named(["a.txt", "b.txt"])),  # any ZIP renamed .docx
        ("figures.xlsx", samples.docx()),  # a Word file renamed .xlsx
        ("notes.txt", samples.EXE),  # binary renamed .txt
        ("empty.pdf", b""),
    ],
)
def test_a_file_whose_content_is_not_its_extension_is_refused(
    client_for, secretariat, group, name, content
):
    meeting = MeetingFactory(group=group)
    response = upload(client_for(secretariat), meeting, name, content, claimed="application/pdf")
    assert response.status_code == 200
    ext = name.rsplit(".", 1)[-1]
    text = response.content.decode()
    assert f"The file&#x27;s content is not what a “.{ext}” file holds." in text or (
        content == b"" and "The submitted file is empty." in text
    )
    assert not Attachment.objects.exists()


def test_a_program_is_refused_under_its_own_name_too(client_for, secretariat, group):
    meeting = MeetingFactory(group=group)
    response = upload(client_for(secretariat), meeting, "setup.exe", samples.EXE)
    assert "Files of type “exe” are not allowed." in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_older_attachment_is_not_served_with_the_browsers_claim(
    client_for, representative, group
):
    meeting = MeetingFactory(group=group)
    attachment = Attachment(meeting=meeting, filename="old.pdf", content_type="text/html")
    attachment.file.save("old.pdf", SimpleUploadedFile("old.pdf", samples.PDF), save=False)
    attachment.save()
    download = client_for(representative).get(attachment.get_absolute_url())
    assert download["Content-Type"] == "application/octet-stream"
