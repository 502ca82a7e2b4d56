"""Home page panels: the representative's plan and recommendations; what awaits review."""

import pytest
from django.urls import reverse

from tests.commsplans.factories import plan_with_content, reviewed_plan

pytestmark = pytest.mark.django_db


def test_representative_sees_plan_status_and_unanswered_recommendations(
    client, representative, institution, other_institution, group
):
    reviewed_plan(
        institution=institution,
        group=group,
        recommendations=["Add an outcome KPI.", "Name the key message for researchers."],
    )
    reviewed_plan(institution=other_institution, group=group, recommendations=["Secret advice."])
    client.force_login(representative)
    page = client.get(reverse("home")).content.decode()
    assert "Communication plans" in page
    assert "Plan 2014 (WG-T)" in page and "Reviewed" in page
    assert "2 recommendations to answer" in page
    assert "Name the key message for researchers." in page
    assert "Secret advice." not in page


def test_representative_without_plan_is_offered_to_start_one(client, representative):
    client.force_login(representative)
    page = client.get(reverse("home")).content.decode()
    assert "Your institution has no communication plan yet." in page
    assert reverse("commsplans:create") in page


def test_secretariat_sees_plans_awaiting_review(client, secretariat, institution, group):
    plan_with_content(institution=institution, group=group, status="submitted")
    plan_with_content(institution=institution, group=group, start_year=2015, end_year=2015)
    client.force_login(secretariat)
    page = client.get(reverse("home")).content.decode()
    assert "Plans awaiting review:" in page
    assert "BHAS 2014" in page
    assert "BHAS 2015" not in page  # still a draft


def test_navigation_offers_communication_plans(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("commsplans:list")}">Communication plans' in page
