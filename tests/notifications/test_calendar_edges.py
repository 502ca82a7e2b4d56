"""Date rules at the calendar's edges: year ends, 29 February, years from July to June.

Each test walks the clock day by day through the dates that matter and records on which
days e-mails went out, as beat would send them each morning.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from portal.notifications.services import run_rules, send_due
from tests.factories import WorkingGroupFactory
from tests.notifications.factories import delegate
from tests.workpackages.factories import IndicatorFactory, WorkPackageFactory, period_of
from workpackages import selectors, services
from workpackages.models import Indicator

TZ = ZoneInfo("Europe/Sarajevo")
F = Indicator.Frequency


def mornings(first: datetime.date, last: datetime.date, time_machine) -> dict:
    """Run beat each morning from ``first`` to ``last``: the days e-mails went out and their
    subjects."""
    sent = {}
    day = first
    while day <= last:
        now = datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=TZ)
        time_machine.move_to(now, tick=False)
        before = len(mail.outbox)
        run_rules(now=now)
        send_due(now=now)
        if len(mail.outbox) > before:
            sent[day] = [m.subject for m in mail.outbox[before:]]
        day += datetime.timedelta(days=1)
    return sent


@pytest.fixture
def reporting(db, settings):
    settings.REPORTING_REMINDER_DAYS = [7, 1]
    settings.REPORTING_OVERDUE_EVERY_DAYS = 7
    settings.REPORTING_ESCALATION_DAYS = 14
    settings.PROGRESS_GRACE_DAYS = 30
    group = WorkingGroupFactory(short_name="WG-C")
    delegate(group, name="Lejla Late", email="late@example.org")

    def make(*, year_starts=1, start=datetime.date(2026, 1, 1), end=datetime.date(2029, 12, 31)):
        package = WorkPackageFactory(group=group, year_starts=year_starts, start=start, end=end)
        IndicatorFactory(goal__work_package=package, frequency=F.HALF_YEARLY)
        return package

    return make


@pytest.mark.parametrize(
    ("day_in_period", "due_after_days", "expected"),
    [
        # 2026 H2 ends on 31 December, due on 3 January: the reminders straddle the new year.
        (datetime.date(2026, 10, 1), 3, ["2026-12-27", "2027-01-02", "2027-01-10", "2027-01-17"]),
        # 2027 H2 due on 29 February 2028: a week before is 22 February, the day before is 28.
        (datetime.date(2027, 10, 1), 60, ["2028-02-22", "2028-02-28", "2028-03-07", "2028-03-14"]),
    ],
)
def test_reminders_come_7_and_1_days_ahead_then_weekly_across_year_ends_and_leap_days(
    reporting, time_machine, day_in_period, due_after_days, expected
):
    package = reporting()
    period = period_of(package, day_in_period, due_after_days=due_after_days)
    due = period.due_date
    sent = mornings(
        due - datetime.timedelta(days=10), due + datetime.timedelta(days=14), time_machine
    )
    assert [day.isoformat() for day in sent] == expected
    assert all(period.label in subject for subjects in sent.values() for subject in subjects)


def test_escalation_and_locking_count_days_through_29_february(reporting, time_machine, settings):
    package = reporting()
    period = period_of(package, datetime.date(2027, 10, 1), due_after_days=45)
    assert period.due_date == datetime.date(2028, 2, 14)
    assert period.locks_on == datetime.date(2028, 3, 16)  # 30 grace days, 29 Feb among them
    assert period.is_open(datetime.date(2028, 3, 15))
    assert not period.is_open(datetime.date(2028, 3, 16))
    settings.REPORTING_ESCALATION_DAYS = 14
    from tests.factories import UserFactory

    UserFactory(username="coord", email="coord@example.org", role="coordinator")
    sent = mornings(datetime.date(2028, 2, 27), datetime.date(2028, 3, 3), time_machine)
    escalations = {d: s for d, s in sent.items() if any("late with" in x for x in s)}
    # 15 days late on 29 February 2028 (14 February + 15 days), and only then.
    assert escalations == {
        datetime.date(2028, 2, 29): [
            f"1 institution late with its report: {package.title_en}, period {period.label}"
        ]
    }


@pytest.mark.parametrize(
    ("day", "months", "year_starts", "label", "start", "end"),
    [
        ("2028-02-29", 6, 1, "2028 H1", "2028-01-01", "2028-06-30"),
        ("2028-02-29", 3, 1, "2028 Q1", "2028-01-01", "2028-03-31"),
        ("2028-02-29", 12, 1, "2028", "2028-01-01", "2028-12-31"),
        ("2026-12-31", 6, 1, "2026 H2", "2026-07-01", "2026-12-31"),
        ("2026-12-31", 3, 1, "2026 Q4", "2026-10-01", "2026-12-31"),
        ("2027-01-01", 6, 1, "2027 H1", "2027-01-01", "2027-06-30"),
        # A reporting year from July to June.
        ("2026-12-31", 6, 7, "2026/27 H1", "2026-07-01", "2026-12-31"),
        ("2027-06-30", 6, 7, "2026/27 H2", "2027-01-01", "2027-06-30"),
        ("2028-02-29", 3, 7, "2027/28 Q3", "2028-01-01", "2028-03-31"),
        ("2028-02-29", 12, 7, "2027/28", "2027-07-01", "2028-06-30"),
        # A year from April: its quarters end in June, September, December and March.
        ("2028-02-29", 3, 4, "2027/28 Q4", "2028-01-01", "2028-03-31"),
        ("2099-12-31", 12, 10, "2099/00", "2099-10-01", "2100-09-30"),
    ],
)
def test_periods_are_real_quarters_half_years_and_years(
    day, months, year_starts, label, start, end
):
    bounds = services.period_containing(
        datetime.date.fromisoformat(day), months=months, year_starts=year_starts
    )
    assert (bounds.label, bounds.start.isoformat(), bounds.end.isoformat()) == (label, start, end)


def test_a_july_to_june_work_package_has_its_own_periods_and_due_indicators(reporting):
    package = reporting(
        year_starts=7, start=datetime.date(2026, 7, 1), end=datetime.date(2028, 6, 30)
    )
    created = services.generate_periods(
        work_package=package, frequency=F.HALF_YEARLY, due_after_days=30
    )
    assert [(p.label, p.start.isoformat(), p.end.isoformat()) for p in created] == [
        ("2026/27 H1", "2026-07-01", "2026-12-31"),
        ("2026/27 H2", "2027-01-01", "2027-06-30"),
        ("2027/28 H1", "2027-07-01", "2027-12-31"),
        ("2027/28 H2", "2028-01-01", "2028-06-30"),
    ]
    yearly = IndicatorFactory(goal__work_package=package, frequency=F.YEARLY)
    half = IndicatorFactory(goal__work_package=package, frequency=F.HALF_YEARLY)
    assert [p.is_due_for(yearly) for p in created] == [False, True, False, True]
    assert all(p.is_due_for(half) for p in created)
    quarters = services.generate_periods(
        work_package=package, frequency=F.QUARTERLY, due_after_days=30
    )
    assert [p.label for p in quarters][:4] == [
        "2026/27 Q1",
        "2026/27 Q2",
        "2026/27 Q3",
        "2026/27 Q4",
    ]
    assert [p.is_due_for(yearly) for p in quarters][:4] == [False, False, False, True]
    assert [p.is_due_for(half) for p in quarters][:4] == [False, True, False, True]


def test_a_calendar_work_package_keeps_its_generated_periods_and_dues(reporting):
    package = reporting(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 12, 31))
    quarters = services.generate_periods(
        work_package=package, frequency=F.QUARTERLY, due_after_days=30
    )
    assert [(p.label, p.start.isoformat()) for p in quarters] == [
        ("2026 Q1", "2026-01-01"),
        ("2026 Q2", "2026-04-01"),
        ("2026 Q3", "2026-07-01"),
        ("2026 Q4", "2026-10-01"),
    ]
    yearly = IndicatorFactory(goal__work_package=package, frequency=F.YEARLY)
    assert [p.is_due_for(yearly) for p in quarters] == [False, False, False, True]


def test_the_open_half_year_is_offered_on_the_last_day_of_the_year(
    reporting, time_machine, client_for
):
    from tests.factories import representative_of

    time_machine.move_to(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=TZ), tick=False)
    package = reporting()
    period = period_of(package, datetime.date(2026, 12, 31))
    institution = package.group.memberships.get().institution
    user = representative_of(institution, username="rep-edge")
    (open_period,) = selectors.reporting_for(institution.pk)
    assert open_period.period == period
    assert open_period.outstanding == 1
    page = client_for(user).get("/workpackages/report/").content.decode()
    assert "2026 H2" in page
