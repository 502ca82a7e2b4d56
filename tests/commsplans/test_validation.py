"""An activity must end after it starts and fall within the plan's period; else nothing is saved."""

import pytest
from django.urls import reverse

from commsplans.models import Activity
from tests.commsplans.factories import ActivityFactory, plan_with_content, section_data

pytestmark = pytest.mark.django_db


def activity_row(**overrides):
    row = {
        "title": "Open day",
        "responsible": "PR officer",
        "start": "2014-05-01",
        "end": "2014-05-31",
        "status": "not_started",
    }
    row.update(overrides)
    return row


@pytest.fixture
def plan(institution, group):
    return plan_with_content(institution=institution, group=group)


def post(client, plan, rows, existing=None):
    return client.post(
        reverse("commsplans:section_edit", args=[plan.pk, "activities"]),
        section_data("activities", rows, existing=existing),
    )


def test_activity_ending_before_it_starts_shows_an_error_and_saves_nothing(
    client, representative, plan
):
    client.force_login(representative)
    before = set(Activity.objects.values_list("pk", "title", "start", "end"))
    existing = plan.activities.get()
    response = post(
        client,
        plan,
        [
            activity_row(title="Renamed", start="2014-03-01", end="2014-05-31"),
            activity_row(start="2014-06-10", end="2014-06-01"),
        ],
        existing=[existing.pk],
    )
    assert response.status_code == 200
    assert "The activity cannot end before it starts." in response.content.decode()
    assert set(Activity.objects.values_list("pk", "title", "start", "end")) == before


@pytest.mark.parametrize(
    ("start", "end"), [("2013-12-01", "2014-01-31"), ("2014-11-01", "2015-01-15")]
)
def test_activity_outside_the_plan_period_shows_an_error_and_saves_nothing(
    client, representative, plan, start, end
):
    client.force_login(representative)
    response = post(client, plan, [activity_row(start=start, end=end)])
    assert response.status_code == 200
    assert "The date must fall within the plan&#x27;s period (2014)." in response.content.decode()
    assert plan.activities.count() == 1


def test_activity_on_the_period_edges_is_accepted(client, representative, plan):
    client.force_login(representative)
    response = post(client, plan, [activity_row(start="2014-01-01", end="2014-12-31")])
    assert response.status_code == 302
    assert plan.activities.filter(title="Open day").exists()


def test_shrinking_the_period_away_from_activities_is_refused(client, representative, plan):
    plan.end_year = 2015
    plan.save()
    ActivityFactory(plan=plan, start="2015-02-01", end="2015-03-01")
    client.force_login(representative)
    response = client.post(
        reverse("commsplans:edit", args=[plan.pk]),
        {"start_year": 2014, "end_year": 2014, "context": "x"},
    )
    assert "1 activity would fall outside the new period" in response.content.decode()
    plan.refresh_from_db()
    assert plan.end_year == 2015


def test_declined_without_reason_is_refused(client, representative, institution, group):
    from tests.commsplans.factories import reviewed_plan

    plan = reviewed_plan(institution=institution, group=group)
    rec = plan.reviews.get().recommendations.get()
    client.force_login(representative)
    response = client.post(
        reverse("commsplans:answer", args=[rec.pk]), {"response": "declined", "reason": "  "}
    )
    assert "Say why the recommendation is declined." in response.content.decode()
    rec.refresh_from_db()
    assert rec.response == ""


def test_a_second_plan_for_the_same_start_year_is_refused(client, representative, plan, group):
    client.force_login(representative)
    response = client.post(
        reverse("commsplans:create"), {"group": group.pk, "start_year": 2014, "end_year": 2014}
    )
    assert "already has a plan for this group starting that year" in response.content.decode()
