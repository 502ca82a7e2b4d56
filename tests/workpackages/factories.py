from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from tests.factories import WorkingGroupFactory
from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    RubricLevel,
    WorkPackage,
)


class WorkPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPackage

    group = factory.SubFactory(WorkingGroupFactory)
    title_en = factory.Sequence(lambda n: f"Work package {n}")
    title_bs = factory.Sequence(lambda n: f"Plan rada {n}")
    start = datetime.date(2025, 1, 1)
    end = datetime.date(2027, 12, 31)
    status = WorkPackage.Status.ADOPTED


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    work_package = factory.SubFactory(WorkPackageFactory)
    code = factory.Sequence(lambda n: f"G{n}")
    title_en = factory.Sequence(lambda n: f"Goal {n}")
    title_bs = factory.Sequence(lambda n: f"Cilj {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    title_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = Indicator.Unit.PERCENT
    baseline_value = Decimal(20)
    baseline_date = datetime.date(2024, 12, 31)
    target_value = Decimal(80)
    target_date = datetime.date(2027, 12, 31)
    direction = Indicator.Direction.INCREASE
    frequency = Indicator.Frequency.HALF_YEARLY
    aggregation = Indicator.Aggregation.MEAN


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    work_package = factory.SubFactory(WorkPackageFactory)
    label = factory.Sequence(lambda n: f"P{n}")
    start = datetime.date(2025, 1, 1)
    end = datetime.date(2025, 6, 30)
    due_date = datetime.date(2025, 7, 31)


class RubricLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricLevel

    indicator = factory.SubFactory(IndicatorFactory, unit=Indicator.Unit.MATURITY)
    level = factory.Sequence(lambda n: n)
    description = factory.LazyAttribute(lambda o: f"Level {o.level} described")


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(
        PeriodFactory, work_package=factory.SelfAttribute("..indicator.goal.work_package")
    )
    institution = factory.SubFactory("tests.factories.InstitutionFactory")
    value = Decimal(30)
    status = ProgressUpdate.Status.APPROVED


def open_period(work_package, *, label="2025 H2", today=None) -> ReportingPeriod:
    """A half-year that has started and is due in the future, so it is open today."""
    today = today or datetime.date.today()
    return PeriodFactory(
        work_package=work_package,
        label=label,
        start=today - datetime.timedelta(days=150),
        end=today + datetime.timedelta(days=30),
        due_date=today + datetime.timedelta(days=60),
    )
