"""Demo data: the group's 5th to 8th meetings and a workshop, the 7th in full.

The seventh meeting follows the seed report: Konjic, Tuesday 4 March 2014, organised by
GIZ, all seven member institutions present. Numbers are the natural keys, so running the
step twice changes nothing, and the seventh is number 7 whatever ran before.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from institutions.models import Institution, Person, WorkingGroup
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Minutes,
    MinutesEntry,
)

S = Meeting.Status
MEMBERS = ["PARCO", "DEI", "HEA", "APOSO", "BHAS", "ADS", "CBBH"]

SEVENTH_SUMMARY = (
    "The seventh meeting of the inter-institutional working group for communications and "
    "knowledge management served the regular exchange of information on the activities "
    "carried out in each institution, the preparation of the activities planned for the "
    "coming period and the agreement of the group's work package for the next three years.\n\n"
    "The proposal of the work package was presented, discussed and agreed. Its goals and "
    "indicators concern cooperation with civil society, transparency, more proactive "
    "communication, freedom of access to information, communications as part of strategic "
    "planning, the use of new technologies in communication and knowledge management.\n\n"
    "The group jointly reviewed the institutions' communication plans, agreed "
    "recommendations for improving them, and heard the announcement of two projects in the "
    "reform area Institutional communication: training of public-relations officers and a "
    "monitoring-and-evaluation methodology for communications."
)

# order, title, presenter, minutes, internal, discussion
SEVENTH_AGENDA = [
    (
        "Exchange of information on the institutions' activities",
        "Representatives of all member institutions",
        45,
        False,
        "Each institution reported on the communication activities carried out since the "
        "sixth meeting: new websites, press conferences and the first steps in publishing "
        "open data.",
    ),
    (
        "Work package 2014–2016: proposal presented, discussed and agreed",
        "GIZ programme team",
        90,
        False,
        "The proposal of goals and indicators for the next three years was presented and "
        "worked through goal by goal. Members agreed the proposal; preparation and "
        "implementation of its activities follow in the coming period.",
    ),
    (
        "Joint review of the institutions' communication plans, with recommendations",
        "Office of the PAR Coordinator",
        90,
        False,
        "The communication plans were reviewed together. Recommendations concern measurable "
        "objectives, clearer audiences and regular evaluation.",
    ),
    (
        "Announcement of two projects: training of PR officers; M&E methodology for communications",
        "Office of the PAR Coordinator",
        30,
        False,
        "Two projects in the reform area Institutional communication were announced: the "
        "training of public-relations officers and the development of a monitoring and "
        "evaluation methodology for communications.",
    ),
]

SEVENTH_DECISIONS = [
    (
        2,
        "The work package of the working group for 2014–2016, with its goals and indicators, "
        "is adopted.",
        False,
    ),
    (
        3,
        "Each institution revises its communication plan following the recommendations agreed "
        "at the meeting and sends it to the secretariat.",
        False,
    ),
    (4, "Institutions nominate their public-relations officers for the training project.", True),
]

# agenda item order, owner acronym, description, due, done on
SEVENTH_ACTIONS = [
    (
        3,
        "BHAS",
        "Send the revised communication plan of the Agency for Statistics to the secretariat.",
        datetime.date(2014, 4, 30),
        None,
    ),
    (
        3,
        "DEI",
        "Send the revised communication plan of the Directorate to the secretariat.",
        datetime.date(2014, 4, 30),
        datetime.date(2014, 4, 22),
    ),
    (
        4,
        "CBBH",
        "Nominate two public-relations officers for the training.",
        datetime.date(2014, 4, 15),
        None,
    ),
    (
        2,
        "GIZ",
        "Circulate the adopted work package in English and Bosnian.",
        datetime.date(2014, 3, 21),
        datetime.date(2014, 3, 18),
    ),
    (
        4,
        "PARCO",
        "Prepare the terms of reference for the M&E methodology project.",
        datetime.date(2014, 5, 31),
        None,
    ),
]


def _meeting(group, number, **fields) -> Meeting:
    meeting = Meeting.objects.filter(group=group, number=number).first()
    if meeting is None:
        meeting = Meeting(group=group, number=number, **fields)
        meeting.save()
        return meeting
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    return meeting


def _attendance(meeting, institutions, people, absent=(), excused=()):
    for acronym in MEMBERS:
        if acronym in absent:
            status = Attendance.Status.ABSENT
        elif acronym in excused:
            status = Attendance.Status.EXCUSED
        else:
            status = Attendance.Status.PRESENT
        attendance, _ = Attendance.objects.update_or_create(
            meeting=meeting, institution=institutions[acronym], defaults={"status": status}
        )
        present = status == Attendance.Status.PRESENT
        attendance.persons.set(people[acronym] if present else [])


def _agenda(meeting, rows) -> list[AgendaItem]:
    items = []
    for order, (title, presenter, duration, internal, _discussion) in enumerate(rows, start=1):
        item, _ = AgendaItem.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={
                "title": title,
                "presenter": presenter,
                "duration": duration,
                "internal": internal,
            },
        )
        items.append(item)
    return items


def _minutes(meeting, items, rows, summary, frozen):
    minutes, _ = Minutes.objects.update_or_create(
        meeting=meeting, revision=1, defaults={"summary": summary, "frozen": frozen}
    )
    for item, row in zip(items, rows, strict=True):
        MinutesEntry.objects.update_or_create(
            minutes=minutes, agenda_item=item, defaults={"discussion": row[4]}
        )


def load(out=None) -> None:
    group = WorkingGroup.objects.get(short_name="WG-CKM")
    institutions = {i.acronym: i for i in Institution.objects.filter(acronym__in=[*MEMBERS, "GIZ"])}
    people: dict[str, list[Person]] = {}
    for person in Person.objects.filter(institution__acronym__in=MEMBERS).select_related(
        "institution"
    ):
        people.setdefault(person.institution.acronym, []).append(person)
    giz, parco = institutions["GIZ"], institutions["PARCO"]

    fifth = _meeting(
        group,
        5,
        title="Fifth meeting of the working group",
        date=datetime.date(2013, 6, 11),
        start_time=datetime.time(10),
        end_time=datetime.time(14),
        city="Sarajevo",
        venue="Office of the PAR Coordinator",
        organiser=giz,
        host=parco,
        status=S.MINUTES_APPROVED,
    )
    sixth = _meeting(
        group,
        6,
        title="Sixth meeting of the working group",
        date=datetime.date(2013, 11, 19),
        start_time=datetime.time(10),
        end_time=datetime.time(14),
        city="Mostar",
        venue="Hotel Bristol",
        organiser=giz,
        host=parco,
        status=S.MINUTES_APPROVED,
    )
    seventh = _meeting(
        group,
        7,
        title="Seventh meeting of the working group",
        date=datetime.date(2014, 3, 4),
        start_time=datetime.time(10),
        end_time=datetime.time(15),
        city="Konjic",
        venue="Hotel Konjic",
        organiser=giz,
        host=giz,
        status=S.MINUTES_CIRCULATED,
        summary=SEVENTH_SUMMARY.split("\n\n")[0],
    )
    # The next meeting lies ahead of whoever runs the demo, so "next meeting" is never empty.
    today = timezone.localdate()
    eighth = Meeting.objects.filter(group=group, number=8).first() or _meeting(
        group,
        8,
        title="Eighth meeting of the working group",
        date=today + datetime.timedelta(days=21),
        start_time=datetime.time(10),
        end_time=datetime.time(14),
        city="Banja Luka",
        venue="Civil Service Agency",
        organiser=giz,
        host=institutions["ADS"],
        status=S.PLANNED,
        summary="Approval of the minutes of the seventh meeting; progress on the work package.",
    )
    if not Meeting.objects.filter(group=group, number=9).exists():
        _meeting(
            group,
            9,
            kind=Meeting.Kind.WORKSHOP,
            title="Workshop: monitoring and evaluation of communications",
            date=today + datetime.timedelta(days=49),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(16),
            city="Sarajevo",
            venue="Agency for Statistics of BiH",
            organiser=giz,
            host=institutions["BHAS"],
            status=S.PLANNED,
        )
    for earlier, later in ((fifth, sixth), (sixth, seventh)):
        if earlier.minutes_approved_at_id != later.pk:
            earlier.minutes_approved_at = later
            earlier.save(update_fields=["minutes_approved_at"])

    # The fifth and sixth: short agendas, one decision and one action item each.
    earlier_rows = {
        5: [
            (
                "Exchange of information on activities",
                "All members",
                60,
                False,
                "Members reported on their communication activities.",
            ),
            (
                "Outline of the group's next work package",
                "GIZ programme team",
                60,
                False,
                "The secretariat presented the outline; members asked for a draft by autumn.",
            ),
        ],
        6: [
            (
                "Exchange of information on activities",
                "All members",
                60,
                False,
                "Members reported on their communication activities.",
            ),
            (
                "Draft work package 2014–2016",
                "GIZ programme team",
                90,
                False,
                "The draft was discussed; comments are due before the seventh meeting.",
            ),
        ],
    }
    for meeting, rows in ((fifth, earlier_rows[5]), (sixth, earlier_rows[6])):
        items = _agenda(meeting, rows)
        _attendance(meeting, institutions, people, excused=("HEA",) if meeting is fifth else ())
        _minutes(meeting, items, rows, rows[0][4], frozen=True)
        Decision.objects.update_or_create(
            meeting=meeting,
            number=1,
            defaults={"agenda_item": items[1], "text": rows[1][4]},
        )
    ActionItem.objects.update_or_create(
        meeting=fifth,
        number=1,
        defaults={
            "agenda_item": AgendaItem.objects.get(meeting=fifth, order=2),
            "description": "Prepare the draft work package 2014–2016.",
            "owner": giz,
            "due_date": datetime.date(2013, 10, 31),
            "status": ActionItem.Status.DONE,
            "done_date": datetime.date(2013, 10, 25),
        },
    )
    ActionItem.objects.update_or_create(
        meeting=sixth,
        number=1,
        defaults={
            "agenda_item": AgendaItem.objects.get(meeting=sixth, order=2),
            "description": "Publish the institution's information guide on the website.",
            "owner": institutions["HEA"],
            "due_date": datetime.date(2014, 2, 28),
            "status": ActionItem.Status.OPEN,
        },
    )

    # The seventh, in full.
    items = _agenda(seventh, SEVENTH_AGENDA)
    _attendance(seventh, institutions, people)
    Guest.objects.update_or_create(
        meeting=seventh,
        name="Marija Žunić",
        defaults={"organisation": "GIZ", "position": "Programme secretariat"},
    )
    for number, (order, text, internal) in enumerate(SEVENTH_DECISIONS, start=1):
        Decision.objects.update_or_create(
            meeting=seventh,
            number=number,
            defaults={"agenda_item": items[order - 1], "text": text, "internal": internal},
        )
    for number, (order, acronym, text, due, done) in enumerate(SEVENTH_ACTIONS, start=1):
        owner = institutions[acronym]
        ActionItem.objects.update_or_create(
            meeting=seventh,
            number=number,
            defaults={
                "agenda_item": items[order - 1],
                "description": text,
                "owner": owner,
                "owner_person": (people.get(acronym) or [None])[0],
                "due_date": due,
                "status": ActionItem.Status.DONE if done else ActionItem.Status.OPEN,
                "done_date": done,
            },
        )
    _minutes(seventh, items, SEVENTH_AGENDA, SEVENTH_SUMMARY, frozen=False)
    if out:
        out.write(
            f"  meetings: {group.short_name} 5th–9th, the 7th in Konjic with "
            f"{len(items)} agenda items; next: {eighth.date:%d.%m.%Y}"
        )
