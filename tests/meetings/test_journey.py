"""The seventh meeting, logged by the secretariat through the real forms."""

from django.urls import reverse

from meetings.models import ActionItem, Attendance, Decision, Meeting
from tests.factories import PersonFactory, member_institution
from tests.meetings.factories import MeetingFactory

AGENDA = [
    ("Exchange of information on activities", "All members", "45"),
    ("Work package 2014–2016", "GIZ", "90"),
    ("Review of the communication plans", "PARCO", "90"),
    ("Two announced projects", "PARCO", "30"),
]
ACRONYMS = ["PARCO", "DEI", "HEA", "APOSO", "BHAS", "ADS", "CBBH"]


def test_secretariat_logs_the_seventh_meeting_from_invitation_to_minutes(
    client_for, secretariat, group
):
    for _ in range(6):
        MeetingFactory(group=group)
    institutions = [member_institution(group, acronym=a) for a in ACRONYMS]
    people = [PersonFactory(institution=i, name=f"Delegate of {i.acronym}") for i in institutions]
    client = client_for(secretariat)

    response = client.post(
        reverse("meetings:create"),
        {
            "group": group.pk,
            "kind": "meeting",
            "title": "Seventh meeting of the working group",
            "date": "2014-03-04",
            "start_time": "10:00",
            "end_time": "15:00",
            "city": "Konjic",
            "venue": "Hotel Konjic",
            "organiser": institutions[0].pk,
            "host": institutions[0].pk,
            "summary": "",
        },
    )
    meeting = Meeting.objects.get(title="Seventh meeting of the working group")
    assert response.status_code == 302
    assert meeting.number == 7

    for title, presenter, duration in AGENDA:
        response = client.post(
            reverse("meetings:agenda_add", args=[meeting.pk]),
            {"title": title, "presenter": presenter, "duration": duration, "description": ""},
        )
        assert response.status_code == 302
    items = list(meeting.agenda_items.order_by("order"))
    assert [i.title for i in items] == [a[0] for a in AGENDA]

    attendance_url = reverse("meetings:attendance", args=[meeting.pk])
    page = client.get(attendance_url)
    assert all(a in page.content.decode() for a in ACRONYMS)
    data = {}
    for institution, person in zip(institutions, people, strict=True):
        data[f"status_{institution.pk}"] = "present"
        data[f"persons_{institution.pk}"] = [person.pk]
    assert client.post(attendance_url, data).status_code == 302
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 7

    response = client.post(reverse("meetings:status", args=[meeting.pk]), {"status": "held"})
    assert response.status_code == 302

    for item, text in [
        (items[1], "The work package 2014–2016 is adopted."),
        (items[2], "Institutions revise their communication plans."),
    ]:
        response = client.post(
            reverse("meetings:decision_add", args=[meeting.pk]),
            {"agenda_item": item.pk, "text": text},
        )
        assert response.status_code == 302
    assert sorted(d.register_number for d in Decision.objects.filter(meeting=meeting)) == [
        "7/D1",
        "7/D2",
    ]

    for owner, person, text in [
        (institutions[4], people[4], "Send the revised plan of BHAS."),
        (institutions[6], people[6], "Nominate two PR officers."),
        (institutions[0], None, "Prepare the M&E terms of reference."),
    ]:
        response = client.post(
            reverse("meetings:action_add", args=[meeting.pk]),
            {
                "agenda_item": items[2].pk,
                "description": text,
                "owner": owner.pk,
                "owner_person": person.pk if person else "",
                "due_date": "2014-04-30",
                "status": "open",
            },
        )
        assert response.status_code == 302, response.content
    assert ActionItem.objects.filter(meeting=meeting).count() == 3

    minutes = {"summary": "The work package was presented, discussed and agreed."}
    minutes |= {f"item_{item.pk}": f"Discussion of {item.title}." for item in items}
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), minutes)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFT

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "7th meeting" in page
    assert "Konjic" in page
    for title, presenter, _duration in AGENDA:
        assert title in page
        assert presenter in page
    for person in people:
        assert person.name in page
    assert "Quorum reached: 7 of 7 member institutions present" in page
    assert "7/D1" in page and "The work package 2014–2016 is adopted." in page
    assert "7/D2" in page
    for number in ("7/A1", "7/A2", "7/A3"):
        assert number in page
    assert "Nominate two PR officers." in page
    assert "The work package was presented, discussed and agreed." in page
    assert "Discussion of Two announced projects." in page
    assert "Minutes draft" in page
