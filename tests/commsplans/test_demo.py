import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from commsplans import demo
from commsplans.models import (
    CommunicationPlan,
    Objective,
    PlanReview,
    PlanVersion,
    Recommendation,
)
from institutions import demo as institutions_demo
from meetings import services
from meetings.models import Meeting
from portal.roles import sync_role_groups
from workpackages.models import Goal, WorkPackage

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (CommunicationPlan, Objective, PlanReview, PlanVersion, Recommendation, Meeting)
    ]


def test_demo_plans_are_reviewed_at_the_seventh_meeting_and_safe_twice(settings):
    settings.DEBUG = True
    call_command("demo_data")
    first = counts()
    call_command("demo_data")
    assert counts() == first
    plans = CommunicationPlan.objects.filter(group__short_name="WG-CKM", start_year=2014)
    assert plans.count() >= 4
    assert {p.status for p in plans} >= {"draft", "reviewed", "revised", "approved"}
    meeting = Meeting.objects.get(group__short_name="WG-CKM", date=datetime.date(2014, 3, 4))
    assert meeting.city == "Konjic"
    reviews = PlanReview.objects.filter(plan__in=plans)
    assert reviews.count() >= 3 and {r.meeting_id for r in reviews} == {meeting.pk}
    recommendations = Recommendation.objects.filter(review__in=reviews)
    assert recommendations.filter(response="").exists()
    assert recommendations.exclude(response="").exists()
    assert recommendations.filter(response="declined").exclude(reason="").exists()
    # The statistics login (BHAS) has something to answer.
    assert recommendations.filter(review__plan__institution__acronym="BHAS", response="").exists()


def test_demo_links_objectives_to_the_work_package_goals_when_they_exist():
    sync_role_groups()
    institutions_demo.load()
    from institutions.models import WorkingGroup

    group = WorkingGroup.objects.get(short_name="WG-CKM")
    existing = services.meeting_create(
        group=group,
        details=services.MeetingDetails(
            title="Sedmi sastanak",
            date=datetime.date(2014, 3, 4),
            start_time=datetime.time(10),
            end_time=datetime.time(15),
            city="Konjic",
        ),
    )
    package = WorkPackage.objects.create(
        group=group,
        title_en="Work package 2014–2016",
        start=datetime.date(2014, 1, 1),
        end=datetime.date(2016, 12, 31),
    )
    for n in range(1, 8):
        Goal.objects.create(work_package=package, code=f"G{n}", title_en=f"Goal {n}", order=n)
    demo.load()
    assert Meeting.objects.filter(group=group).count() == 1  # the existing meeting is used
    assert set(PlanReview.objects.values_list("meeting", flat=True)) == {existing.pk}
    objective = Objective.objects.filter(plan__institution__acronym="BHAS").first()
    assert objective.goal is not None and objective.goal.code in {"G3", "G4", "G6"}
    plan = CommunicationPlan.objects.get(institution__acronym="BHAS")
    assert {g.code for g in plan.goals.all()} == {"G3", "G4", "G6"}


def test_demo_revised_plan_shows_its_change_since_the_review(settings, client):
    settings.DEBUG = True
    call_command("demo_data")
    plan = CommunicationPlan.objects.get(institution__acronym="DEI")
    client.force_login(get_user_model().objects.get(username="coordinator"))
    page = client.get(reverse("commsplans:revision", args=[plan.pk])).content.decode()
    assert "+ A delayed EU decision weakens the key messages" in page
