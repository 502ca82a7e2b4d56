import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Guest, Meeting
from tests.factories import member_institution
from tests.meetings.factories import ActionItemFactory, MeetingFactory


def test_meetings_list_splits_upcoming_and_past_and_filters(client_for, coordinator, group):
    today = timezone.localdate()
    MeetingFactory(group=group, title="Konjic meeting", date=datetime.date(2014, 3, 4))
    MeetingFactory(
        group=group,
        title="M&E workshop",
        kind=Meeting.Kind.WORKSHOP,
        date=today + datetime.timedelta(days=10),
        city="Sarajevo",
    )
    MeetingFactory(
        group=group,
        title="Cancelled visit",
        kind=Meeting.Kind.STUDY_VISIT,
        date=datetime.date(2013, 5, 1),
        status=Meeting.Status.CANCELLED,
    )
    client = client_for(coordinator)
    page = client.get(reverse("meetings:list")).content.decode()
    upcoming, past = page.split("Past</h2>")
    assert "M&amp;E workshop" in upcoming and "Konjic meeting" in past
    assert "2nd workshop" in upcoming

    def titles(**params):
        page = client.get(reverse("meetings:list"), params).content.decode()
        return {t for t in ("Konjic meeting", "M&amp;E workshop", "Cancelled visit") if t in page}

    assert titles(kind="workshop") == {"M&amp;E workshop"}
    assert titles(year="2014") == {"Konjic meeting"}
    assert titles(status="cancelled") == {"Cancelled visit"}
    assert titles(q="sarajevo") == {"M&amp;E workshop"}
    assert titles(q="visit") == {"Cancelled visit"}


def test_action_items_page_filters_by_owner_status_and_overdue(client_for, coordinator, group):
    bhas, cbbh = (
        member_institution(group, acronym="BHAS"),
        member_institution(group, acronym="CBBH"),
    )
    meeting = MeetingFactory(group=group)
    ActionItemFactory(
        meeting=meeting, owner=bhas, description="Late plan", due_date=datetime.date(2014, 4, 30)
    )
    ActionItemFactory(
        meeting=meeting,
        owner=cbbh,
        description="Future nomination",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    ActionItemFactory(
        meeting=meeting,
        owner=cbbh,
        description="Finished task",
        status="done",
        done_date=datetime.date(2014, 4, 1),
    )
    client = client_for(coordinator)

    def shown(**params):
        page = client.get(reverse("meetings:actions"), params).content.decode()
        return {t for t in ("Late plan", "Future nomination", "Finished task") if t in page}

    assert shown() == {"Late plan", "Future nomination", "Finished task"}
    assert shown(owner=cbbh.pk) == {"Future nomination", "Finished task"}
    assert shown(status="open") == {"Late plan", "Future nomination"}
    assert shown(status="done") == {"Finished task"}
    assert shown(status="overdue") == {"Late plan"}
    page = client.get(reverse("meetings:actions")).content.decode()
    assert "Mark done" not in page  # coordinators read only


def test_guests_from_other_organisations_are_added_and_shown(client_for, secretariat, group):
    meeting = MeetingFactory(group=group)
    client = client_for(secretariat)
    response = client.post(
        reverse("meetings:guest_add", args=[meeting.pk]),
        {"name": "Ana Kovač", "organisation": "UNDP", "position": "Adviser"},
    )
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ana Kovač, UNDP (Adviser)" in page
    guest = Guest.objects.get()
    client.post(reverse("meetings:guest_delete", args=[guest.pk]))
    assert not Guest.objects.exists()


def test_the_meeting_page_speaks_bosnian(client_for, representative, group):
    for _ in range(6):
        MeetingFactory(group=group)
    seventh = MeetingFactory(group=group)
    client = client_for(representative)
    client.post(reverse("set_language"), {"language": "bs"})
    page = client.get(seventh.get_absolute_url()).content.decode()
    assert "Sedmi sastanak" in page
    assert "Dnevni red" in page
