from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def test_an_attachment_is_stored_and_downloaded_by_members_only(
    client, client_for, secretariat, representative, group
):
    meeting = MeetingFactory(group=group)
    item = AgendaItemFactory(meeting=meeting, title="Work package")
    upload = SimpleUploadedFile("wp.pdf", b"%PDF-1.4 work package", "application/pdf")
    response = client_for(secretariat).post(
        reverse("meetings:attachment_add", args=[meeting.pk]),
        {"file": upload, "title": "Work package draft", "agenda_item": item.pk},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert default_storage.exists(attachment.file.name)
    assert attachment.size == len(b"%PDF-1.4 work package")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Work package draft" in page

    client.logout()
    anonymous = client.get(attachment.get_absolute_url())
    assert anonymous.status_code == 302

    client.force_login(representative)
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 work package"
    assert 'filename="wp.pdf"' in download["Content-Disposition"]
