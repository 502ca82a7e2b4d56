from decimal import Decimal

from workpackages import selectors
from workpackages.charts import line_chart
from workpackages.models import ProgressUpdate


def test_chart_escapes_text_and_skips_missing_values():
    svg = line_chart(
        title="A <b>title</b>",
        desc="Desc & more",
        labels=["2014 H1", "2014 H2", "2015 H1"],
        series=[("Mean", [Decimal(1), None, Decimal(3)])],
        path=(Decimal(0), Decimal(4)),
        path_label="Planned path",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert '<title id="chart-title">A &lt;b&gt;title&lt;/b&gt;</title>' in svg
    assert "Desc &amp; more" in svg
    assert svg.count("<circle") == 2
    assert "stroke-dasharray" in svg


def test_institution_updates_lists_only_that_institution(
    indicator, institution, other_institution, period
):
    mine = ProgressUpdate.objects.create(
        indicator=indicator, institution=institution, period=period, value=1
    )
    ProgressUpdate.objects.create(
        indicator=indicator, institution=other_institution, period=period, value=2
    )
    assert list(selectors.institution_updates(institution)) == [mine]


def test_values_read_with_the_languages_decimal_separator(indicator):
    from decimal import Decimal

    from django.utils import translation

    from workpackages.models import display_value

    with translation.override("en"):
        assert display_value(indicator, Decimal("2.67")) == "2.67 %"
    with translation.override("bs"):
        assert display_value(indicator, Decimal("2.67")) == "2,67 %"
