"""Who may see and do what with work packages, goals, indicators, periods and progress updates.

Views, templates (through the predicates passed in their context), exports, imports and
documents ask these and nothing else:

- ``visible_<objects>(user)``: a queryset of what the user may read;
- ``get_<object>_for_user(user, pk, *, write=False)``: the object, or Http404 when it is out
  of the user's reach;
- ``can_<action>(user, obj=None)``: whether the user may do it. Called without the object
  they answer for the role (a page answers 403 when they say no); with it, for that object.

The secretariat reads everything; coordinators read every work package and the approved
updates; a representative reads every work package and their own institution's updates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from institutions.models import Institution
from portal import roles
from workpackages.models import Goal, Indicator, ProgressUpdate, ReportingPeriod, WorkPackage

S = ProgressUpdate.Status

REPORT = "workpackages.report_progressupdate"
REVIEW = "workpackages.review_progressupdate"
GROUP_REPORT = "workpackages.report_group_progressupdate"


def _perm(user, model: str, action: str) -> bool:
    return user.has_perm(f"workpackages.{action}_{model}")


def allowed(predicate: Callable) -> Callable:
    """A view decorator: signed-in users for whom ``predicate(user)`` holds; others get 403
    (anonymous users go to the login page)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Who the user reads for ---------------------------------------------------------


def viewer_institution(user) -> int | None:
    """None for readers of everything; a representative's institution id otherwise
    (-1 when they speak for no institution, so that nothing matches)."""
    if roles.can_read_all(user):
        return None
    return roles.institution_id_of(user) or -1


def own_institution(user) -> Institution:
    """The institution the user reports for; 404 if they speak for none."""
    institution_id = roles.institution_id_of(user)
    if institution_id is None:
        raise Http404
    return get_object_or_404(Institution, pk=institution_id)


def check_institution_in_reach(user, institution_id: int) -> None:
    """404 when a representative asks for another institution's rows."""
    own = viewer_institution(user)
    if own is not None and own != institution_id:
        raise Http404


# --- Work packages, goals, indicators, periods ---------------------------------------


def visible_work_packages(user) -> QuerySet[WorkPackage]:
    if roles.role_of(user) is None:
        return WorkPackage.objects.none()
    return WorkPackage.objects.all()


def visible_goals(user) -> QuerySet[Goal]:
    return Goal.objects.filter(work_package__in=visible_work_packages(user))


def visible_indicators(user) -> QuerySet[Indicator]:
    return Indicator.objects.filter(goal__work_package__in=visible_work_packages(user))


def visible_periods(user) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(work_package__in=visible_work_packages(user))


def _writable(queryset: QuerySet, user, model: str, write: bool) -> QuerySet:
    if write and not _perm(user, model, "change"):
        return queryset.none()
    return queryset


def get_work_package_for_user(user, pk: int, *, write: bool = False) -> WorkPackage:
    packages = _writable(visible_work_packages(user), user, "workpackage", write)
    packages = packages.select_related("group", "adopted_at", "adopted_by__meeting")
    return get_object_or_404(packages, pk=pk)


def get_goal_for_user(user, pk: int, *, write: bool = False) -> Goal:
    goals = _writable(visible_goals(user), user, "goal", write)
    return get_object_or_404(goals.select_related("work_package"), pk=pk)


def get_indicator_for_user(user, pk: int, *, write: bool = False) -> Indicator:
    indicators = _writable(visible_indicators(user), user, "indicator", write)
    indicators = indicators.select_related("goal__work_package")
    if not write:  # the indicator's page shows its rubric
        indicators = indicators.prefetch_related("rubric_levels")
    return get_object_or_404(indicators, pk=pk)


def get_period_for_user(user, pk: int, *, write: bool = False) -> ReportingPeriod:
    periods = _writable(visible_periods(user), user, "reportingperiod", write)
    return get_object_or_404(periods.select_related("work_package"), pk=pk)


def progress_report_packages(user) -> QuerySet[WorkPackage]:
    """Work packages the user may have a progress report (PDF) about."""
    if not can_request_progress_report(user):
        return WorkPackage.objects.none()
    return visible_work_packages(user).select_related("group").order_by("-start", "pk")


# --- Progress updates ----------------------------------------------------------------


def visible_updates(user) -> QuerySet[ProgressUpdate]:
    """The secretariat reads all updates, coordinators the approved ones, a representative
    their own institution's (none if they speak for no institution)."""
    updates = ProgressUpdate.objects.select_related(
        "indicator__goal__work_package", "institution", "period", "rubric_level"
    )
    if roles.is_secretariat(user):
        return updates
    if roles.is_coordinator(user):
        return updates.filter(status=S.APPROVED)
    institution_id = roles.institution_id_of(user)
    if institution_id is None or roles.role_of(user) is None:
        return updates.none()
    return updates.filter(institution_id=institution_id)


def reported_updates(user, *, group: bool) -> QuerySet[ProgressUpdate]:
    """The updates the user reports: the group's own rows (``group``) for whoever reports
    for the group, else their institution's rows for a reporter."""
    updates = ProgressUpdate.objects.select_related(
        "indicator__goal__work_package", "institution", "period", "rubric_level"
    )
    if group:
        if not can_group_report(user):
            return updates.none()
        return updates.filter(institution__isnull=True)
    institution_id = roles.institution_id_of(user)
    if institution_id is None or not can_report(user):
        return updates.none()
    return updates.filter(institution_id=institution_id)


def get_update_for_user(
    user, pk: int, *, write: bool = False, group: bool = False, evidence: bool = False
) -> ProgressUpdate:
    """The update if the user may read it, or with ``write`` if they report it (``group``
    for the group's own rows; ``evidence``: only if it carries an evidence file); anything
    else answers 404."""
    updates = reported_updates(user, group=group) if write else visible_updates(user)
    if evidence:
        updates = updates.exclude(evidence_file="")
    return get_object_or_404(updates, pk=pk)


def get_reporting_target(
    user, period_pk: int, indicator_pk: int, *, institution: Institution | None
) -> tuple[ReportingPeriod, Indicator]:
    """The period and the indicator a new update is for: an institution's indicator in a
    period of a group it belongs to, or (``institution`` None) a group-scope indicator for
    whoever reports for the group. Anything else answers 404."""
    periods = ReportingPeriod.objects.select_related("work_package")
    if institution is None:
        if not can_group_report(user):
            raise Http404
        scope = Indicator.Scope.GROUP
    else:
        if not can_report(user) or institution.pk != roles.institution_id_of(user):
            raise Http404
        periods = periods.filter(work_package__group__memberships__institution=institution)
        scope = Indicator.Scope.EACH_INSTITUTION
    period = get_object_or_404(periods.distinct(), pk=period_pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal").prefetch_related("rubric_levels"),
        pk=indicator_pk,
        goal__work_package_id=period.work_package_id,
        scope=scope,
    )
    return period, indicator


def update_refusal(
    period: ReportingPeriod,
    update: ProgressUpdate | None = None,
    today: datetime.date | None = None,
) -> str | None:
    """Why the update (or a new one in ``period``) cannot be changed now; None if it can."""
    if update is not None and not update.editable_by_reporter:
        return _("This update is %(status)s and can no longer be changed.") % {
            "status": update.get_status_display().lower()
        }
    if period.is_locked(today):
        return _("The period %(label)s is locked: changes are no longer accepted.") % {
            "label": period.label
        }
    return None


def reports_for(user, update: ProgressUpdate) -> bool:
    """Whether the user is the one who reports this row."""
    if update.is_group:
        return can_group_report(user)
    return can_report(user) and update.institution_id == roles.institution_id_of(user)


def can_edit_update(user, update: ProgressUpdate) -> bool:
    """The one edit-an-update rule: its reporter, while it is a draft or returned and its
    period is not locked."""
    return reports_for(user, update) and update_refusal(update.period, update) is None


def can_submit_update(user, update: ProgressUpdate) -> bool:
    return can_edit_update(user, update)


# --- Actions --------------------------------------------------------------------------


def can_create_work_package(user, obj=None) -> bool:
    return _perm(user, "workpackage", "add")


def can_edit_work_package(user, package: WorkPackage | None = None) -> bool:
    return _perm(user, "workpackage", "change")


def can_delete_work_package(user, package: WorkPackage | None = None) -> bool:
    return _perm(user, "workpackage", "delete")


def can_add_goal(user, package: WorkPackage | None = None) -> bool:
    return _perm(user, "goal", "add")


def can_edit_goal(user, goal: Goal | None = None) -> bool:
    return _perm(user, "goal", "change")


def can_delete_goal(user, goal: Goal | None = None) -> bool:
    return _perm(user, "goal", "delete")


def can_add_indicator(user, goal: Goal | None = None) -> bool:
    return _perm(user, "indicator", "add")


def can_edit_indicator(user, indicator: Indicator | None = None) -> bool:
    return _perm(user, "indicator", "change")


def can_delete_indicator(user, indicator: Indicator | None = None) -> bool:
    return _perm(user, "indicator", "delete")


def can_add_period(user, package: WorkPackage | None = None) -> bool:
    return _perm(user, "reportingperiod", "add")


def can_generate_periods(user, package: WorkPackage | None = None) -> bool:
    return _perm(user, "reportingperiod", "add")


def can_edit_period(user, period: ReportingPeriod | None = None) -> bool:
    return _perm(user, "reportingperiod", "change")


def can_delete_period(user, period: ReportingPeriod | None = None) -> bool:
    return _perm(user, "reportingperiod", "delete")


def can_lock_period(user, period: ReportingPeriod | None = None) -> bool:
    return _perm(user, "reportingperiod", "change")


def can_unlock_period(user, period: ReportingPeriod | None = None) -> bool:
    """Unlocking is managing the period, like locking it: the Unlock button and the server
    both ask this."""
    return _perm(user, "reportingperiod", "change")


def can_report(user, obj=None) -> bool:
    """Report progress for one's own institution."""
    return user.has_perm(REPORT)


def can_group_report(user, obj=None) -> bool:
    """Report the group's own values of group-scope indicators."""
    return user.has_perm(GROUP_REPORT)


def can_review(user, obj=None) -> bool:
    """Open the review queue and review (approve or return) submitted updates."""
    return user.has_perm(REVIEW)


def can_review_update(user, update: ProgressUpdate) -> bool:
    return can_review(user) and update.status == S.SUBMITTED


def can_import(user, obj=None) -> bool:
    """Import progress values from an XLSX export."""
    return user.has_perm(REVIEW)


def can_export(user, obj=None) -> bool:
    """Export the progress updates one may read."""
    return roles.role_of(user) is not None


def can_request_progress_report(user, package: WorkPackage | None = None) -> bool:
    """The work-package progress report (PDF): coordinators and the secretariat."""
    return roles.can_read_all(user)


def sees_approved_only(user) -> bool:
    """Coordinators read only approved values; the others' tables also show the rest."""
    return roles.is_coordinator(user)
