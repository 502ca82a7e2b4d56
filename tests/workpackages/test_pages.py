"""Work package, compliance and indicator pages; periods; the home panel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import member_institution
from tests.workpackages.factories import (
    GoalFactory,
    IndicatorFactory,
    PeriodFactory,
    WorkPackageFactory,
)
from workpackages.models import Indicator, ProgressUpdate, ReportingPeriod, WorkPackage

S = ProgressUpdate.Status


def build(group, institutions: int, prefix: str = "I") -> WorkPackage:
    """A work package with two goals, three indicators, four past periods, and updates in
    every state from ``institutions`` member institutions."""
    package = WorkPackageFactory(group=group)
    goals = [GoalFactory(work_package=package, code=f"G{n}") for n in (1, 2)]
    indicators = [
        IndicatorFactory(goal=goals[0], code="G1.1"),
        IndicatorFactory(
            goal=goals[0],
            code="G1.2",
            unit=Indicator.Unit.YES_NO,
            target_value=1,
            baseline_value=0,
            direction="reach",
            aggregation=Indicator.Aggregation.SHARE_REACHING,
        ),
        IndicatorFactory(
            goal=goals[1],
            code="G2.1",
            unit=Indicator.Unit.NUMBER,
            direction="decrease",
            baseline_value=20,
            target_value=10,
        ),
    ]
    periods = []
    for year in (2025, 2026):
        for half, (start, end) in enumerate(((1, 6), (7, 12)), start=1):
            first = datetime.date(year, start, 1)
            last = datetime.date(year, end, 30 if end == 6 else 31)
            periods.append(
                PeriodFactory(
                    work_package=package,
                    label=f"{year} H{half}",
                    start=first,
                    end=last,
                    due_date=last + datetime.timedelta(days=30),
                )
            )
    states = [S.APPROVED, S.SUBMITTED, S.RETURNED, S.DRAFT, None]
    rows = []
    for n in range(institutions):
        institution = member_institution(group, acronym=f"{prefix}{n:03}")
        for p, period in enumerate(periods[:3]):
            for i, indicator in enumerate(indicators):
                state = states[(n + p + i) % len(states)]
                if state is None:
                    continue
                rows.append(
                    ProgressUpdate(
                        indicator=indicator,
                        institution=institution,
                        period=period,
                        value=1 if indicator.unit == "yes_no" else 15 + n % 10,
                        status=state,
                        late=(n + p) % 3 == 0,
                        submitted_at=None
                        if state == S.DRAFT
                        else datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
                    )
                )
    ProgressUpdate.objects.bulk_create(rows)
    return package


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response.content.decode()


@pytest.mark.parametrize("page", ["detail", "compliance", "indicator"])
def test_pages_run_the_same_queries_for_7_and_60_institutions(client_for, secretariat, page, db):
    from tests.factories import WorkingGroupFactory

    client = client_for(secretariat)
    counts = []
    for size in (7, 60):
        package = build(WorkingGroupFactory(short_name=f"WG{size}"), size, prefix=f"S{size}-")
        if page == "indicator":
            url = package.goals.first().indicators.first().get_absolute_url()
        else:
            url = reverse(f"workpackages:{page}", args=[package.pk])
        queries, html = count_queries(client, url)
        assert f"S{size}-{size - 1:03}" in html  # the last institution is on the page
        counts.append(queries)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20


def test_work_package_page_shows_goals_status_and_compliance(client_for, coordinator, group):
    package = build(group, 3)
    html = client_for(coordinator).get(package.get_absolute_url()).content.decode()
    assert "G1.1" in html and "G2.1" in html
    assert 'data-status="' in html
    assert 'data-state="missing"' in html
    assert "late" in html
    assert "Completeness" in html and "Timeliness" in html


def test_representative_sees_only_own_row_in_compliance(client_for, group, representative):
    package = build(group, 3)
    html = (
        client_for(representative)
        .get(reverse("workpackages:compliance", args=[package.pk]))
        .content.decode()
    )
    assert "BHAS" in html
    assert "I001" not in html


def test_completeness_and_timeliness(group, institution, indicator, package):
    from workpackages import selectors

    today = datetime.date(2026, 1, 1)
    past = PeriodFactory(
        work_package=package,
        label="2025 H1",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 31),
    )
    PeriodFactory(
        work_package=package,
        label="2025 H2",
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )
    ProgressUpdate.objects.create(
        indicator=indicator,
        institution=institution,
        period=past,
        value=30,
        status=S.APPROVED,
        late=True,
        submitted_at=datetime.datetime(2025, 8, 2, tzinfo=datetime.UTC),
    )
    periods, rows = selectors.compliance_table(package, today=today)
    assert [p.label for p in periods] == ["2025 H1", "2025 H2"]
    row = rows[0]
    assert row.institution == institution
    assert row.expected == 1  # 2025 H2 is not due yet
    assert row.completeness == 100
    assert row.timeliness == 0
    assert row.cells[0].late == 1
    assert row.cells[1].state == "missing"

    periods, rows = selectors.compliance_table(package, period=past, today=today)
    assert [p.label for p in periods] == ["2025 H1"]
    assert rows[0].cells[0].counts == {"approved": 1}


def test_indicator_page_draws_an_accessible_svg_chart(client_for, coordinator, group):
    package = build(group, 3)
    indicator = package.goals.first().indicators.first()
    html = client_for(coordinator).get(indicator.get_absolute_url()).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert '<title id="chart-title">G1.1: approved values per period</title>' in html
    assert "<desc" in html and "status:" in html
    assert "<polyline" in html or "<circle" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_periods_are_generated_from_the_frequency(client_for, secretariat, group):
    package = WorkPackageFactory(
        group=group, start=datetime.date(2014, 1, 1), end=datetime.date(2016, 12, 31)
    )
    client = client_for(secretariat)
    url = reverse("workpackages:periods_generate", args=[package.pk])
    client.post(url, {"frequency": "half_yearly", "due_after_days": 30})
    labels = list(package.periods.values_list("label", flat=True))
    assert labels == ["2014 H1", "2014 H2", "2015 H1", "2015 H2", "2016 H1", "2016 H2"]
    first = package.periods.first()
    assert first.end == datetime.date(2014, 6, 30)
    assert first.due_date == datetime.date(2014, 7, 30)

    edit = reverse("workpackages:period_edit", args=[first.pk])
    client.post(
        edit,
        {"label": "2014 H1", "start": "2014-01-01", "end": "2014-06-30", "due_date": "2014-08-15"},
    )
    client.post(url, {"frequency": "half_yearly", "due_after_days": 30})
    assert package.periods.count() == 6
    assert ReportingPeriod.objects.get(pk=first.pk).due_date == datetime.date(2014, 8, 15)


def test_secretariat_creates_goal_and_maturity_indicator(client_for, secretariat, package):
    client = client_for(secretariat)
    client.post(
        reverse("workpackages:goal_create", args=[package.pk]),
        {"code": "G1", "title_en": "Transparency", "title_bs": "Transparentnost", "order": 1},
    )
    goal = package.goals.get()
    data = {
        "code": "G1.1",
        "title_en": "Maturity",
        "unit": "maturity",
        "baseline_value": "0",
        "baseline_date": "2024-12-31",
        "target_value": "4",
        "target_date": "2027-12-31",
        "direction": "increase",
        "frequency": "half_yearly",
        "scope": "institution",
        "aggregation": "mean",
        "order": 1,
        "levels-TOTAL_FORMS": "2",
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
        "levels-0-level": "0",
        "levels-0-description": "Nothing",
        "levels-1-level": "1",
        "levels-1-description": "Ad hoc",
    }
    response = client.post(reverse("workpackages:indicator_create", args=[goal.pk]), data)
    assert response.status_code == 302
    indicator = goal.indicators.get()
    assert list(indicator.rubric_levels.values_list("description", flat=True)) == [
        "Nothing",
        "Ad hoc",
    ]


def test_percent_indicator_target_out_of_range_is_refused(client_for, secretariat, goal):
    data = {
        "code": "G1.9",
        "title_en": "Share",
        "unit": "percent",
        "baseline_value": "10",
        "baseline_date": "2024-12-31",
        "target_value": "140",
        "target_date": "2027-12-31",
        "direction": "increase",
        "frequency": "half_yearly",
        "scope": "institution",
        "aggregation": "mean",
        "order": 1,
        "levels-TOTAL_FORMS": "0",
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    response = client_for(secretariat).post(
        reverse("workpackages:indicator_create", args=[goal.pk]), data
    )
    assert "between 0 and 100" in response.content.decode()
    assert not goal.indicators.filter(code="G1.9").exists()


def test_home_panels(
    client_for, secretariat, coordinator, representative, indicator, period, institution
):
    ProgressUpdate.objects.create(
        indicator=indicator, institution=institution, period=period, value=40, status=S.SUBMITTED
    )
    sec = client_for(secretariat).get("/").content.decode()
    assert "1 update waits for review" in sec
    coord = client_for(coordinator).get("/").content.decode()
    assert "G1 " in coord and 'data-status="no_data"' in coord
    other = IndicatorFactory(goal=indicator.goal, code="G1.3")
    rep = client_for(representative).get("/").content.decode()
    assert f"{period.label}: 1 indicator still to report" in rep
    assert other.code  # the submitted one no longer counts; the new one does


def test_secretariat_deletes_an_unused_period_but_not_one_with_updates(
    client_for, secretariat, indicator, institution, package
):
    used = PeriodFactory(work_package=package, label="used")
    unused = PeriodFactory(work_package=package, label="unused")
    ProgressUpdate.objects.create(
        indicator=indicator, institution=institution, period=used, value=1
    )
    client = client_for(secretariat)
    response = client.post(reverse("workpackages:period_delete", args=[used.pk]))
    assert "cannot be deleted: 1 progress update" in response.content.decode()
    assert ReportingPeriod.objects.filter(pk=used.pk).exists()
    client.post(reverse("workpackages:period_delete", args=[unused.pk]))
    assert not ReportingPeriod.objects.filter(pk=unused.pk).exists()
