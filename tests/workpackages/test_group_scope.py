"""Indicators the group reports as a whole: the secretariat reports and reviews the group's
value (a progress update without an institution); status and pages use it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import WorkingGroupFactory, member_institution
from tests.workpackages.factories import (
    GoalFactory,
    IndicatorFactory,
    PeriodFactory,
    WorkPackageFactory,
    open_period,
)
from workpackages import selectors, services
from workpackages.forms import IndicatorForm
from workpackages.models import Indicator, ProgressUpdate
from workpackages.progress import Status

S = ProgressUpdate.Status


@pytest.fixture
def group_indicator(goal):
    return IndicatorFactory(
        goal=goal,
        code="G1.5",
        title_en="Joint workshops held",
        unit=Indicator.Unit.NUMBER,
        baseline_value=0,
        target_value=6,
        scope=Indicator.Scope.GROUP,
    )


def group_row(indicator, period, *, value=3, status=S.APPROVED, **extra):
    return ProgressUpdate.objects.create(
        indicator=indicator, institution=None, period=period, value=value, status=status, **extra
    )


def past_period(package, label="2025 H1"):
    return PeriodFactory(
        work_package=package,
        label=label,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 31),
    )


def test_group_report_lists_open_group_indicators_with_baseline_target_and_last_value(
    client_for, secretariat, package, indicator, group_indicator, period
):
    group_row(group_indicator, past_period(package), value=2)
    page = client_for(secretariat).get(reverse("workpackages:group_report")).content.decode()
    assert "Report for the group" in page
    assert period.label in page
    assert "G1.5 Joint workshops held" in page
    assert reverse("workpackages:group_update_new", args=[period.pk, group_indicator.pk]) in page
    assert "G1.1" not in page  # institutions report that one
    row = page.split("G1.5 Joint workshops held", 1)[1].split("</tr>", 1)[0]
    assert "<td>0</td>" in row and "<td>6</td>" in row  # baseline and target
    assert "<td>2</td>" in row  # the last approved value, of the earlier period
    assert "Not reported" in row


def test_secretariat_reports_and_approves_a_group_value(
    client_for, secretariat, package, group_indicator, period
):
    client = client_for(secretariat)
    new = reverse("workpackages:group_update_new", args=[period.pk, group_indicator.pk])
    response = client.post(new, {"value": "4", "narrative": "Two workshops.", "action": "save"})
    update = ProgressUpdate.objects.get()
    assert response.status_code == 302
    assert update.institution is None
    assert update.status == S.DRAFT
    assert client.get(new).url == reverse("workpackages:group_update_edit", args=[update.pk])

    edit = reverse("workpackages:group_update_edit", args=[update.pk])
    assert "Whole group" in client.get(edit).content.decode()
    client.post(edit, {"value": "5", "version": update.version, "action": "submit"})
    update.refresh_from_db()
    assert update.status == S.SUBMITTED
    assert update.value == 5
    assert update.submitted_by == secretariat

    queue = client.get(reverse("workpackages:review_queue")).content.decode()
    assert update.get_absolute_url() in queue
    assert "Whole group" in queue

    client.post(
        reverse("workpackages:update_review", args=[update.pk]),
        {"decision": "approve", "version": update.version},
    )
    update.refresh_from_db()
    assert update.status == S.APPROVED
    assert update.reviewed_by == secretariat
    detail = client.get(update.get_absolute_url()).content.decode()
    assert "Value: <del>4</del> → <ins>5</ins>" in detail
    assert "Status: <del>Submitted</del> → <ins>Approved</ins>" in detail
    assert edit not in detail  # approved: no longer editable

    page = client.get(group_indicator.get_absolute_url()).content.decode()
    assert 'data-testid="group-values"' in page
    assert update.get_absolute_url() in page
    assert "Group value" in page  # the chart's line
    assert "<circle" in page


def test_secretariat_home_shows_what_is_left_to_report_for_the_group(
    client_for, secretariat, group_indicator, period
):
    client = client_for(secretariat)
    home = client.get("/").content.decode()
    assert "1 group indicator still to report" in home
    assert reverse("workpackages:group_report") in home
    group_row(group_indicator, period, status=S.SUBMITTED)
    assert "still to report" not in client.get("/").content.decode()


def test_group_value_can_be_returned_and_resubmitted(
    client_for, secretariat, group_indicator, period
):
    update = group_row(group_indicator, period, status=S.SUBMITTED)
    client = client_for(secretariat)
    client.post(
        reverse("workpackages:update_review", args=[update.pk]),
        {"decision": "return", "reason": "Count the study visit too.", "version": update.version},
    )
    update.refresh_from_db()
    assert update.status == S.RETURNED
    report = client.get(reverse("workpackages:group_report")).content.decode()
    assert "Count the study visit too." in report
    edit = reverse("workpackages:group_update_edit", args=[update.pk])
    assert edit in report
    client.post(edit, {"value": "4", "version": update.version, "action": "submit"})
    update.refresh_from_db()
    assert update.status == S.SUBMITTED
    assert update.value == 4


def test_status_uses_the_groups_approved_value(package, goal, group_indicator, institution, period):
    earlier = past_period(package)
    assert selectors.indicator_summary(group_indicator).status == Status.NO_DATA
    # Planned on 2025-06-30: about 0.6 of 6. A submitted value does not count yet.
    group_row(group_indicator, earlier, value=6, status=S.SUBMITTED)
    assert selectors.indicator_summary(group_indicator).status == Status.NO_DATA
    ProgressUpdate.objects.filter(indicator=group_indicator).update(status=S.APPROVED)
    summary = selectors.indicator_summary(group_indicator)
    assert summary.status == Status.ON_TRACK
    assert summary.latest_value == 6
    assert summary.latest_period == earlier

    # A later value far below the path: off track, taken as it is (no aggregation). An
    # institution's stray value on a group indicator never counts.
    group_row(group_indicator, period, value=0)
    later = PeriodFactory(
        work_package=package,
        label="later",
        start=period.end + datetime.timedelta(days=1),
        end=period.end + datetime.timedelta(days=180),
        due_date=period.end + datetime.timedelta(days=200),
    )
    ProgressUpdate.objects.create(
        indicator=group_indicator, institution=institution, period=later, value=6, status=S.APPROVED
    )
    summary = selectors.indicator_summary(group_indicator)
    assert summary.latest_value == 0
    assert summary.latest_period == period
    assert summary.status == Status.OFF_TRACK
    goal_status = next(g for g in selectors.goal_summaries(package) if g.pk == goal.pk)
    assert [s.status for s in goal_status.summaries] == [Status.OFF_TRACK]
    assert goal_status.status == Status.OFF_TRACK


def test_work_package_page_shows_the_group_indicators_status(
    client_for, coordinator, package, group_indicator
):
    group_row(group_indicator, past_period(package), value=5)
    page = client_for(coordinator).get(package.get_absolute_url()).content.decode()
    row = page.split("G1.5 Joint workshops held", 1)[1].split("</tr>", 1)[0]
    assert "whole group" in row
    assert "5 (2025 H1)" in row
    assert 'data-status="on_track"' in row


def test_representative_gets_404_for_a_group_rows_pages(
    client_for, representative, group_indicator, period
):
    update = group_row(group_indicator, period, status=S.SUBMITTED)
    update.evidence_file.save("group.pdf", ContentFile(b"%PDF"))
    client = client_for(representative)
    for name in ("update", "update_edit", "update_evidence", "group_update_edit"):
        url = reverse(f"workpackages:{name}", args=[update.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"value": "1", "action": "submit"}).status_code == 404, name
    update.refresh_from_db()
    assert update.value == 3
    assert update.status == S.SUBMITTED


def test_representative_cannot_report_group_values(
    client_for, representative, group_indicator, period
):
    client = client_for(representative)
    assert client.get(reverse("workpackages:group_report")).status_code == 403
    new = reverse("workpackages:group_update_new", args=[period.pk, group_indicator.pk])
    assert client.post(new, {"value": "1", "action": "save"}).status_code == 403
    # Nor through their own report form: institutions do not report group indicators.
    own = reverse("workpackages:update_new", args=[period.pk, group_indicator.pk])
    assert client.post(own, {"value": "1", "action": "save"}).status_code == 404
    report = client.get(reverse("workpackages:report")).content.decode()
    assert "G1.5" not in report
    assert not ProgressUpdate.objects.exists()


def test_representative_sees_approved_group_values_but_no_group_rows(
    client_for, representative, package, group_indicator, period
):
    approved = group_row(group_indicator, past_period(package), value=2)
    waiting = group_row(group_indicator, period, value=9, status=S.SUBMITTED)
    page = client_for(representative).get(group_indicator.get_absolute_url()).content.decode()
    assert approved.get_absolute_url() not in page
    assert waiting.get_absolute_url() not in page
    assert "<td>2</td>" in page  # the approved value, as the indicator's value
    assert "<td>9</td>" not in page


def test_coordinator_reads_approved_group_rows_only(
    client_for, coordinator, package, group_indicator, period
):
    approved = group_row(group_indicator, past_period(package), value=2)
    waiting = group_row(group_indicator, period, value=9, status=S.SUBMITTED)
    client = client_for(coordinator)
    assert client.get(approved.get_absolute_url()).status_code == 200
    assert client.get(waiting.get_absolute_url()).status_code == 404
    edit = reverse("workpackages:group_update_edit", args=[approved.pk])
    assert client.get(edit).status_code == 404
    page = client.get(group_indicator.get_absolute_url()).content.decode()
    assert approved.get_absolute_url() in page
    assert waiting.get_absolute_url() not in page


def test_a_duplicate_group_row_is_impossible(secretariat, group_indicator, period):
    group_row(group_indicator, period)
    with pytest.raises(IntegrityError), transaction.atomic():
        group_row(group_indicator, period, value=4)
    # Through the service, a "new" form posted after the row exists is a conflict.
    with pytest.raises(services.Conflict):
        services.save_update(
            indicator=group_indicator,
            institution=None,
            period=period,
            by=secretariat,
            data=services.UpdateInput(value=Decimal(4)),
            version=None,
            submit=False,
        )
    assert ProgressUpdate.objects.filter(indicator=group_indicator).count() == 1


def test_institutions_still_have_one_row_each(indicator, institution, other_institution, period):
    for each in (institution, other_institution):
        ProgressUpdate.objects.create(indicator=indicator, institution=each, period=period)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(indicator=indicator, institution=institution, period=period)


def test_service_keeps_group_and_institution_values_apart(
    secretariat, indicator, group_indicator, institution, period
):
    common = {"period": period, "by": secretariat, "data": services.UpdateInput(value=Decimal(1))}
    with pytest.raises(services.UpdateRefused, match="institutions do not report it"):
        services.save_update(
            indicator=group_indicator, institution=institution, version=None, submit=False, **common
        )
    with pytest.raises(services.UpdateRefused, match="no value for the whole group"):
        services.save_update(
            indicator=indicator, institution=None, version=None, submit=False, **common
        )
    assert not ProgressUpdate.objects.exists()


def test_stale_group_form_gets_a_conflict(client_for, secretariat, group_indicator, period):
    update = group_row(group_indicator, period, status=S.DRAFT)
    stale = update.version
    client = client_for(secretariat)
    edit = reverse("workpackages:group_update_edit", args=[update.pk])
    client.post(edit, {"value": "4", "version": stale, "action": "save"})
    response = client.post(edit, {"value": "5", "version": stale, "action": "save"})
    assert "changed this update" in response.content.decode()
    update.refresh_from_db()
    assert update.value == 4


def test_locked_period_refuses_group_values(client_for, secretariat, group_indicator, period):
    period.locked = True
    period.save()
    new = reverse("workpackages:group_update_new", args=[period.pk, group_indicator.pk])
    response = client_for(secretariat).post(new, {"value": "4", "action": "save"})
    assert "is locked" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_scope_cannot_change_once_values_are_reported(group_indicator, period):
    group_row(group_indicator, period)
    data = {
        field: getattr(group_indicator, field)
        for field in IndicatorForm._meta.fields
        if field != "scope"
    }
    form = IndicatorForm({**data, "scope": "institution"}, instance=group_indicator)
    assert not form.is_valid()
    assert "scope cannot change" in str(form.errors["scope"])


def build(size: int) -> Indicator:
    """A group indicator with ``size`` periods, each with a group value, in a work package
    with ``size`` member institutions reporting another indicator."""
    group = WorkingGroupFactory(short_name=f"WG{size}")
    package = WorkPackageFactory(group=group)
    goal = GoalFactory(work_package=package, code="G1")
    shared = IndicatorFactory(goal=goal, code="G1.1")
    indicator = IndicatorFactory(goal=goal, code="G1.2", scope=Indicator.Scope.GROUP)
    institutions = [member_institution(group, acronym=f"S{size}-{n}") for n in range(size)]
    rows = []
    for n in range(size):
        period = PeriodFactory(
            work_package=package,
            label=f"P{n:03}",
            start=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            end=datetime.date(2025, 6, 30) + datetime.timedelta(days=n),
            due_date=datetime.date(2025, 7, 31) + datetime.timedelta(days=n),
        )
        status = [S.APPROVED, S.SUBMITTED, S.DRAFT][n % 3]
        rows.append(ProgressUpdate(indicator=indicator, period=period, value=n, status=status))
        rows += [
            ProgressUpdate(indicator=shared, institution=i, period=period, value=n)
            for i in institutions
        ]
    ProgressUpdate.objects.bulk_create(rows)
    return indicator


@pytest.mark.parametrize("role", ["secretariat", "coordinator", "representative"])
def test_group_indicator_page_runs_the_same_queries_for_3_and_30_periods(
    request, client_for, role, db
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    counts = []
    for size in (3, 30):
        indicator = build(size)
        with CaptureQueriesContext(connection) as context:
            response = client.get(indicator.get_absolute_url())
        assert response.status_code == 200
        assert f"P{size - 1:03}" in response.content.decode()  # the last period is shown
        counts.append(len(context))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def test_group_report_runs_the_same_queries_for_few_and_many_indicators(
    client_for, secretariat, db
):
    client = client_for(secretariat)
    counts = []
    for size in (2, 20):
        package = WorkPackageFactory(group=WorkingGroupFactory(short_name=f"WG{size}"))
        goal = GoalFactory(work_package=package)
        period = open_period(package)
        for _n in range(size):
            indicator = IndicatorFactory(goal=goal, scope=Indicator.Scope.GROUP)
            group_row(indicator, period, status=S.DRAFT)
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("workpackages:group_report"))
        assert response.status_code == 200
        counts.append(len(context))
    assert counts[0] == counts[1], counts


def test_demo_has_a_group_indicator_with_approved_values(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    indicator = Indicator.objects.get(scope=Indicator.Scope.GROUP)
    rows = ProgressUpdate.objects.filter(indicator=indicator)
    assert rows.count() == 5  # loading twice added nothing
    assert set(rows.values_list("status", flat=True)) == {S.APPROVED}
    assert not rows.filter(institution__isnull=False).exists()
    assert selectors.indicator_summary(indicator).status != Status.NO_DATA
    today = datetime.date(2026, 1, 1)  # the demo's 2016 H2 stays unlocked
    open_periods = selectors.group_reporting(today=today)
    assert [(p.period.label, [i.indicator.code for i in p.items]) for p in open_periods] == [
        ("2016 H2", [indicator.code])
    ]
    assert open_periods[0].items[0].last_value == "5"
