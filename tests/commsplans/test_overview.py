"""The overview: institutions × plan status, and every plan's activities by month."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commsplans.models import CommunicationPlan
from tests.commsplans.factories import ActivityFactory, PlanFactory
from tests.factories import member_institution

pytestmark = pytest.mark.django_db

STATUSES = [s for s, _label in CommunicationPlan.Status.choices]


def institutions_with_plans(group, count, start=0):
    for i in range(start, start + count):
        institution = member_institution(group, acronym=f"I{i:03d}")
        if i % 5 == 4:
            continue  # some institutions have no plan yet
        plan = PlanFactory(institution=institution, group=group, status=STATUSES[i % 5])
        ActivityFactory(plan=plan, title=f"Workshop {i}")
        ActivityFactory(
            plan=plan,
            title=f"Campaign {i}",
            start=datetime.date(2014, 10, 1),
            end=datetime.date(2014, 12, 15),
        )


def overview_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("commsplans:overview"), {"year": 2014})
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_overview_runs_the_same_queries_at_7_and_60_institutions(
    client, group, secretariat, django_assert_max_num_queries
):
    client.force_login(secretariat)
    institutions_with_plans(group, 7)
    small, page = overview_queries(client)
    assert "Workshop 6" in page
    institutions_with_plans(group, 53, start=7)
    large, page = overview_queries(client)
    assert "Workshop 58" in page and "I059" in page
    assert small == large, (small, large)
    with django_assert_max_num_queries(small):
        client.get(reverse("commsplans:overview"), {"year": 2014})


def test_overview_shows_status_per_institution_and_months(client, group, coordinator):
    institutions_with_plans(group, 5)
    client.force_login(coordinator)
    page = client.get(reverse("commsplans:overview"), {"year": 2014}).content.decode()
    assert "I000 Draft" in page  # the accessible label of the tick in the Draft column
    assert "I003 Revised" in page
    assert "I004" in page and "No plan" in page
    # Campaign 0 runs October to December: three month cells are marked.
    row = page.split("Campaign 0")[1].split("</tr>")[0]
    assert row.count("bg-primary-subtle") == 3


def test_overview_of_another_year_has_no_activities(client, group, coordinator):
    institutions_with_plans(group, 2)
    client.force_login(coordinator)
    page = client.get(reverse("commsplans:overview"), {"year": 2016}).content.decode()
    assert "No activities planned for this year." in page
    assert "Workshop 0" not in page


def test_plan_list_runs_the_same_queries_at_7_and_60_institutions(client, group, coordinator):
    client.force_login(coordinator)
    institutions_with_plans(group, 7)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("commsplans:list"))
    institutions_with_plans(group, 53, start=7)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("commsplans:list")).content.decode()
    assert "I058" in page
    assert len(small) == len(large)
