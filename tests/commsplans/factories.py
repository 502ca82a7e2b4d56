"""Factories for communication plans and their reviews."""

from __future__ import annotations

import datetime

import factory

from commsplans.models import (
    KPI,
    Activity,
    Audience,
    Channel,
    CommunicationPlan,
    Objective,
    PlanReview,
    PlanVersion,
    Recommendation,
)
from commsplans.services import plan_snapshot
from tests.factories import InstitutionFactory, WorkingGroupFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationPlan

    institution = factory.SubFactory(InstitutionFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    start_year = 2014
    end_year = 2014
    context = "Users rarely know what the institution publishes."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Audience {n}")
    key_messages = "We publish on a fixed calendar."


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Channel {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Activity {n}")
    responsible = "PR officer"
    start = factory.LazyAttribute(lambda a: datetime.date(a.plan.start_year, 3, 1))
    end = factory.LazyAttribute(lambda a: datetime.date(a.plan.start_year, 5, 31))


def plan_with_content(**kwargs) -> CommunicationPlan:
    """A plan with one objective, audience, channel and activity."""
    plan = PlanFactory(**kwargs)
    objective = ObjectiveFactory(plan=plan, title="Publish proactively")
    audience = AudienceFactory(plan=plan, name="Journalists")
    channel = ChannelFactory(plan=plan, name="Website")
    activity = ActivityFactory(plan=plan, title="Release calendar", objective=objective)
    activity.audiences.add(audience)
    activity.channels.add(channel)
    return plan


def reviewed_plan(*, recommendations=("Add an outcome KPI.",), **kwargs) -> CommunicationPlan:
    """A plan that went through submission and one review by a named reviewer."""
    plan = plan_with_content(status=CommunicationPlan.Status.REVIEWED, **kwargs)
    version = PlanVersion.objects.create(plan=plan, number=1, snapshot=plan_snapshot(plan))
    review = PlanReview.objects.create(
        plan=plan, version=version, reviewer="Marija Žunić", date=datetime.date(2014, 3, 4)
    )
    for i, text in enumerate(recommendations, start=1):
        Recommendation.objects.create(review=review, text=text, order=i)
    return plan


def section_data(prefix: str, rows: list[dict], existing: list | None = None) -> dict:
    """POST data for a section's formset: ``existing`` rows (pks) first, then new rows."""
    existing = existing or []
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        if i < len(existing):
            data[f"{prefix}-{i}-id"] = str(existing[i])
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    plan = factory.SubFactory(PlanFactory)
    level = KPI.Level.OUTPUT
    description = factory.Sequence(lambda n: f"KPI {n}")
    baseline = "10"
    target = "20"
