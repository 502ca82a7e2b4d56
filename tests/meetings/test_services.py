import datetime
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import ActionItem, Attendance, Meeting, MinutesComment
from meetings.selectors import attendance_record, meeting_record, open_action_items
from tests.factories import member_institution
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
)


def test_numbers_are_per_group_and_never_reused(group):
    first, second = MeetingFactory(group=group), MeetingFactory(group=group)
    assert (first.number, second.number) == (1, 2)
    second.delete()
    assert MeetingFactory(group=group).number == 2
    assert MeetingFactory().number == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", datetime.date(2014, 3, 5)),
        ("start_time", datetime.time(9)),
        ("end_time", datetime.time(16)),
        ("city", "Mostar"),
        ("venue", "Town hall"),
    ],
)
def test_changing_date_time_or_place_raises_the_sequence(group, field, value):
    meeting = MeetingFactory(group=group)
    services.meeting_update(
        meeting=meeting, details=replace(services.MeetingDetails.of(meeting), **{field: value})
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_changing_only_the_title_keeps_the_sequence(group):
    meeting = MeetingFactory(group=group)
    services.meeting_update(
        meeting=meeting, details=replace(services.MeetingDetails.of(meeting), title="Renamed")
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_status_flow_to_approved_records_the_approving_meeting_and_freezes(group, secretariat):
    meeting, later = MeetingFactory(group=group), MeetingFactory(group=group)
    item = AgendaItemFactory(meeting=meeting)
    services.meeting_set_status(meeting=meeting, status=Meeting.Status.HELD)
    services.minutes_save(meeting=meeting, summary="Draft", discussions={item.pk: "Talked."})
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    services.meeting_set_status(meeting=meeting, status=Meeting.Status.MINUTES_CIRCULATED)
    with pytest.raises(ValidationError):
        services.meeting_set_status(meeting=meeting, status=Meeting.Status.MINUTES_APPROVED)
    earlier = MeetingFactory(group=group)
    Meeting.objects.filter(pk=earlier.pk).update(number=0)
    earlier.refresh_from_db()
    with pytest.raises(ValidationError):
        services.meeting_set_status(
            meeting=meeting, status=Meeting.Status.MINUTES_APPROVED, approved_at=earlier
        )
    services.meeting_set_status(
        meeting=meeting, status=Meeting.Status.MINUTES_APPROVED, approved_at=later
    )
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at == later
    assert meeting.sequence == 4
    first = meeting.minutes.get()
    assert first.frozen

    with pytest.raises(ValidationError):
        services.minutes_save(meeting=meeting, summary="Changed", discussions={})
    services.minutes_save(
        meeting=meeting,
        summary="Corrected",
        discussions={item.pk: "Talked more."},
        by=secretariat,
        reason="Typo in item 1",
    )
    first.refresh_from_db()
    assert first.summary == "Draft"
    record = meeting_record(meeting)
    assert [m.revision for m in record.revisions] == [2, 1]
    assert record.minutes.summary == "Corrected"
    assert record.agenda[0].discussion == "Talked more."


def test_illegal_transition_is_refused(group):
    meeting = MeetingFactory(group=group)
    with pytest.raises(ValidationError):
        services.meeting_set_status(meeting=meeting, status=Meeting.Status.MINUTES_APPROVED)


def test_approved_minutes_are_corrected_only_as_a_visible_revision(client_for, secretariat, group):
    meeting, later = MeetingFactory(group=group), MeetingFactory(group=group)
    item = AgendaItemFactory(meeting=meeting)
    services.meeting_set_status(meeting=meeting, status=Meeting.Status.HELD)
    services.minutes_save(meeting=meeting, summary="First text", discussions={})
    services.meeting_set_status(meeting=meeting, status=Meeting.Status.MINUTES_CIRCULATED)
    services.meeting_set_status(
        meeting=meeting, status=Meeting.Status.MINUTES_APPROVED, approved_at=later
    )
    client = client_for(secretariat)
    url = reverse("meetings:minutes", args=[meeting.pk])
    response = client.post(url, {"summary": "Second text", f"item_{item.pk}": ""})
    assert "This field is required." in response.content.decode()
    assert meeting.minutes.count() == 1
    client.post(url, {"summary": "Second text", "reason": "Wrong date", f"item_{item.pk}": ""})
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Revision 2" in page and "Wrong date" in page and "Second text" in page
    assert f'href="{later.get_absolute_url()}"' in page


def test_comments_only_while_circulated(group, representative):
    meeting = MeetingFactory(group=group)
    with pytest.raises(ValidationError):
        services.minutes_comment(meeting=meeting, user=representative, text="Hi")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_CIRCULATED)
    meeting.refresh_from_db()
    services.minutes_comment(meeting=meeting, user=representative, text="Hi")
    assert MinutesComment.objects.get().institution.acronym == "BHAS"


def test_coordinator_cannot_comment(client_for, coordinator, group):
    meeting = MeetingFactory(group=group, status=Meeting.Status.MINUTES_CIRCULATED)
    response = client_for(coordinator).post(
        reverse("meetings:comment", args=[meeting.pk]), {"text": "No"}
    )
    assert response.status_code == 403
    assert not MinutesComment.objects.exists()


def test_decision_numbers_run_per_meeting(group):
    seventh = MeetingFactory(group=group)
    d1 = services.decision_create(meeting=seventh, details=services.DecisionDetails(text="One"))
    d2 = services.decision_create(meeting=seventh, details=services.DecisionDetails(text="Two"))
    other = services.decision_create(
        meeting=MeetingFactory(group=group), details=services.DecisionDetails(text="X")
    )
    assert (d1.register_number, d2.register_number, other.register_number) == (
        "1/D1",
        "1/D2",
        "2/D1",
    )


def test_decisions_register_searches_text_and_number(client_for, coordinator, group):
    meeting = MeetingFactory(group=group)
    services.decision_create(
        meeting=meeting, details=services.DecisionDetails(text="Work package adopted")
    )
    services.decision_create(
        meeting=meeting, details=services.DecisionDetails(text="Plans revised")
    )
    client = client_for(coordinator)
    page = client.get(reverse("meetings:decisions"), {"q": "package"}).content.decode()
    assert "Work package adopted" in page and "Plans revised" not in page
    page = client.get(reverse("meetings:decisions"), {"q": "1/D2"}).content.decode()
    assert "Plans revised" in page and "Work package adopted" not in page


def test_agenda_items_reorder_and_the_page_warns_about_overruns(client_for, secretariat, group):
    meeting = MeetingFactory(group=group)  # 10:00–15:00, 300 minutes
    first = AgendaItemFactory(meeting=meeting, order=1, title="First", duration=200)
    second = AgendaItemFactory(meeting=meeting, order=2, title="Second", duration=150)
    client = client_for(secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "overrun the meeting (300 minutes) by 50 minutes" in page
    client.post(reverse("meetings:agenda_move", args=[second.pk, "up"]))
    assert list(meeting.agenda_items.order_by("order")) == [second, first]
    response = client.post(
        reverse("meetings:agenda_move", args=[second.pk, "down"]), HTTP_HX_REQUEST="true"
    )
    assert 'id="agenda-list"' in response.content.decode()
    assert list(meeting.agenda_items.order_by("order")) == [first, second]
    client.post(reverse("meetings:agenda_delete", args=[first.pk]))
    assert list(meeting.agenda_items.values_list("title", "order")) == [("Second", 1)]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "overrun" not in page


def test_open_action_items_are_offered_as_matters_arising(client_for, secretariat, group):
    seventh = MeetingFactory(group=group, date=datetime.date(2014, 3, 4))
    owner = member_institution(group, acronym="CBBH")
    ActionItemFactory(meeting=seventh, owner=owner, description="Nominate PR officers")
    ActionItemFactory(meeting=seventh, owner=owner, description="Old", status="done")
    eighth = MeetingFactory(group=group, date=datetime.date(2014, 6, 10))
    client = client_for(secretariat)
    page = client.get(eighth.get_absolute_url()).content.decode()
    assert "Matters arising" in page
    client.post(reverse("meetings:agenda_matters_arising", args=[eighth.pk]))
    item = eighth.agenda_items.get()
    assert item.title == "Matters arising"
    assert "1/A" in item.description and "Nominate PR officers" in item.description
    assert "Old" not in item.description


def test_quorum_is_a_share_of_members_on_the_meeting_date(group):
    members = [member_institution(group, acronym=f"M{n}") for n in range(4)]
    meeting = MeetingFactory(group=group)
    AttendanceFactory(meeting=meeting, institution=members[0])
    AttendanceFactory(meeting=meeting, institution=members[1], status="excused")
    assert not meeting_record(meeting).quorum.reached
    AttendanceFactory(meeting=meeting, institution=members[2])
    record = meeting_record(meeting)
    assert (record.quorum.present, record.quorum.members, record.quorum.required) == (2, 4, 2)
    assert record.quorum.reached
    group.quorum = "0.75"
    group.save()
    meeting.refresh_from_db()
    assert not meeting_record(meeting).quorum.reached


def test_attendance_rejects_a_person_from_another_institution(group):
    from tests.factories import PersonFactory

    a, b = member_institution(group, acronym="A"), member_institution(group, acronym="B")
    meeting = MeetingFactory(group=group)
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(
            meeting=meeting,
            rows=[services.AttendanceRow(a, "present", [PersonFactory(institution=b)])],
        )
    assert not Attendance.objects.exists()


def test_selectors_for_other_apps(group, institution, other_institution):
    meeting = MeetingFactory(group=group, status=Meeting.Status.HELD)
    mine = ActionItemFactory(meeting=meeting, owner=institution)
    ActionItemFactory(meeting=meeting, owner=other_institution)
    ActionItemFactory(meeting=meeting, owner=institution, status=ActionItem.Status.DONE)
    assert list(open_action_items(institution)) == [mine]
    assert open_action_items().count() == 2
    AttendanceFactory(meeting=meeting, institution=institution)
    AttendanceFactory(meeting=MeetingFactory(group=group), institution=institution)  # planned
    assert [a.meeting for a in attendance_record(institution)] == [meeting]


def test_meeting_record_can_leave_out_internal_items_attendance_and_actions(group):
    meeting = MeetingFactory(group=group)
    public = AgendaItemFactory(meeting=meeting, title="Public")
    secret = AgendaItemFactory(meeting=meeting, title="Secret", internal=True)
    DecisionFactory(meeting=meeting, agenda_item=public, text="Open decision")
    DecisionFactory(meeting=meeting, agenda_item=public, text="Quiet", internal=True)
    DecisionFactory(meeting=meeting, agenda_item=secret, text="On secret item")
    ActionItemFactory(meeting=meeting, agenda_item=secret)
    full = meeting_record(meeting)
    assert len(full.agenda) == 2 and len(full.decisions) == 3 and len(full.action_items) == 1
    public_record = meeting_record(
        meeting, include_internal=False, include_attendance=False, include_action_items=False
    )
    assert [e.item.title for e in public_record.agenda] == ["Public"]
    assert [d.text for d in public_record.decisions] == ["Open decision"]
    assert public_record.action_items == [] and public_record.attendance == []
    assert public_record.quorum is None
