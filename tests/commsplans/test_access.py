"""Representatives read and change only their own institution's plan; others' answer 404."""

import pytest
from django.urls import reverse

from commsplans.models import CommunicationPlan
from tests.commsplans.factories import plan_with_content, reviewed_plan, section_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_plan(other_institution, group):
    return reviewed_plan(institution=other_institution, group=group)


def other_urls(plan):
    rec = plan.reviews.get().recommendations.get()
    return [
        reverse("commsplans:detail", args=[plan.pk]),
        reverse("commsplans:edit", args=[plan.pk]),
        reverse("commsplans:section_edit", args=[plan.pk, "activities"]),
        reverse("commsplans:revision", args=[plan.pk]),
        reverse("commsplans:answer", args=[rec.pk]),
    ]


def test_representative_cannot_read_other_institution_plan(client, representative, other_plan):
    client.force_login(representative)
    for url in other_urls(other_plan):
        assert client.get(url).status_code == 404, url


def test_representative_cannot_change_other_institution_plan(client, representative, other_plan):
    client.force_login(representative)
    rec = other_plan.reviews.get().recommendations.get()
    posts = {
        reverse("commsplans:edit", args=[other_plan.pk]): {
            "start_year": 2014,
            "end_year": 2014,
            "context": "hijacked",
        },
        reverse("commsplans:section_edit", args=[other_plan.pk, "risks"]): section_data(
            "risks", [{"description": "hijacked"}]
        ),
        reverse("commsplans:submit", args=[other_plan.pk]): {},
        reverse("commsplans:answer", args=[rec.pk]): {"response": "accepted"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    other_plan.refresh_from_db()
    rec.refresh_from_db()
    assert other_plan.context != "hijacked" and not other_plan.risks.exists()
    assert other_plan.status == "reviewed" and rec.response == ""


def test_representative_lists_only_own_plans(
    client, representative, institution, other_plan, group
):
    own = plan_with_content(institution=institution, group=group)
    client.force_login(representative)
    page = client.get(reverse("commsplans:list")).content.decode()
    assert own.get_absolute_url() in page
    assert other_plan.get_absolute_url() not in page


def test_representative_reads_and_changes_own_plan(client, representative, institution, group):
    plan = reviewed_plan(institution=institution, group=group)
    client.force_login(representative)
    assert client.get(plan.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("commsplans:section_edit", args=[plan.pk, "risks"]),
        section_data("risks", [{"description": "Staff turnover", "mitigation": "Train a deputy"}]),
    )
    assert response.status_code == 302
    assert plan.risks.get().description == "Staff turnover"


def test_coordinator_reads_but_cannot_change_or_review(client, coordinator, other_plan):
    client.force_login(coordinator)
    assert client.get(other_plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("commsplans:overview")).status_code == 200
    assert client.get(reverse("commsplans:edit", args=[other_plan.pk])).status_code == 403
    assert client.post(reverse("commsplans:approve", args=[other_plan.pk])).status_code == 403


def test_secretariat_reviews_but_does_not_edit_content(client, secretariat, other_plan):
    client.force_login(secretariat)
    assert client.get(other_plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("commsplans:edit", args=[other_plan.pk])).status_code == 403
    assert client.get(reverse("commsplans:create")).status_code == 403


def test_unknown_section_answers_404(client, representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    client.force_login(representative)
    url = reverse("commsplans:section_edit", args=[plan.pk, "secrets"])
    assert client.get(url).status_code == 404


def test_representative_overview_is_refused(client, representative):
    client.force_login(representative)
    assert client.get(reverse("commsplans:overview")).status_code == 403
    assert CommunicationPlan.objects.count() == 0
