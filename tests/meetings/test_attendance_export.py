import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, Guest
from tests.factories import PersonFactory, member_institution
from tests.meetings.factories import MeetingFactory


@pytest.fixture
def meeting(group, institution, other_institution):
    meeting = MeetingFactory(group=group)
    attendance = Attendance.objects.create(
        meeting=meeting, institution=institution, status=Attendance.Status.PRESENT
    )
    attendance.persons.add(PersonFactory(institution=institution, name="Željka Šarić"))
    Attendance.objects.create(
        meeting=meeting, institution=other_institution, status=Attendance.Status.EXCUSED
    )
    Guest.objects.create(meeting=meeting, name="Ana Čović", organisation="GIZ", position="Adviser")
    return meeting


def _url(meeting):
    return reverse("meetings:attendance_export", args=[meeting.pk])


def test_attendance_csv_has_bom_and_diacritics(client_for, representative, meeting):
    response = client_for(representative).get(_url(meeting), {"format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "BHAS" in text and "Present" in text and "Željka Šarić" in text
    assert "CBBH" in text and "Excused" in text
    assert "Ana Čović (Adviser)" in text and "Guest" in text


def test_attendance_xlsx_opens_with_the_rows(client_for, coordinator, meeting):
    response = client_for(coordinator).get(_url(meeting), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Institution", "Name", "Attendance", "Who came"]
    assert ["BHAS", "Agency for Statistics of BiH", "Present", "Željka Šarić"] in rows
    assert any(row[0] == "GIZ" and row[3] == "Ana Čović (Adviser)" for row in rows)


def test_meeting_page_links_attendance_export(client_for, representative, meeting):
    page = client_for(representative).get(meeting.get_absolute_url()).content.decode()
    assert f"{_url(meeting)}?format=xlsx" in page
    assert f"{_url(meeting)}?format=csv" in page


def test_attendance_export_needs_login(client, meeting):
    assert client.get(_url(meeting)).status_code == 302


def test_attendance_export_query_count_does_not_grow(client_for, secretariat, meeting, group):
    client = client_for(secretariat)
    client.get(_url(meeting), {"format": "csv"})  # warm up (session, permissions)
    with CaptureQueriesContext(connection) as small:
        client.get(_url(meeting), {"format": "csv"})
    for n in range(10):
        other = member_institution(group, acronym=f"I{n}")
        attendance = Attendance.objects.create(
            meeting=meeting, institution=other, status=Attendance.Status.PRESENT
        )
        attendance.persons.add(PersonFactory(institution=other))
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url(meeting), {"format": "csv"})
    assert b"I9" in response.content
    assert len(large) == len(small)
