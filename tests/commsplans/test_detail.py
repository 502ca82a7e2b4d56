import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.commsplans.factories import ActivityFactory, reviewed_plan

pytestmark = pytest.mark.django_db


def test_plan_page_shows_every_section_and_the_review(client, coordinator, institution, group):
    plan = reviewed_plan(institution=institution, group=group)
    plan.risks.create(description="Staff turnover", mitigation="Train a deputy")
    plan.kpis.create(level="outtake", description="Users who understood", baseline="1", target="2")
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    for text in [
        "Publish proactively",
        "Journalists",
        "We publish on a fixed calendar.",
        "Website",
        "Release calendar",
        "PR officer",
        "Outtake",
        "Users who understood",
        "Staff turnover",
        "Reviewed by Marija Žunić",
        "Add an outcome KPI.",
        "Not answered",
        "Changes since the review",
    ]:
        assert text in page, text
    # A coordinator reads; nothing to edit, review or answer.
    assert "Submit for review" not in page and "Record a review" not in page
    rec = plan.reviews.get().recommendations.get()
    assert reverse("commsplans:answer", args=[rec.pk]) not in page
    assert "Edit period, context and goals" not in page


def test_plan_page_query_count_does_not_grow_with_activities(
    client, representative, institution, group
):
    plan = reviewed_plan(institution=institution, group=group)
    client.force_login(representative)
    with CaptureQueriesContext(connection) as small:
        client.get(plan.get_absolute_url())
    audience = plan.audiences.get()
    for _ in range(20):
        ActivityFactory(plan=plan).audiences.add(audience)
    with CaptureQueriesContext(connection) as large:
        page = client.get(plan.get_absolute_url()).content.decode()
    assert page.count("PR officer") == 21
    assert len(small) == len(large)


def test_plan_page_in_bosnian(client, representative, institution, group):
    plan = reviewed_plan(institution=institution, group=group)
    client.force_login(representative)
    client.cookies["django_language"] = "bs"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Komunikacijski plan 2014" in page
    assert "Ciljne grupe i ključne poruke" in page
    assert "Pošalji revidirani plan" in page
