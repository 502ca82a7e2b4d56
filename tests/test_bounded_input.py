"""Finding 5: no input reaches an OverflowError or a 500; dates and years stay in the domain.

The audit sent ``end_year=2147483648`` to the plan form (OverflowError, 500) and saved
meetings dated 0001-01-01 and 9999-12-31, whose .ics then answered 500 for every role.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from commsplans.models import CommunicationPlan, PlanReview
from meetings.models import Meeting
from tests.commsplans.factories import plan_with_content
from tests.meetings.factories import ActionItemFactory, MeetingFactory
from tests.workpackages.factories import GoalFactory

HUGE = "2147483648"


@pytest.fixture
def plan(institution, group):
    return plan_with_content(institution=institution, group=group, start_year=2025, end_year=2026)


def plan_data(plan, **changes):
    return {
        "start_year": "2025",
        "end_year": "2026",
        "context": "Context",
        "version": str(plan.version),
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("end_year", HUGE),
        ("start_year", HUGE),
        ("end_year", "-2026"),
        ("end_year", "99999999999999999999999"),
        ("start_year", "1"),
        ("end_year", "2101"),
    ],
)
def test_plan_years_out_of_range_are_a_form_error(client_for, representative, plan, field, value):
    response = client_for(representative).post(
        reverse("commsplans:edit", args=[plan.pk]), plan_data(plan, **{field: value})
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.start_year, plan.end_year) == (2025, 2026)


@pytest.mark.parametrize("value", [HUGE, "1999", "2101"])
def test_a_new_plan_with_years_out_of_range_is_a_form_error(
    client_for, representative, group, value
):
    response = client_for(representative).post(
        reverse("commsplans:create"),
        {"group": group.pk, "start_year": "2025", "end_year": value},
    )
    assert response.status_code == 200
    assert not CommunicationPlan.objects.exists()


def meeting_data(group, day):
    return {
        "group": group.pk,
        "kind": "meeting",
        "title": "Plenary",
        "date": day,
        "start_time": "10:00",
        "end_time": "12:00",
        "city": "Sarajevo",
        "venue": "",
        "summary": "",
    }


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1989-12-31", "2101-01-01"])
def test_a_meeting_dated_outside_1990_to_2100_is_refused(client_for, secretariat, group, day):
    response = client_for(secretariat).post(reverse("meetings:create"), meeting_data(group, day))
    assert response.status_code == 200
    assert "Enter a date from the year 1990 to the year 2100." in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_moving_a_meeting_outside_the_years_is_refused_and_its_calendar_still_works(
    client_for, secretariat, representative, group, day
):
    meeting = MeetingFactory(group=group)
    client = client_for(secretariat)
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), meeting_data(group, day))
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.date.year == 2014
    for user in (secretariat, representative):
        assert client_for(user).get(reverse("meetings:ics", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("day", ["1990-01-01", "2100-12-31"])
def test_the_bounds_themselves_are_accepted(client_for, secretariat, group, day):
    response = client_for(secretariat).post(reverse("meetings:create"), meeting_data(group, day))
    assert response.status_code == 302
    assert Meeting.objects.get().date.isoformat() == day


@pytest.mark.parametrize("target", ["0", "6346-01-23", "meetings:list", "//evil.example/x", ""])
def test_marking_an_action_done_with_an_odd_return_address_goes_to_the_action_list(
    client_for, secretariat, group, target
):
    """Found by the form fuzz test: a ``next`` that is not a path made redirect() fail."""
    item = ActionItemFactory(meeting=MeetingFactory(group=group))
    response = client_for(secretariat).post(
        reverse("meetings:action_done", args=[item.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:actions")
    item.refresh_from_db()
    assert item.status == item.Status.DONE


def test_marking_an_action_done_returns_to_the_page_it_came_from(client_for, secretariat, group):
    meeting = MeetingFactory(group=group)
    item = ActionItemFactory(meeting=meeting)
    back = reverse("meetings:detail", args=[meeting.pk])
    response = client_for(secretariat).post(
        reverse("meetings:action_done", args=[item.pk]), {"next": back}
    )
    assert response["Location"] == back


@pytest.mark.parametrize("target", ["0", "documents:list", "2024-01-01"])
def test_requesting_a_document_with_an_odd_return_address_goes_to_the_reports_page(
    client_for, secretariat, representative, institution, group, target
):
    """Found by the form fuzz test: a ``next`` that is not a path made redirect() fail."""
    plan = plan_with_content(institution=institution, group=group, start_year=2025, end_year=2025)
    response = client_for(secretariat).post(
        reverse("documents:request", args=["plan"]),
        {"plan-object": plan.pk, "plan-language": "en", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:reports")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_review_dated_outside_the_years_is_refused(
    client_for, secretariat, institution, group, day
):
    plan = plan_with_content(
        institution=institution,
        group=group,
        start_year=2025,
        end_year=2025,
        status=CommunicationPlan.Status.SUBMITTED,
    )
    response = client_for(secretariat).post(
        reverse("commsplans:review", args=[plan.pk]),
        {
            "reviewer": "Marija Žunić",
            "date": day,
            "summary": "",
            "recommendations-TOTAL_FORMS": "0",
            "recommendations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Enter a date from the year 1990 to the year 2100." in response.content.decode()
    assert not PlanReview.objects.exists()


@pytest.mark.parametrize("key", ["9223372036854775808", "-9223372036854775809", "9" * 30])
def test_a_goal_key_no_database_can_hold_is_an_invalid_choice(
    client_for, representative, plan, key
):
    """Found by the form fuzz test: SQLite raised OverflowError on such a key (a 500)."""
    GoalFactory(work_package__group=plan.group)  # a choice to show the error beside
    response = client_for(representative).post(
        reverse("commsplans:edit", args=[plan.pk]), {**plan_data(plan), "goals": [key]}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not plan.goals.exists()
