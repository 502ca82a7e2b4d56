"""Charts drawn on the server as SVG strings: no JavaScript, so they also work in PDFs.

``indicator_chart`` is the one chart of an indicator, drawn on its page and in the PDFs."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from workpackages import selectors
from workpackages.models import Indicator, display_value

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 36, 24, 48
COLOURS = ["#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _share(indicator) -> bool:
    """Whether the group's value is the share of institutions reaching the target."""
    return (
        indicator.aggregation == Indicator.Aggregation.SHARE_REACHING
        and indicator.scope != Indicator.Scope.GROUP
    )


def aggregate_display(indicator, value: Decimal | None) -> str:
    """The group's value: on the indicator's scale, or a share of institutions in %."""
    if value is None:
        return "—"
    if _share(indicator):
        return _("%(share)s %% of institutions") % {"share": f"{value:.0f}"}
    return display_value(indicator, value)


def indicator_chart(
    indicator,
    summary,
    periods: Sequence,
    *,
    extra_series: Sequence[tuple[str, Sequence[Decimal | None]]] = (),
    chart_id: str = "chart",
) -> str:
    """The chart of an indicator's approved values per period, for its page and the PDFs:
    the group's value (``summary.series``), any ``extra_series`` (an institution's own
    values) and the planned path from baseline to target."""
    share = _share(indicator)
    path = None
    if periods and not share:
        planned = selectors.path_of(indicator)
        path = (planned.planned_at(periods[0].end), planned.planned_at(periods[-1].end))
    if indicator.scope == Indicator.Scope.GROUP:
        name = _("Group value")
    elif share:
        name = _("Share of institutions reaching the target (%)")
    else:
        name = _("Group value (%(how)s)") % {"how": indicator.get_aggregation_display().lower()}
    return line_chart(
        title=_("%(code)s: approved values per period") % {"code": indicator.code},
        desc=_(
            "Baseline %(baseline)s, target %(target)s; latest approved value %(latest)s; "
            "status: %(status)s."
        )
        % {
            "baseline": display_value(indicator, indicator.baseline_value),
            "target": display_value(indicator, indicator.target_value),
            "latest": aggregate_display(indicator, summary.latest_value),
            "status": summary.status.label,
        },
        labels=[p.label for p in periods],
        series=[(str(name), [summary.series.get(p.pk) for p in periods]), *extra_series],
        path=path,
        path_label="" if share else str(_("Planned path")),
        chart_id=chart_id,
    )


def line_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    path: tuple[Decimal, Decimal] | None = None,
    path_label: str = "",
    chart_id: str = "chart",
) -> str:
    """A line chart: one line per series over ``labels``, and the planned path dashed.

    ``series`` values may be None (no value in that period); ``path`` is the planned value
    at the first and the last label. The SVG carries ``title`` and ``desc`` for screen readers;
    ``chart_id`` keeps their ids apart when a page or a PDF holds several charts.
    """
    numbers = [float(v) for _, values in series for v in values if v is not None]
    if path:
        numbers += [float(path[0]), float(path[1])]
    low = min(numbers + [0.0])
    high = max(numbers + [1.0])
    if high == low:
        high = low + 1
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(labels), 1)
    step = plot_w / max(count - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'class="wp-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#dee2e6"/>',
    ]
    for tick in range(5):
        value = low + (high - low) * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#f1f3f5"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#495057">{_fmt(value)}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 16}" font-size="11" text-anchor="middle" '
            f'fill="#495057">{escape(label)}</text>'
        )
    if path:
        parts.append(
            f'<line x1="{x(0):.1f}" y1="{y(float(path[0])):.1f}" x2="{x(count - 1):.1f}" '
            f'y2="{y(float(path[1])):.1f}" stroke="#adb5bd" stroke-width="2" '
            f'stroke-dasharray="6 4"><title>{escape(path_label)}</title></line>'
        )
    for n, (name, values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = [(x(i), y(float(v))) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for px, py in points:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)}</title></circle>"
            )
    legend_y = HEIGHT - 10
    legend_x = LEFT
    for n, (name, _values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="{legend_y}" font-size="11" fill="#212529">'
            f"{escape(name)}</text>"
        )
        legend_x += 24 + 7 * len(name)
    if path_label:
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
            'stroke="#adb5bd" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{legend_x + 20}" y="{legend_y}" font-size="11" fill="#212529">'
            f"{escape(path_label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
