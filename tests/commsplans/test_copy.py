"""A new plan can start as a copy of the previous period's."""

import datetime

import pytest
from django.urls import reverse

from commsplans import services
from commsplans.models import CommunicationPlan
from commsplans.services import PlanError
from tests.commsplans.factories import KPIFactory, plan_with_content, reviewed_plan

pytestmark = pytest.mark.django_db


def test_new_plan_copies_previous_period_with_dates_moved(
    client, representative, institution, group
):
    previous = reviewed_plan(institution=institution, group=group)
    KPIFactory(plan=previous)
    previous.risks.create(description="Staff turnover")
    client.force_login(representative)
    response = client.post(
        reverse("commsplans:create"),
        {"group": group.pk, "start_year": 2015, "end_year": 2015, "copy_previous": "on"},
    )
    plan = CommunicationPlan.objects.get(start_year=2015)
    assert response.url == plan.get_absolute_url()
    assert plan.status == "draft"
    assert plan.context == previous.context
    activity = plan.activities.get()
    assert (activity.start, activity.end) == (datetime.date(2015, 3, 1), datetime.date(2015, 5, 31))
    assert activity.objective.plan == plan
    assert [a.plan_id for a in activity.audiences.all()] == [plan.pk]
    assert [c.plan_id for c in activity.channels.all()] == [plan.pk]
    assert plan.kpis.count() == 1 and plan.risks.count() == 1
    assert not plan.reviews.exists() and not plan.versions.exists()
    # The previous plan is untouched.
    assert previous.activities.get().start == datetime.date(2014, 3, 1)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Release calendar" in page


def test_copy_without_a_previous_plan_shows_an_error(client, representative, group):
    client.force_login(representative)
    response = client.post(
        reverse("commsplans:create"),
        {"group": group.pk, "start_year": 2015, "end_year": 2015, "copy_previous": "on"},
    )
    assert "There is no earlier plan of this institution to copy." in response.content.decode()
    assert not CommunicationPlan.objects.exists()


def test_copy_is_one_transaction(institution, group, monkeypatch):
    plan_with_content(institution=institution, group=group)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("commsplans.models.Risk.objects.bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.plan_create(
            institution=institution, group=group, start_year=2015, end_year=2015, copy_previous=True
        )
    assert not CommunicationPlan.objects.filter(start_year=2015).exists()


def test_copy_never_takes_another_institution_plan(institution, other_institution, group):
    plan_with_content(institution=other_institution, group=group)
    with pytest.raises(PlanError):
        services.plan_create(
            institution=institution, group=group, start_year=2015, end_year=2015, copy_previous=True
        )
