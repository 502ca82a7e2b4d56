"""Progress status of an indicator, derived (never stored) from its approved values.

The planned path is the straight line from the baseline (at the baseline date) to the
target (at the target date). The latest approved value is compared with where the path
stands on the date that value describes (the end of its period). The gap is measured as a
share of the whole planned change ``|target - baseline|``:

- increase: ``shortfall = (planned - value) / span``; being above the path is never a shortfall.
- decrease: ``shortfall = (value - planned) / span``; being below the path is never a shortfall.
- reach (get to the target and hold it, in either direction):
  ``shortfall = (|value - target| - |planned - target|) / span``, i.e. how much further from
  the target the value is than the path is.

Thresholds (inclusive):

- ``shortfall <= 0.10`` (at most 10 % of the planned change behind the path): **on track**
- ``0.10 < shortfall <= 0.25``: **at risk**
- ``shortfall > 0.25``: **off track**
- no approved value at all: **no data**

When baseline and target are equal (``span == 0``, e.g. "keep at 100 %") the value is on
track if it is at least (increase), at most (decrease) or exactly (reach) the target, and
off track otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

ON_TRACK_MAX = Decimal("0.10")
AT_RISK_MAX = Decimal("0.25")


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def css(self) -> str:
        return {
            Status.ON_TRACK: "success",
            Status.AT_RISK: "warning",
            Status.OFF_TRACK: "danger",
            Status.NO_DATA: "secondary",
        }[self]


STATUS_LABELS = {
    Status.ON_TRACK: _("On track"),
    Status.AT_RISK: _("At risk"),
    Status.OFF_TRACK: _("Off track"),
    Status.NO_DATA: _("No data"),
}


@dataclass(frozen=True)
class Path:
    baseline: Decimal
    baseline_date: datetime.date
    target: Decimal
    target_date: datetime.date
    direction: str  # "increase", "decrease" or "reach"

    def planned_at(self, when: datetime.date) -> Decimal:
        """Where the straight path stands on ``when`` (held flat before and after it)."""
        total = (self.target_date - self.baseline_date).days
        if total <= 0 or when >= self.target_date:
            return self.target
        if when <= self.baseline_date:
            return self.baseline
        share = Decimal((when - self.baseline_date).days) / Decimal(total)
        return self.baseline + (self.target - self.baseline) * share


def shortfall(path: Path, value: Decimal, when: datetime.date) -> Decimal | None:
    """How far behind the path ``value`` is, as a share of the planned change (None if span 0)."""
    span = abs(path.target - path.baseline)
    if span == 0:
        return None
    planned = path.planned_at(when)
    if path.direction == "decrease":
        gap = value - planned
    elif path.direction == "reach":
        gap = abs(value - path.target) - abs(planned - path.target)
    else:
        gap = planned - value
    return gap / span


def status_of(path: Path, latest: tuple[datetime.date, Decimal] | None) -> Status:
    """The status for the latest approved ``(date, value)``, or NO_DATA without one."""
    if latest is None:
        return Status.NO_DATA
    when, value = latest
    value = Decimal(value)
    gap = shortfall(path, value, when)
    if gap is None:
        if path.direction == "increase":
            ok = value >= path.target
        elif path.direction == "decrease":
            ok = value <= path.target
        else:
            ok = value == path.target
        return Status.ON_TRACK if ok else Status.OFF_TRACK
    if gap <= ON_TRACK_MAX:
        return Status.ON_TRACK
    if gap <= AT_RISK_MAX:
        return Status.AT_RISK
    return Status.OFF_TRACK


def aggregate(values: list[Decimal], how: str, *, target: Decimal, direction: str) -> Decimal:
    """Add institutions' values up: sum, mean, or the share (0-100) reaching the target."""
    if how == "sum":
        return sum(values, Decimal(0))
    if how == "share":
        if direction == "decrease":
            reached = [v for v in values if v <= target]
        elif direction == "reach":
            reached = [v for v in values if v == target]
        else:
            reached = [v for v in values if v >= target]
        return Decimal(100) * len(reached) / len(values)
    return sum(values, Decimal(0)) / len(values)
