"""The whole cycle through real form posts: create, fill, submit, review, answer, revise, approve."""

import datetime

import pytest
from django.urls import reverse

from commsplans.models import KPI, CommunicationPlan, PlanVersion, Recommendation
from meetings import services
from tests.commsplans.factories import section_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group):
    return services.meeting_create(
        group=group,
        details=services.MeetingDetails(
            title="7th meeting",
            date=datetime.date(2014, 3, 4),
            start_time=datetime.time(10),
            end_time=datetime.time(15),
            city="Konjic",
        ),
    )


def test_submit_review_answer_revise_approve(
    client, group, institution, representative, secretariat, meeting
):
    # The representative starts a plan for 2014 and fills its sections.
    client.force_login(representative)
    response = client.post(
        reverse("commsplans:create"),
        {"group": group.pk, "start_year": 2014, "end_year": 2014},
    )
    plan = CommunicationPlan.objects.get(institution=institution)
    assert response.url == plan.get_absolute_url()
    assert plan.status == "draft"
    client.post(
        reverse("commsplans:edit", args=[plan.pk]),
        {"start_year": 2014, "end_year": 2014, "context": "Few users know our release calendar."},
    )
    url = lambda section: reverse("commsplans:section_edit", args=[plan.pk, section])  # noqa: E731
    client.post(
        url("objectives"),
        section_data("objectives", [{"title": "Communicate results proactively"}]),
    )
    client.post(
        url("audiences"),
        section_data(
            "audiences", [{"name": "Journalists", "key_messages": "Releases come on time."}]
        ),
    )
    client.post(url("channels"), section_data("channels", [{"name": "Website"}]))
    objective = plan.objectives.get()
    response = client.post(
        url("activities"),
        section_data(
            "activities",
            [
                {
                    "title": "Workshop for journalists",
                    "objective": objective.pk,
                    "audiences": [plan.audiences.get().pk],
                    "channels": [plan.channels.get().pk],
                    "responsible": "Amra Čaušević",
                    "start": "2014-04-01",
                    "end": "2014-04-30",
                    "status": "not_started",
                    "budget": "1200.00",
                }
            ],
        ),
    )
    assert response.status_code == 302
    client.post(
        url("kpis"),
        section_data(
            "kpis",
            [
                {
                    "level": "output",
                    "description": "Articles citing us",
                    "baseline": "40",
                    "target": "60",
                }
            ],
        ),
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Workshop for journalists" in page
    assert "Releases come on time." in page

    # Submitting keeps version 1 and locks the content.
    response = client.post(reverse("commsplans:submit", args=[plan.pk]), follow=True)
    assert "The plan was submitted for review." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert plan.versions.count() == 1
    response = client.get(url("kpis"), follow=True)
    assert "cannot be changed now" in response.content.decode()

    # The secretariat sees it waiting and records the review at the meeting.
    client.force_login(secretariat)
    assert f"{institution.acronym} 2014" in client.get(reverse("home")).content.decode()
    response = client.post(
        reverse("commsplans:review", args=[plan.pk]),
        {
            "meeting": meeting.pk,
            "reviewer": "",
            "date": "",
            "summary": "Reviewed jointly.",
            **section_data(
                "recommendations",
                [
                    {"section": "kpis", "text": "Add an outcome KPI."},
                    {"section": "channels", "text": "Open a social-media channel."},
                    {"section": "", "text": ""},
                ],
            ),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "reviewed"
    review = plan.reviews.get()
    assert review.date == meeting.date and review.version.number == 1
    first, second = review.recommendations.order_by("order")

    # The representative sees what is to answer and answers both.
    client.force_login(representative)
    home = client.get(reverse("home")).content.decode()
    assert "2 recommendations to answer" in home
    assert "Add an outcome KPI." in home
    response = client.post(reverse("commsplans:submit", args=[plan.pk]), follow=True)
    assert "Answer every recommendation" in response.content.decode()
    client.post(reverse("commsplans:answer", args=[first.pk]), {"response": "accepted"})
    response = client.post(
        reverse("commsplans:answer", args=[second.pk]), {"response": "declined", "reason": ""}
    )
    assert "Say why the recommendation is declined." in response.content.decode()
    second.refresh_from_db()
    assert second.response == ""
    client.post(
        reverse("commsplans:answer", args=[second.pk]),
        {"response": "declined", "reason": "Not allowed by our policy."},
    )
    assert not Recommendation.objects.filter(response="").exists()

    # The revision adds the outcome KPI; the revision page shows exactly that change.
    kpi = plan.kpis.get()
    client.post(
        url("kpis"),
        section_data(
            "kpis",
            [
                {
                    "level": "output",
                    "description": "Articles citing us",
                    "baseline": "40",
                    "target": "60",
                },
                {
                    "level": "outcome",
                    "description": "Users rating releases useful",
                    "baseline": "50 %",
                    "target": "75 %",
                },
            ],
            existing=[kpi.pk],
        ),
    )
    assert KPI.objects.filter(plan=plan).count() == 2
    page = client.get(reverse("commsplans:revision", args=[plan.pk])).content.decode()
    assert "+ Outcome: Users rating releases useful" in page
    assert "Articles citing us" in page
    response = client.post(reverse("commsplans:submit", args=[plan.pk]), follow=True)
    assert "The revised plan was sent to the group." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "revised"
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]
    # The reviewed version is kept as it was.
    assert not any("Users rating" in line for line in review.version.snapshot["sections"]["kpis"])

    # The secretariat approves.
    client.force_login(secretariat)
    response = client.post(reverse("commsplans:approve", args=[plan.pk]), follow=True)
    assert "The plan was approved." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_review_needs_a_meeting_or_a_reviewer(client, secretariat, institution, group):
    from tests.commsplans.factories import plan_with_content

    plan = plan_with_content(institution=institution, group=group, status="submitted")
    PlanVersion.objects.create(plan=plan, number=1, snapshot={})
    client.force_login(secretariat)
    response = client.post(
        reverse("commsplans:review", args=[plan.pk]),
        {
            "meeting": "",
            "reviewer": "",
            "date": "2014-03-04",
            **section_data("recommendations", []),
        },
    )
    assert "Name the meeting or the reviewer." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "submitted" and not plan.reviews.exists()


def test_a_draft_cannot_be_approved_or_reviewed(client, secretariat, institution, group):
    from tests.commsplans.factories import plan_with_content

    plan = plan_with_content(institution=institution, group=group)
    client.force_login(secretariat)
    response = client.post(reverse("commsplans:approve", args=[plan.pk]), follow=True)
    assert "Only a submitted or revised plan can be approved." in response.content.decode()
    response = client.get(reverse("commsplans:review", args=[plan.pk]), follow=True)
    assert "Only a submitted or revised plan can be reviewed." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_an_empty_plan_cannot_be_submitted(client, representative, institution, group):
    from tests.commsplans.factories import PlanFactory

    plan = PlanFactory(institution=institution, group=group)
    client.force_login(representative)
    response = client.post(reverse("commsplans:submit", args=[plan.pk]), follow=True)
    assert "at least one objective and one activity" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft" and not plan.versions.exists()
