import pytest

from tests.workpackages.factories import (
    GoalFactory,
    IndicatorFactory,
    RubricLevelFactory,
    WorkPackageFactory,
    open_period,
)
from workpackages.models import Indicator


@pytest.fixture
def package(group):
    return WorkPackageFactory(group=group)


@pytest.fixture
def goal(package):
    return GoalFactory(work_package=package, code="G1")


@pytest.fixture
def indicator(goal):
    return IndicatorFactory(goal=goal, code="G1.1", unit=Indicator.Unit.PERCENT)


@pytest.fixture
def maturity(goal):
    indicator = IndicatorFactory(
        goal=goal,
        code="G1.2",
        unit=Indicator.Unit.MATURITY,
        baseline_value=0,
        target_value=4,
    )
    for level in range(5):
        RubricLevelFactory(indicator=indicator, level=level)
    return indicator


@pytest.fixture
def period(package):
    return open_period(package)
