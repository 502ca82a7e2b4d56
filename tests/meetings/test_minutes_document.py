"""The minutes PDF: its text in both languages, the options, approved revisions, access."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, Meeting, Minutes, MinutesEntry
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from tests.documents.conftest import pdf_text
from tests.factories import PersonFactory, member_institution
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)

Status = GeneratedDocument.Status
ALL = {"include_internal": True, "include_attendance": True, "include_action_items": True}


@pytest.fixture
def meeting(group, institution, other_institution):
    absent = member_institution(
        group,
        acronym="ADS",
        name_en="Civil Service Agency of BiH",
        name_bs="Agencija za državnu službu BiH",
    )
    for number in range(1, 7):
        MeetingFactory(group=group, title=f"Earlier meeting {number}", status="held")
    meeting = MeetingFactory(
        group=group,
        title="Seventh meeting of the working group",
        venue="Hotel Konjic",
        organiser=other_institution,
        host=institution,
        status=Meeting.Status.HELD,
    )
    assert meeting.number == 7
    public = AgendaItemFactory(
        meeting=meeting, order=1, title="Work package 2014–2016", presenter="GIZ team"
    )
    internal = AgendaItemFactory(
        meeting=meeting, order=2, title="Secretariat staffing", internal=True
    )
    DecisionFactory(
        meeting=meeting, number=1, agenda_item=public, text="The work package is adopted."
    )
    DecisionFactory(
        meeting=meeting, number=2, agenda_item=internal, text="A second secretary is hired."
    )
    amra = PersonFactory(institution=institution, name="Amra Čaušević")
    ActionItemFactory(
        meeting=meeting,
        number=1,
        agenda_item=public,
        owner=institution,
        owner_person=amra,
        description="Send the revised communication plan.",
    )
    ActionItemFactory(
        meeting=meeting, number=2, agenda_item=internal, owner=other_institution,
        description="Draft the job description.",
    )  # fmt: skip
    _attendance(meeting, institution, other_institution, absent, amra)
    services.minutes_save(
        meeting=meeting,
        summary="The group agreed its work package.",
        discussions={
            public.pk: "Goals were discussed one by one.",
            internal.pk: "Budget for staff was raised.",
        },
    )
    meeting.refresh_from_db()
    return meeting


def _attendance(meeting, institution, other_institution, absent, amra):
    present = Attendance.objects.create(meeting=meeting, institution=institution, status="present")
    present.persons.add(amra)
    Attendance.objects.create(meeting=meeting, institution=other_institution, status="excused")
    Attendance.objects.create(meeting=meeting, institution=absent, status="absent")


def render_text(meeting, **options) -> str:
    kind = documents.get("minutes")
    _name, data = kind.renderer.render(meeting, {"language": "en", **ALL, **options})
    return " ".join(pdf_text(data).split())


def test_english_minutes_show_what_happened_at_the_meeting(meeting):
    text = render_text(meeting)
    assert "Minutes of the 7th meeting" in text
    assert "Seventh meeting of the working group" in text
    assert "Hotel Konjic" in text
    assert "Organiser" in text and "Host" in text
    assert (
        "2014, 10:00–15:00 Konjic, Hotel Konjic Central Bank of BiH Agency for Statistics" in text
    )
    assert "Agency for Statistics of BiH Present Amra Čaušević" in text
    assert "Central Bank of BiH Excused" in text
    assert "Civil Service Agency of BiH Absent" in text
    assert "Quorum reached: 1 of 3" not in text  # one of three present: not reached
    assert "Quorum not reached" in text
    assert "1. Work package 2014–2016" in text
    assert "Goals were discussed one by one." in text
    assert "Decision 7/D1: The work package is adopted." in text
    assert "7/A1 Send the revised communication plan." in text
    assert "30 April 2014" in text or "April 30, 2014" in text
    assert "The group agreed its work package." in text
    assert "Draft: these minutes are not yet approved." in text


def test_bosnian_minutes_use_the_genitive_ordinal_and_bosnian_names(meeting):
    text = render_text(meeting, language="bs")
    assert "Zapisnik sa sedmog sastanka" in text
    assert "Agencija za statistiku BiH" in text
    assert "Agencija za državnu službu BiH" in text
    assert "Centralna banka BiH" in text
    assert "Odluka 7/D1" in text
    assert "Zadaci" in text
    assert "Sažetak" in text
    assert "Agency for Statistics of BiH" not in text


def test_leaving_out_internal_items_removes_their_discussion_decisions_and_actions(meeting):
    full = render_text(meeting)
    assert "Secretariat staffing" in full and "A second secretary is hired." in full
    text = render_text(meeting, include_internal=False)
    assert "Secretariat staffing" not in text
    assert "Budget for staff was raised." not in text
    assert "A second secretary is hired." not in text
    assert "Draft the job description." not in text
    assert "The work package is adopted." in text
    assert "Send the revised communication plan." in text


def test_leaving_out_attendance_and_action_items_removes_those_parts(meeting):
    text = render_text(meeting, include_attendance=False, include_action_items=False)
    assert "Attendance" not in text
    assert "Amra Čaušević" not in text
    assert "Quorum" not in text
    assert "Action items" not in text
    assert "Send the revised communication plan." not in text
    assert "The work package is adopted." in text


def approve(meeting, group):
    services.meeting_set_status(meeting=meeting, status=Meeting.Status.MINUTES_CIRCULATED)
    later = MeetingFactory(group=group, title="Eighth meeting", status="planned")
    services.meeting_set_status(
        meeting=meeting, status=Meeting.Status.MINUTES_APPROVED, approved_at=later
    )
    meeting.refresh_from_db()
    return later


def test_approved_minutes_render_the_frozen_revision_not_a_later_draft(meeting, group):
    approve(meeting, group)
    frozen = Minutes.objects.get(meeting=meeting)
    assert frozen.frozen
    # A later unfrozen draft (such as one started in the admin) must not reach the PDF.
    draft = Minutes.objects.create(meeting=meeting, revision=2, summary="Unapproved new summary.")
    for entry in frozen.entries.all():
        MinutesEntry.objects.create(
            minutes=draft, agenda_item=entry.agenda_item, discussion="Unapproved text."
        )
    text = render_text(meeting)
    assert "Approved at the 8th meeting" in text
    assert "The group agreed its work package." in text
    assert "Goals were discussed one by one." in text
    assert "Unapproved" not in text


def test_a_correction_of_approved_minutes_shows_as_a_new_revision_with_its_reason(meeting, group):
    approve(meeting, group)
    item = meeting.agenda_items.get(order=1)
    services.minutes_save(
        meeting=meeting,
        summary="The group agreed its work package unanimously.",
        discussions={
            e.agenda_item_id: e.discussion for e in Minutes.objects.get(revision=1).entries.all()
        }
        | {item.pk: "Goals and indicators were discussed one by one."},
        reason="Vote recorded wrongly",
    )
    text = render_text(meeting)
    assert "Revision 2" in text
    assert "Correction: Vote recorded wrongly" in text
    assert "unanimously" in text
    assert "Goals and indicators were discussed one by one." in text


def test_the_same_minutes_request_twice_renders_once(
    meeting, coordinator, renders, django_capture_on_commit_callbacks
):
    kind = documents.get("minutes")
    from portal.documents import services as document_services

    with django_capture_on_commit_callbacks(execute=True):
        first, created = document_services.request_document(
            kind=kind, obj=meeting, options={"language": "bs", **ALL}, by=coordinator
        )
    with django_capture_on_commit_callbacks(execute=True):
        second, created_again = document_services.request_document(
            kind=kind, obj=meeting, options={"language": "bs", **ALL}, by=coordinator
        )
    assert created and not created_again and first.pk == second.pk
    assert len(renders) == 1
    first.refresh_from_db()
    assert first.status == Status.READY
    assert "Zapisnik sa sedmog sastanka" in pdf_text(default_storage.open(first.file.name).read())


def post_request(client, meeting, **fields):
    data = {"minutes-object": meeting.pk, "minutes-language": "en"}
    data.update({f"minutes-{k}": v for k, v in fields.items()})
    return client.post(reverse("documents:request", args=["minutes"]), data)


def test_representative_is_refused_minutes_with_internal_items(
    meeting, representative, client_for, django_capture_on_commit_callbacks
):
    client = client_for(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client, meeting, include_internal="on", include_attendance="on")
    assert response.status_code == 200
    assert "Only the secretariat and coordinators may have minutes with internal items." in (
        response.content.decode()
    )
    assert not GeneratedDocument.objects.exists()


def test_representative_gets_minutes_without_internal_items(
    meeting, representative, client_for, django_capture_on_commit_callbacks
):
    client = client_for(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client, meeting, include_attendance="on", include_action_items="on")
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind="minutes")
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert "The work package is adopted." in text
    assert "Secretariat staffing" not in text


def test_representative_cannot_download_minutes_with_internal_items(
    meeting, coordinator, representative, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_request(client_for(coordinator), meeting, include_internal="on")
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind="minutes")
    assert document.options["include_internal"] is True
    client = client_for(representative)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert (
        f"/reports/{document.pk}/download/"
        not in client.get(reverse("documents:reports")).content.decode()
    )


def test_meeting_page_offers_the_minutes(meeting, secretariat, representative, client_for):
    page = client_for(secretariat).get(meeting.get_absolute_url()).content.decode()
    assert reverse("documents:request", args=["minutes"]) in page
    assert "Include internal agenda items and decisions" in page
    page = client_for(representative).get(meeting.get_absolute_url()).content.decode()
    assert reverse("documents:request", args=["minutes"]) in page
    assert "Representatives receive minutes without internal items." in page


def test_institution_report_has_attendance_and_action_items(
    meeting, institution, coordinator, django_capture_on_commit_callbacks
):
    kind = documents.get("institution")
    _name, data = kind.renderer.render(institution, {"language": "en"})
    text = " ".join(pdf_text(data).split())
    assert "Attendance at meetings" in text
    assert "Present at 1 of 1 meetings held." in text
    assert "Seventh meeting of the working group" in text
    assert "7/A1 Send the revised communication plan." in text
    _name, data = kind.renderer.render(
        institution, {"language": "en", "leave_out": ["meetings.action_items"]}
    )
    assert "Send the revised communication plan." not in pdf_text(data)


def test_minutes_titles_use_the_bosnian_genitive_for_every_kind(group):
    from django.utils import translation

    renderer = documents.get("minutes").renderer
    workshop = MeetingFactory(group=group, kind=Meeting.Kind.WORKSHOP)
    with translation.override("bs"):
        assert renderer.title(workshop, {}) == "Zapisnik sa prve radionice"
        workshop.number = 21
        assert renderer.title(workshop, {}) == "Zapisnik sa 21. radionice"
        visit = MeetingFactory(group=group, kind=Meeting.Kind.STUDY_VISIT)
        assert renderer.title(visit, {}) == "Zapisnik sa druge studijske posjete"
    with translation.override("en"):
        assert renderer.title(visit, {}) == "Minutes of the 2nd study visit"
