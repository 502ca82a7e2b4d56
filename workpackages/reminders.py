"""What the portal e-mails about reporting periods, and when (rules for portal.notifications).

Recipients are the representatives and deputies of the work package's group's current
member institutions (those that report on its institution-scope indicators), each in
their own language; escalations go to the coordinators.

- ``workpackages.period_open`` (daily): the period's start has come and it is not locked.
- ``workpackages.period_due`` (daily): REPORTING_REMINDER_DAYS before the due date, and
  every REPORTING_OVERDUE_EVERY_DAYS after it while the period is not locked, only to the
  institutions that have not submitted everything (a draft or returned update is not
  submitted). The occasion is the due date and the day offset, so each goes out once.
- ``workpackages.period_escalation`` (daily): more than REPORTING_ESCALATION_DAYS late, the
  coordinators get the list of late institutions, once per due date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from institutions.recipients import representative_recipients
from institutions.selectors import members_by_group
from portal import roles
from portal.notifications import rules
from workpackages.models import Indicator, ProgressUpdate, ReportingPeriod, WorkPackage

PERIOD_OPEN = "period_opening"
PERIOD_DUE = "period_reminders"
PERIOD_ESCALATION = "period_escalations"

OPEN_RULE = "workpackages.period_open"
DUE_RULE = "workpackages.period_due"
ESCALATION_RULE = "workpackages.period_escalation"

OPENING_WINDOW_DAYS = 7
SUBMITTED = (ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED)


def coordinator_recipients() -> list[rules.Recipient]:
    """Active users in the coordinator group, in their Person's language, else English."""
    users = (
        get_user_model()
        .objects.filter(groups__name=roles.COORDINATOR, is_active=True)
        .exclude(email="")
        .select_related("person")
        .order_by("pk")
        .distinct()
    )
    result = []
    for user in users:
        person = getattr(user, "person", None)
        result.append(
            rules.Recipient(
                email=user.email,
                name=(person.name if person else "") or user.get_full_name() or user.username,
                language=person.language if person else "en",
                user_id=user.pk,
                obj=user,
            )
        )
    return result


def _periods(**filters) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(**filters)
        .exclude(work_package__status=WorkPackage.Status.CLOSED)
        .select_related("work_package", "work_package__group")
    )


def _members(periods: list[ReportingPeriod], on: datetime.date) -> dict[int, list[Institution]]:
    """Group pk → its current active member institutions."""
    return members_by_group({p.work_package.group_id for p in periods}, on=on, active_only=True)


def _indicators(periods: list[ReportingPeriod]) -> dict[int, list[Indicator]]:
    """Period pk → the institution-scope indicators due in it."""
    wp_ids = {p.work_package_id for p in periods}
    indicators = list(
        Indicator.objects.filter(
            goal__work_package_id__in=wp_ids, scope=Indicator.Scope.EACH_INSTITUTION
        ).select_related("goal")
    )
    return {
        p.pk: [
            i for i in indicators if i.goal.work_package_id == p.work_package_id and p.is_due_for(i)
        ]
        for p in periods
    }


def late_institutions(
    periods: list[ReportingPeriod], *, on: datetime.date
) -> dict[int, list[Institution]]:
    """Period pk → member institutions that have not submitted every update due in it."""
    if not periods:
        return {}
    members = _members(periods, on)
    indicators = _indicators(periods)
    submitted = set(
        ProgressUpdate.objects.filter(
            period__in=[p.pk for p in periods], status__in=SUBMITTED
        ).values_list("period_id", "indicator_id", "institution_id")
    )
    result = {}
    for period in periods:
        due = indicators[period.pk]
        result[period.pk] = [
            inst
            for inst in members.get(period.work_package.group_id, [])
            if due and any((period.pk, i.pk, inst.pk) not in submitted for i in due)
        ]
    return result


def _report_url() -> str:
    return settings.SITE_URL + reverse("workpackages:report")


def open_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    today = timezone.localdate(now)
    # A missed daily run is made up for within a week; older periods were announced already
    # (or existed before the portal sent e-mails).
    since = today - datetime.timedelta(days=OPENING_WINDOW_DAYS)
    periods = [
        p
        for p in _periods(start__lte=today, start__gte=since, due_date__gte=today)
        if p.is_open(today)
    ]
    if not periods:
        return
    indicators = _indicators(periods)
    periods = [p for p in periods if indicators[p.pk]]
    members = _members(periods, today)
    inst_ids = {i.pk for insts in members.values() for i in insts}
    group_ids = {p.work_package.group_id for p in periods}
    recipients = representative_recipients(inst_ids, group_ids=group_ids, on=today)
    for period in periods:
        for inst in members.get(period.work_package.group_id, []):
            for recipient in recipients.get(inst.pk, []):
                yield rules.Spec(
                    recipient=recipient,
                    kind=PERIOD_OPEN,
                    obj=period,
                    occasion=f"open:{period.start.isoformat()}",
                    template="emails/workpackages/period_open",
                    context={"period": period, "institution": inst, "url": _report_url()},
                )


def _due_offset(period: ReportingPeriod, today: datetime.date) -> int | None:
    """Days before (positive) or after (negative) the due date a reminder is for, or None.

    Before: the closest of REPORTING_REMINDER_DAYS whose day has come (a missed daily run
    is made up for). After: the last multiple of REPORTING_OVERDUE_EVERY_DAYS.
    """
    days_left = (period.due_date - today).days
    if days_left >= 0:
        offsets = [d for d in settings.REPORTING_REMINDER_DAYS if days_left <= d]
        if not offsets:
            return None
        offset = min(offsets)
        if period.start > period.due_date - datetime.timedelta(days=offset):
            return None  # the period opened inside this window: its opening e-mail said it
        return offset
    late = -days_left
    every = settings.REPORTING_OVERDUE_EVERY_DAYS
    if late < every:
        return None
    return -(late // every) * every


def _occasion(period: ReportingPeriod, offset: int) -> str:
    when = f"{offset}d-before" if offset >= 0 else f"{-offset}d-late"
    return f"{period.due_date.isoformat()}:{when}"


def due_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    today = timezone.localdate(now)
    horizon = max(settings.REPORTING_REMINDER_DAYS, default=0)
    periods = [
        p
        for p in _periods(start__lte=today, due_date__lte=today + datetime.timedelta(days=horizon))
        if p.is_open(today)
    ]
    offsets = {p.pk: _due_offset(p, today) for p in periods}
    periods = [p for p in periods if offsets[p.pk] is not None]
    late = late_institutions(periods, on=today)
    inst_ids = {i.pk for insts in late.values() for i in insts}
    if not inst_ids:
        return
    group_ids = {p.work_package.group_id for p in periods}
    recipients = representative_recipients(inst_ids, group_ids=group_ids, on=today)
    for period in periods:
        offset = offsets[period.pk]
        for inst in late[period.pk]:
            for recipient in recipients.get(inst.pk, []):
                yield rules.Spec(
                    recipient=recipient,
                    kind=PERIOD_DUE,
                    obj=period,
                    occasion=_occasion(period, offset),
                    template="emails/workpackages/period_due",
                    context={
                        "period": period,
                        "institution": inst,
                        "days_left": offset if offset >= 0 else 0,
                        "days_late": -offset if offset < 0 else 0,
                        "url": _report_url(),
                    },
                )


def escalation_due(now: datetime.datetime) -> Iterator[rules.Spec]:
    today = timezone.localdate(now)
    limit = today - datetime.timedelta(days=settings.REPORTING_ESCALATION_DAYS + 1)
    # Once per due date, on the first run past the limit (a missed run is made up for within
    # a week; older periods are not raised again). Periods locked by hand are closed cases.
    periods = _periods(
        due_date__lte=limit,
        due_date__gt=limit - datetime.timedelta(days=OPENING_WINDOW_DAYS),
        start__lte=today,
    )
    periods = [p for p in periods if not p.locked]
    late = late_institutions(periods, on=today)
    periods = [p for p in periods if late.get(p.pk)]
    if not periods:
        return
    coordinators = coordinator_recipients()
    for period in periods:
        url = settings.SITE_URL + reverse("workpackages:compliance", args=[period.work_package_id])
        for recipient in coordinators:
            yield rules.Spec(
                recipient=recipient,
                kind=PERIOD_ESCALATION,
                obj=period,
                occasion=f"{period.due_date.isoformat()}:escalation",
                template="emails/workpackages/period_escalation",
                context={
                    "period": period,
                    "institutions": late[period.pk],
                    "days_late": (today - period.due_date).days,
                    "url": url,
                },
            )


def open_still_valid(period: ReportingPeriod, occasion: str) -> bool:
    return occasion == f"open:{period.start.isoformat()}" and period.is_open()


def due_still_valid(period: ReportingPeriod, occasion: str) -> bool:
    """Withdrawn once the period moved or locked (submission is checked when rows are made)."""
    return occasion.startswith(f"{period.due_date.isoformat()}:") and period.is_open()


def escalation_still_valid(period: ReportingPeriod, occasion: str) -> bool:
    if not occasion.startswith(f"{period.due_date.isoformat()}:"):
        return False
    return bool(late_institutions([period], on=timezone.localdate()).get(period.pk))


def register() -> None:
    rules.register_kind(
        rules.Kind(
            PERIOD_OPEN,
            _("A reporting period opens"),
            _("When your institution can report progress for a new period."),
            order=40,
        )
    )
    rules.register_kind(
        rules.Kind(
            PERIOD_DUE,
            _("Reporting reminders"),
            _(
                "Before a report is due and while it is overdue, if your institution has not "
                "submitted it."
            ),
            order=41,
        )
    )
    rules.register_kind(
        rules.Kind(
            PERIOD_ESCALATION,
            _("Late reports (coordinators)"),
            _("Institutions whose report is long overdue."),
            order=42,
        )
    )
    rules.register_rule(rules.Rule(OPEN_RULE, open_due, rules.DAILY, open_still_valid))
    rules.register_rule(rules.Rule(DUE_RULE, due_due, rules.DAILY, due_still_valid))
    rules.register_rule(
        rules.Rule(ESCALATION_RULE, escalation_due, rules.DAILY, escalation_still_valid)
    )
