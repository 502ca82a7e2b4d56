"""Bad input shows a clear error on the form and saves nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment, Meeting
from tests.meetings.factories import MeetingFactory

VALID = {
    "kind": "meeting",
    "title": "Eighth meeting",
    "date": "2014-06-10",
    "start_time": "10:00",
    "end_time": "14:00",
    "city": "Banja Luka",
}


def test_an_end_before_the_start_is_refused(client_for, secretariat, group):
    data = VALID | {"group": group.pk, "start_time": "14:00", "end_time": "10:00"}
    response = client_for(secretariat).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_editing_an_end_before_the_start_is_refused(client_for, secretariat, group):
    meeting = MeetingFactory(group=group)
    data = VALID | {"start_time": "14:00", "end_time": "09:00"}
    response = client_for(secretariat).post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert "The meeting must end after it starts." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.end_time.hour == 15 and meeting.sequence == 0


def test_a_missing_title_is_refused(client_for, secretariat, group):
    data = VALID | {"group": group.pk, "title": ""}
    response = client_for(secretariat).post(reverse("meetings:create"), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_agenda_item_without_a_title_is_refused(client_for, secretariat, group):
    meeting = MeetingFactory(group=group)
    response = client_for(secretariat).post(
        reverse("meetings:agenda_add", args=[meeting.pk]), {"title": "", "duration": "20"}
    )
    assert "This field is required." in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_an_oversized_attachment_is_refused(client_for, secretariat, group, settings):
    settings.ATTACHMENT_MAX_MB = 1
    meeting = MeetingFactory(group=group)
    big = SimpleUploadedFile("slides.pdf", b"x" * (1024 * 1024 + 1), "application/pdf")
    response = client_for(secretariat).post(
        reverse("meetings:attachment_add", args=[meeting.pk]), {"file": big}
    )
    assert response.status_code == 200
    assert "the limit is 1 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_disallowed_attachment_type_is_refused(client_for, secretariat, group, settings):
    settings.ATTACHMENT_EXTENSIONS = ["pdf", "docx"]
    meeting = MeetingFactory(group=group)
    bad = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    response = client_for(secretariat).post(
        reverse("meetings:attachment_add", args=[meeting.pk]), {"file": bad}
    )
    assert "Files of type “exe” are not allowed. Allowed types: pdf, docx." in (
        response.content.decode()
    )
    assert not Attachment.objects.exists()
