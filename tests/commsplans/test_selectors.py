import pytest

from commsplans import selectors
from tests.commsplans.factories import plan_with_content, reviewed_plan

pytestmark = pytest.mark.django_db


def test_unanswered_recommendations_per_institution(institution, other_institution, group):
    reviewed_plan(institution=institution, group=group, recommendations=["A", "B"])
    reviewed_plan(institution=other_institution, group=group, recommendations=["C"])
    mine = selectors.unanswered_recommendations(institution=institution)
    assert [r.text for r in mine] == ["A", "B"]
    first = mine[0]
    first.response = "accepted"
    first.save()
    assert [r.text for r in selectors.unanswered_recommendations(institution=institution)] == ["B"]
    assert {r.text for r in selectors.unanswered_recommendations()} == {"B", "C"}


def test_plan_status_by_institution_lists_members_without_plans(
    institution, other_institution, group
):
    plan_with_content(institution=institution, group=group, status="submitted")
    rows = {row.institution.acronym: row for row in selectors.plan_status_by_institution(year=2014)}
    assert [p.status for p in rows["BHAS"].plans] == ["submitted"]
    assert rows["CBBH"].plans == []


def test_plan_for_document_reads_everything_in_fixed_queries(
    institution, group, django_assert_max_num_queries
):
    plan = reviewed_plan(institution=institution, group=group)
    with django_assert_max_num_queries(16):
        full = selectors.plan_for_document(plan.pk)
        text = [a.title for a in full.activities.all()]
        text += [a.name for act in full.activities.all() for a in act.audiences.all()]
        text += [r.text for review in full.reviews.all() for r in review.recommendations.all()]
    assert "Release calendar" in text and "Journalists" in text and "Add an outcome KPI." in text


def test_plans_awaiting_review(institution, group):
    submitted = plan_with_content(institution=institution, group=group, status="submitted")
    plan_with_content(institution=institution, group=group, start_year=2015, end_year=2015)
    assert list(selectors.plans_awaiting_review()) == [submitted]
