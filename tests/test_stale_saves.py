"""Two people edit the same shared record: the first save wins, the second is refused with
the other person's version shown beside theirs, and nothing of the stale save is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.commsplans.factories import plan_with_content
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.stale import conflict_section, form_values, race, session
from tests.workpackages.factories import (
    GoalFactory,
    IndicatorFactory,
    WorkPackageFactory,
    open_period,
)

# --- The three pages of the audit's finding ------------------------------------


def test_plan_edit_refuses_the_second_stale_save(representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    url = reverse("commsplans:edit", args=[plan.pk])
    response = race(
        representative,
        url,
        {"context": "Context from the first session."},
        {"context": "Context from the second session."},
    )
    shown = conflict_section(response.content.decode())
    assert "Context from the first session." in shown
    assert "Context from the second session." in shown
    plan.refresh_from_db()
    assert plan.context == "Context from the first session."


def test_risks_section_refuses_the_second_stale_save(representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    url = reverse("commsplans:section_edit", args=[plan.pk, "risks"])
    response = race(
        representative,
        url,
        {"risks-0-description": "Staff turnover", "risks-0-mitigation": "Handover notes"},
        {"risks-0-description": "Budget cuts", "risks-0-mitigation": "Fewer events"},
    )
    shown = conflict_section(response.content.decode())
    assert "Staff turnover" in shown and "Budget cuts" in shown
    assert [risk.description for risk in plan.risks.all()] == ["Staff turnover"]


def test_my_contact_details_refuse_the_second_stale_save(representative):
    url = reverse("institutions:my_contact")
    response = race(
        representative,
        url,
        {"phone": "+387 33 111 111", "position": "Head of unit"},
        {"phone": "+387 33 222 222", "position": "Adviser"},
    )
    shown = conflict_section(response.content.decode())
    assert "+387 33 111 111" in shown and "+387 33 222 222" in shown
    assert "Head of unit" in shown
    person = representative.person
    person.refresh_from_db()
    assert (person.phone, person.position) == ("+387 33 111 111", "Head of unit")


def test_saving_again_after_the_conflict_is_accepted(representative):
    """The refused form carries the version now saved: copying and saving again works."""

    url = reverse("institutions:my_contact")
    response = race(representative, url, {"phone": "111"}, {"phone": "222"})
    again = session(representative).post(
        url, {**form_values(response.content.decode()), "phone": "333"}
    )
    assert again.status_code == 302
    representative.person.refresh_from_db()
    assert representative.person.phone == "333"


# --- Every other shared record's edit page ------------------------------------------


@pytest.fixture
def world(group, institution, representative, secretariat):
    meeting = MeetingFactory(group=group, status=Meeting.Status.HELD)
    package = WorkPackageFactory(group=group)
    goal = GoalFactory(work_package=package, code="G1")
    return {
        "group": group,
        "institution": institution,
        "person": representative.person,
        "meeting": meeting,
        "agenda_item": AgendaItemFactory(meeting=meeting, title="Opening"),
        "decision": DecisionFactory(meeting=meeting, text="Adopt the agenda."),
        "action_item": ActionItemFactory(meeting=meeting, owner=institution),
        "package": package,
        "goal": goal,
        "indicator": IndicatorFactory(goal=goal, code="G1.1"),
        "period": open_period(package),
    }


# (url name, the record in ``world``, a text field of its form)
RECORDS = [
    ("institutions:edit", "institution", "name_en"),
    ("institutions:person_edit", "person", "position"),
    ("institutions:group_edit", "group", "description"),
    ("meetings:edit", "meeting", "summary"),
    ("meetings:agenda_edit", "agenda_item", "title"),
    ("meetings:decision_edit", "decision", "text"),
    ("meetings:action_edit", "action_item", "description"),
    ("workpackages:edit", "package", "title_en"),
    ("workpackages:goal_edit", "goal", "title_en"),
    ("workpackages:indicator_edit", "indicator", "title_en"),
    ("workpackages:period_edit", "period", "label"),
]


@pytest.mark.parametrize(("url_name", "record", "field"), RECORDS)
def test_edit_page_refuses_the_second_stale_save(world, secretariat, url_name, record, field):
    obj = world[record]
    url = reverse(url_name, args=[obj.pk])
    response = race(secretariat, url, {field: "First session"}, {field: "Second session"})
    shown = conflict_section(response.content.decode())
    assert "First session" in shown and "Second session" in shown
    obj.refresh_from_db()
    assert getattr(obj, field) == "First session"


def test_attendance_refuses_the_second_stale_save(world, secretariat, institution):
    meeting = world["meeting"]
    url = reverse("meetings:attendance", args=[meeting.pk])
    status = f"status_{institution.pk}"
    response = race(secretariat, url, {status: "excused"}, {status: "absent"})
    shown = conflict_section(response.content.decode())
    assert "Excused" in shown and "Absent" in shown
    assert [a.status for a in meeting.attendances.all()] == ["excused"]


def test_minutes_refuse_the_second_stale_save(world, secretariat):
    meeting = world["meeting"]
    url = reverse("meetings:minutes", args=[meeting.pk])
    item = f"item_{world['agenda_item'].pk}"
    response = race(
        secretariat,
        url,
        {"summary": "First summary", item: "First discussion"},
        {"summary": "Second summary", item: "Second discussion"},
    )
    shown = conflict_section(response.content.decode())
    assert "First discussion" in shown and "Second discussion" in shown
    minutes = meeting.minutes.get()
    assert minutes.summary == "First summary"
    assert [e.discussion for e in minutes.entries.all()] == ["First discussion"]


# (section, its rows on the plan, the row field typed, any other fields a new row needs)
SECTIONS = [
    ("objectives", "title", {}),
    ("audiences", "name", {}),
    ("channels", "name", {}),
    ("activities", "title", {}),
    (
        "kpis",
        "description",
        {"kpis-0-level": "output", "kpis-0-baseline": "1", "kpis-0-target": "2"},
    ),
    ("review_dates", "note", {"review_dates-0-date": "2014-06-30"}),
]


@pytest.mark.parametrize(("section", "field", "extra"), SECTIONS)
def test_every_plan_section_refuses_a_stale_save(
    representative, institution, group, section, field, extra
):
    plan = plan_with_content(institution=institution, group=group)
    url = reverse("commsplans:section_edit", args=[plan.pk, section])
    typed = f"{section}-0-{field}"
    response = race(
        representative, url, {**extra, typed: "First session"}, {**extra, typed: "Second session"}
    )
    shown = conflict_section(response.content.decode())
    assert "First session" in shown and "Second session" in shown
    assert "Second session" not in [getattr(row, field) for row in getattr(plan, section).all()]
    assert "First session" in [getattr(row, field) for row in getattr(plan, section).all()]


def test_locking_a_period_from_a_stale_page_changes_nothing(world, secretariat):
    period = world["period"]
    package_url = reverse("workpackages:detail", args=[world["package"].pk])
    one, two = session(secretariat), session(secretariat)
    page_two = two.get(package_url).content.decode()
    assert f'name="version" value="{period.version}"' in page_two
    lock = reverse("workpackages:period_lock", args=[period.pk])
    unlock = reverse("workpackages:period_unlock", args=[period.pk])
    assert one.post(lock, {"version": period.version}).status_code == 302
    assert one.post(unlock, {"version": period.version + 1}).status_code == 302
    # The second page still shows the period open, from before both changes.
    response = two.post(lock, {"version": period.version}, follow=True)
    assert "Someone else changed period" in response.content.decode()
    period.refresh_from_db()
    assert not period.locked and period.reopened
