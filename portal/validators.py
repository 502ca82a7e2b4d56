"""Bounds the domain puts on dates and years, as model validators (forms inherit them).

A date far outside the portal's life (0001-01-01, 9999-12-31) is a typo or a forgery; left
in, it overflows date arithmetic later (calendar files, reminders) instead of being
refused where it was typed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1990
LAST_YEAR = 2100


@deconstructible
class YearRangeValidator:
    """A date (or a year, as an integer) from ``first`` to ``last``, both included."""

    def __init__(self, first: int = FIRST_YEAR, last: int = LAST_YEAR):
        self.first = first
        self.last = last

    def __call__(self, value) -> None:
        year = value.year if isinstance(value, datetime.date) else value
        if year is None:
            return
        if not (self.first <= year <= self.last):
            if isinstance(value, datetime.date):
                message = _("Enter a date from the year %(first)d to the year %(last)d.")
            else:
                message = _("Enter a year from %(first)d to %(last)d.")
            raise ValidationError(
                message, code="year_range", params={"first": self.first, "last": self.last}
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, YearRangeValidator) and (self.first, self.last) == (
            other.first,
            other.last,
        )


def plausible_date() -> list:
    """Validators for a date in the portal's domain (1990 to 2100)."""
    return [YearRangeValidator(FIRST_YEAR, LAST_YEAR)]
