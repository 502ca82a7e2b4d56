"""Finding 5: a progress value stays within what its indicator can hold; no input is a 500."""

import pytest
from django.urls import reverse

from tests.workpackages.factories import IndicatorFactory, RubricLevelFactory
from workpackages.models import Indicator, ProgressUpdate


def new_url(period, indicator):
    return reverse("workpackages:update_new", args=[period.pk, indicator.pk])


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        (Indicator.Unit.NUMBER, "2147483648000000"),
        (Indicator.Unit.NUMBER, "1e30"),
        (Indicator.Unit.NUMBER, "NaN"),
        (Indicator.Unit.NUMBER, "Infinity"),
        (Indicator.Unit.NUMBER, "-5"),
        (Indicator.Unit.NUMBER, "0.001"),
        (Indicator.Unit.PERCENT, "100.01"),
        (Indicator.Unit.PERCENT, "-0.01"),
    ],
)
def test_a_value_the_indicator_cannot_hold_is_a_form_error(
    client_for, representative, indicator, period, unit, value
):
    indicator.unit = unit
    indicator.save()
    response = client_for(representative).post(
        new_url(period, indicator), {"value": value, "action": "submit"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_rubric_level_of_another_indicator_is_refused(
    client_for, representative, maturity, goal, period
):
    stranger = RubricLevelFactory(indicator=IndicatorFactory(goal=goal), level=3)
    response = client_for(representative).post(
        new_url(period, maturity), {"rubric_level": stranger.pk, "action": "save"}
    )
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()
