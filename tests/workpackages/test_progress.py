"""The status derivation at its thresholds, for each direction."""

import datetime
from decimal import Decimal

import pytest

from workpackages.progress import Path, Status, aggregate, status_of

START = datetime.date(2014, 1, 1)
END = datetime.date(2016, 1, 1)
MIDDLE = START + (END - START) / 2  # the path is exactly half-way here


def path(baseline, target, direction):
    return Path(Decimal(baseline), START, Decimal(target), END, direction)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("60", Status.ON_TRACK),  # above the path
        ("50", Status.ON_TRACK),  # on the path (planned 50 half-way from 0 to 100)
        ("40", Status.ON_TRACK),  # 10 % of the change behind: still on track
        ("39.99", Status.AT_RISK),
        ("25", Status.AT_RISK),  # 25 % behind: at risk, inclusive
        ("24.99", Status.OFF_TRACK),
        ("0", Status.OFF_TRACK),
    ],
)
def test_increase_boundaries(value, expected):
    assert status_of(path(0, 100, "increase"), (MIDDLE, Decimal(value))) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", Status.ON_TRACK),  # below the path is good when decreasing
        ("15", Status.ON_TRACK),  # planned 15 half-way from 20 to 10
        ("16", Status.ON_TRACK),  # 1 of 10 = 10 % behind
        ("16.01", Status.AT_RISK),
        ("17.5", Status.AT_RISK),  # 25 % behind
        ("17.51", Status.OFF_TRACK),
        ("25", Status.OFF_TRACK),
    ],
)
def test_decrease_boundaries(value, expected):
    assert status_of(path(20, 10, "decrease"), (MIDDLE, Decimal(value))) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50", Status.ON_TRACK),  # on the path (0 → 100)
        ("60", Status.ON_TRACK),  # nearer the target than planned
        ("100", Status.ON_TRACK),
        ("40", Status.ON_TRACK),  # 10 % further from the target than planned
        ("39.99", Status.AT_RISK),
        ("25", Status.AT_RISK),
        ("24.99", Status.OFF_TRACK),
        ("175.01", Status.OFF_TRACK),  # overshooting the target counts as missing it
        ("140", Status.ON_TRACK),  # 40 past the target: nearer than the path (50 short)
    ],
)
def test_reach_boundaries(value, expected):
    assert status_of(path(0, 100, "reach"), (MIDDLE, Decimal(value))) == expected


def test_no_approved_value_means_no_data():
    assert status_of(path(0, 100, "increase"), None) == Status.NO_DATA


def test_before_the_baseline_date_the_path_is_the_baseline():
    early = START - datetime.timedelta(days=30)
    assert status_of(path(0, 100, "increase"), (early, Decimal(0))) == Status.ON_TRACK


def test_after_the_target_date_the_target_counts():
    late = END + datetime.timedelta(days=30)
    assert status_of(path(0, 100, "increase"), (late, Decimal(89))) == Status.AT_RISK
    assert status_of(path(0, 100, "increase"), (late, Decimal(90))) == Status.ON_TRACK


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("increase", "100", Status.ON_TRACK),
        ("increase", "99", Status.OFF_TRACK),
        ("decrease", "100", Status.ON_TRACK),
        ("decrease", "101", Status.OFF_TRACK),
        ("reach", "100", Status.ON_TRACK),
        ("reach", "101", Status.OFF_TRACK),
    ],
)
def test_equal_baseline_and_target(direction, value, expected):
    assert status_of(path(100, 100, direction), (MIDDLE, Decimal(value))) == expected


def test_aggregation():
    values = [Decimal(1), Decimal(0), Decimal(1), Decimal(1)]
    assert aggregate(values, "sum", target=Decimal(1), direction="reach") == 3
    assert aggregate(values, "mean", target=Decimal(1), direction="reach") == Decimal("0.75")
    assert aggregate(values, "share", target=Decimal(1), direction="reach") == 75
