from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import WorkingGroupFactory
from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    RubricLevel,
    WorkPackage,
)
from workpackages.services import period_containing


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


def period_of(
    work_package, day: datetime.date, *, months: int = 6, due_after_days: int = 30, label=None
) -> ReportingPeriod:
    """The work package's half-year (or quarter, or year) that contains ``day``, with the
    label, bounds and due date the product's period generation gives it."""
    bounds = period_containing(day, months=months, year_starts=work_package.year_starts)
    return PeriodFactory(
        work_package=work_package,
        label=label or bounds.label,
        start=bounds.start,
        end=bounds.end,
        due_date=bounds.end + datetime.timedelta(days=due_after_days),
    )


def open_period(work_package, *, label=None, today=None) -> ReportingPeriod:
    """The half-year we are in: it has started and is due after it ends, so it is open."""
    return period_of(work_package, today or timezone.localdate(), label=label)
