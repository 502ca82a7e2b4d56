"""The seventh meeting's core journey in Chromium, as the secretariat."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from portal import roles
from tests.factories import PersonFactory, UserFactory, WorkingGroupFactory, member_institution
from tests.meetings.factories import MeetingFactory

ACRONYMS = ["PARCO", "DEI", "HEA", "APOSO", "BHAS", "ADS", "CBBH"]


@pytest.fixture
def seventh_setup(db):
    group = WorkingGroupFactory(short_name="WG-CKM")
    for _ in range(6):
        MeetingFactory(group=group)
    institutions = [member_institution(group, acronym=a) for a in ACRONYMS]
    for institution in institutions:
        PersonFactory(institution=institution, name=f"Delegate of {institution.acronym}")
    user = UserFactory(username="secretariat", role=roles.SECRETARIAT)
    user.set_password("demo")
    user.save()
    return group, institutions


def test_secretariat_logs_the_seventh_meeting_in_the_browser(seventh_setup, login):
    group, institutions = seventh_setup
    page = login("secretariat")
    page.get_by_test_id("main-nav").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="New meeting").click()
    page.get_by_label("Group").select_option(label=str(group))
    page.get_by_label("Title").fill("Seventh meeting of the working group")
    page.get_by_label("Date").fill("2014-03-04")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("15:00")
    page.get_by_label("City").fill("Konjic")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("7th meeting")
    meeting = Meeting.objects.get(title="Seventh meeting of the working group")

    for title, minutes in [("Exchange of information", "45"), ("Work package 2014–2016", "90")]:
        page.get_by_role("link", name="Add agenda item").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Presenter").fill("GIZ")
        page.get_by_label("Planned duration (minutes)").fill(minutes)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()

    page.get_by_role("link", name="Record attendance").click()
    for institution in institutions:
        page.locator(f"#id_status_{institution.pk}_1").check()
        page.get_by_label(f"Delegate of {institution.acronym}").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("Quorum reached: 7 of 7")

    page.get_by_label("New status").select_option("held")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Held")

    page.locator("#agenda-list").get_by_role("link", name="Add decision").nth(1).click()
    page.get_by_label("Decision").fill("The work package 2014–2016 is adopted.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Decision 7/D1 recorded.")).to_be_visible()

    page.locator("#agenda-list").get_by_role("link", name="Add action item").nth(1).click()
    page.get_by_label("Action").fill("Send the revised communication plan.")
    page.get_by_label("Owner institution").select_option(label=str(institutions[4]))
    page.get_by_label("Due date").fill("2014-04-30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action item 7/A1 recorded.")).to_be_visible()

    page.get_by_role("link", name="Write minutes").click()
    page.get_by_label("Overall summary").fill("The work package was agreed.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Minutes draft")
    expect(page.get_by_test_id("minutes-summary")).to_contain_text("The work package was agreed.")
    expect(page.locator("#decisions")).to_contain_text("The work package 2014–2016 is adopted.")
    expect(page.locator("#actions")).to_contain_text("Send the revised communication plan.")
    assert page.url.endswith(meeting.get_absolute_url() + "#minutes")
