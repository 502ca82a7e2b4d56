"""Work package, goal, indicator and reporting-period pages, and deleting them."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import access as meetings_access
from portal.concurrency import (
    StaleSave,
    VersionForm,
    form_rows,
    formset_rows,
    lock_current,
    save_or_show_conflict,
)
from portal.roles import member_required
from portal.views import form_page
from workpackages import access, charts, selectors, services
from workpackages.forms import (
    GeneratePeriodsForm,
    GoalForm,
    IndicatorForm,
    PeriodForm,
    RubricLevelFormSet,
    WorkPackageForm,
)
from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    display_value,
)

S = ProgressUpdate.Status


def package_actions(user, package) -> dict:
    """What the work package and compliance pages offer the user: each the predicate the
    server asks when the action is taken."""
    return {
        "can_report": access.can_report(user),
        "can_group_report": access.can_group_report(user),
        "can_edit": access.can_edit_work_package(user, package),
        "can_delete": access.can_delete_work_package(user, package),
        "can_add_goal": access.can_add_goal(user, package),
        "can_edit_goal": access.can_edit_goal(user),
        "can_delete_goal": access.can_delete_goal(user),
        "can_add_indicator": access.can_add_indicator(user),
        "can_export": access.can_export(user),
        "can_import": access.can_import(user),
        "can_add_period": access.can_add_period(user, package),
        "can_generate_periods": access.can_generate_periods(user, package),
        "can_edit_period": access.can_edit_period(user),
        "can_delete_period": access.can_delete_period(user),
        "can_lock_period": access.can_lock_period(user),
        "can_unlock_period": access.can_unlock_period(user),
    }


# --- Work packages ------------------------------------------------------------


@member_required
def work_package_list(request):
    packages = access.visible_work_packages(request.user).select_related("group", "adopted_at")
    return render(
        request,
        "workpackages/work_package_list.html",
        {
            "packages": packages,
            "can_create": access.can_create_work_package(request.user),
            "can_report": access.can_report(request.user),
            "can_review": access.can_review(request.user),
        },
    )


@access.allowed(access.can_create_work_package)
def work_package_create(request):
    form = WorkPackageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        package = form.save()
        messages.success(request, _("Work package created."))
        return redirect(package)
    return form_page(
        request, form=form, title=_("New work package"), cancel_url="workpackages:list"
    )


@access.allowed(access.can_edit_work_package)
def work_package_edit(request, pk: int):
    package = access.get_work_package_for_user(request.user, pk, write=True)
    form = WorkPackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("Work package saved."))
        return redirect(package)
    return form_page(
        request, form=form, title=_("Edit work package"), cancel_url=package.get_absolute_url()
    )


@member_required
def work_package_detail(request, pk: int):
    package = access.get_work_package_for_user(request.user, pk)
    goals = selectors.goal_summaries(package)
    periods, rows = selectors.compliance_table(
        package, institution_id=access.viewer_institution(request.user)
    )
    # An internal adopting decision is not named to those who may not read it.
    decision = package.adopted_by
    if decision is not None:
        decision = meetings_access.visible_decisions(request.user).filter(pk=decision.pk).first()
    return render(
        request,
        "workpackages/work_package_detail.html",
        {
            "package": package,
            "adopting_decision": decision,
            "goals": goals,
            "compliance_periods": periods,
            "compliance_rows": rows,
            "all_periods": list(package.periods.all()),
            **package_actions(request.user, package),
        },
    )


@member_required
def compliance(request, pk: int):
    package = access.get_work_package_for_user(request.user, pk)
    periods, rows = selectors.compliance_table(
        package, institution_id=access.viewer_institution(request.user)
    )
    return render(
        request,
        "workpackages/compliance.html",
        {"package": package, "compliance_periods": periods, "compliance_rows": rows},
    )


# --- Goals and indicators -----------------------------------------------------


@access.allowed(access.can_add_goal)
def goal_create(request, work_package_pk: int):
    package = access.get_work_package_for_user(request.user, work_package_pk)
    form = GoalForm(request.POST or None, instance=Goal(work_package=package))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Goal saved."))
        return redirect(package)
    return form_page(request, form=form, title=_("New goal"), cancel_url=package)


@access.allowed(access.can_edit_goal)
def goal_edit(request, pk: int):
    goal = access.get_goal_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("Goal saved."))
        return redirect(goal.work_package)
    return form_page(
        request,
        form=form,
        title=_("Edit goal %(code)s") % {"code": goal.code},
        cancel_url=goal.work_package,
    )


@transaction.atomic
def _save_indicator(form: IndicatorForm, formset) -> Indicator:
    """The indicator and its rubric in one transaction; a stale form saves neither."""
    if not form.instance._state.adding:
        current = lock_current(form.instance, form.version)
        form.instance.version = current.version + 1
    indicator = form.save()
    formset.instance = indicator
    formset.save()
    return indicator


def _indicator_page(request, *, indicator, title, cancel_url):
    form = IndicatorForm(request.POST or None, instance=indicator)
    formset = RubricLevelFormSet(request.POST or None, instance=indicator, prefix="levels")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            indicator = _save_indicator(form, formset)
        except StaleSave as stale:
            saved = stale.current.rubric_levels.all()
            rows = form_rows(form, stale.current) + formset_rows(formset, saved)
            form.show_conflict(stale, rows=rows)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect(indicator)
    return form_page(
        request,
        form=form,
        formset=formset,
        formset_title=_("Maturity rubric (only for maturity-level indicators)"),
        title=title,
        cancel_url=cancel_url,
    )


@access.allowed(access.can_add_indicator)
def indicator_create(request, goal_pk: int):
    goal = access.get_goal_for_user(request.user, goal_pk)
    return _indicator_page(
        request,
        indicator=Indicator(goal=goal),
        title=_("New indicator for %(code)s") % {"code": goal.code},
        cancel_url=goal.work_package,
    )


@access.allowed(access.can_edit_indicator)
def indicator_edit(request, pk: int):
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    return _indicator_page(
        request,
        indicator=indicator,
        title=_("Edit indicator %(code)s") % {"code": indicator.code},
        cancel_url=indicator,
    )


@member_required
def indicator_detail(request, pk: int):
    indicator = access.get_indicator_for_user(request.user, pk)
    own = access.viewer_institution(request.user)
    table = selectors.indicator_table(
        indicator,
        institution_id=own,
        approved_only=access.sees_approved_only(request.user),
    )
    periods = table.periods
    summary = table.summary
    group_scope = indicator.scope == Indicator.Scope.GROUP
    extra = []
    if own is not None:
        for institution, updates in table.rows:
            extra.append(
                (
                    institution.acronym,
                    [u.value if u and u.status == S.APPROVED else None for u in updates],
                )
            )
    chart = charts.indicator_chart(indicator, summary, periods, extra_series=extra)
    return render(
        request,
        "workpackages/indicator_detail.html",
        {
            "indicator": indicator,
            "package": indicator.goal.work_package,
            "table": table,
            "summary": summary,
            "group_scope": group_scope,
            # Representatives see the group's approved values, never its updates.
            "group_links": group_scope and own is None,
            "aggregates": [
                display_value(indicator, summary.series.get(p.pk))
                if group_scope
                or indicator.aggregation != Indicator.Aggregation.SHARE_REACHING
                or p.pk not in summary.series
                else f"{summary.series[p.pk]:.0f} %"
                for p in periods
            ],
            "chart": mark_safe(chart),  # noqa: S308 - built by charts.py, every text escaped
            "can_edit": access.can_edit_indicator(request.user, indicator),
            "can_delete": access.can_delete_indicator(request.user, indicator),
        },
    )


# --- Periods ------------------------------------------------------------------


@access.allowed(access.can_add_period)
def period_create(request, work_package_pk: int):
    package = access.get_work_package_for_user(request.user, work_package_pk)
    form = PeriodForm(request.POST or None, instance=ReportingPeriod(work_package=package))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Period saved."))
        return redirect(package)
    return form_page(request, form=form, title=_("New reporting period"), cancel_url=package)


@access.allowed(access.can_edit_period)
def period_edit(request, pk: int):
    period = access.get_period_for_user(request.user, pk, write=True)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid() and save_or_show_conflict(form):
        messages.success(request, _("Period saved."))
        return redirect(period.work_package)
    return form_page(
        request,
        form=form,
        title=_("Edit period %(label)s") % {"label": period.label},
        cancel_url=period.work_package,
    )


@access.allowed(access.can_generate_periods)
def periods_generate(request, work_package_pk: int):
    package = access.get_work_package_for_user(request.user, work_package_pk)
    form = GeneratePeriodsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.generate_periods(
            work_package=package,
            frequency=form.cleaned_data["frequency"],
            due_after_days=form.cleaned_data["due_after_days"],
        )
        messages.success(
            request,
            _("%(count)s periods created; edit any of them below.") % {"count": len(created)},
        )
        return redirect(package)
    return form_page(
        request,
        form=form,
        title=_("Generate reporting periods"),
        cancel_url=package,
        intro=_("Creates the calendar periods between %(start)s and %(end)s that do not exist yet.")
        % {"start": package.start, "end": package.end},
    )


def _posted_version(request) -> int | None:
    """The version a lock or unlock button was shown with (None: none sent)."""
    form = VersionForm(request.POST, record=ReportingPeriod(version=0))
    return form.version if form.is_valid() else None


@require_POST
@access.allowed(access.can_lock_period)
def period_lock(request, pk: int):
    period = access.get_period_for_user(request.user, pk, write=True)
    try:
        services.lock_period(period=period, version=_posted_version(request))
    except services.StalePeriod as stale:
        messages.error(request, str(stale.message))
        return redirect(period.work_package)
    messages.success(request, _("Period %(label)s locked.") % {"label": period.label})
    return redirect(period.work_package)


@require_POST
@access.allowed(access.can_unlock_period)
def period_unlock(request, pk: int):
    period = access.get_period_for_user(request.user, pk, write=True)
    try:
        services.unlock_period(period=period, version=_posted_version(request))
    except services.StalePeriod as stale:
        messages.error(request, str(stale.message))
        return redirect(period.work_package)
    messages.success(
        request,
        _("Period %(label)s unlocked: institutions can report until it is locked again.")
        % {"label": period.label},
    )
    return redirect(period.work_package)


# --- Deleting -------------------------------------------------------------------


def _delete_page(request, *, obj, updates, title, back, done):
    """Confirm and delete; refuse while progress updates hang on the object, since
    deleting it would delete what institutions reported."""
    count = updates.count()
    if request.method == "POST" and not count:
        obj.delete()
        messages.success(request, _("Deleted."))
        return redirect(done)
    return render(
        request,
        "workpackages/confirm_delete.html",
        {"title": title, "blocked_by": count, "cancel_url": resolve_url(back)},
    )


@access.allowed(access.can_delete_work_package)
def work_package_delete(request, pk: int):
    package = access.get_work_package_for_user(request.user, pk)
    return _delete_page(
        request,
        obj=package,
        updates=ProgressUpdate.objects.filter(period__work_package=package),
        title=_("Delete the work package “%(title)s”?") % {"title": package.title},
        back=package,
        done="workpackages:list",
    )


@access.allowed(access.can_delete_goal)
def goal_delete(request, pk: int):
    goal = access.get_goal_for_user(request.user, pk)
    return _delete_page(
        request,
        obj=goal,
        updates=ProgressUpdate.objects.filter(indicator__goal=goal),
        title=_("Delete goal %(code)s?") % {"code": goal.code},
        back=goal.work_package,
        done=goal.work_package,
    )


@access.allowed(access.can_delete_indicator)
def indicator_delete(request, pk: int):
    indicator = access.get_indicator_for_user(request.user, pk)
    return _delete_page(
        request,
        obj=indicator,
        updates=indicator.updates.all(),
        title=_("Delete indicator %(code)s?") % {"code": indicator.code},
        back=indicator,
        done=indicator.goal.work_package,
    )


@access.allowed(access.can_delete_period)
def period_delete(request, pk: int):
    period = access.get_period_for_user(request.user, pk)
    return _delete_page(
        request,
        obj=period,
        updates=period.updates.all(),
        title=_("Delete period %(label)s?") % {"label": period.label},
        back=period.work_package,
        done=period.work_package,
    )
