from __future__ import annotations

import re
import secrets

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from institutions.models import Institution
from portal.exports import FORMATS, tabular_response
from portal.roles import (
    institution_id_of,
    is_coordinator,
    is_secretariat,
    member_required,
    perm_required,
)
from portal.views import form_page
from workpackages import charts, exports, imports, selectors, services
from workpackages.forms import (
    GeneratePeriodsForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    PeriodForm,
    ProgressUpdateForm,
    ReviewForm,
    RubricLevelFormSet,
    WorkPackageForm,
)
from workpackages.models import (
    Goal,
    Indicator,
    ProgressUpdate,
    ReportingPeriod,
    WorkPackage,
    display_value,
)

S = ProgressUpdate.Status
REPORT = "workpackages.report_progressupdate"
REVIEW = "workpackages.review_progressupdate"
GROUP_REPORT = "workpackages.report_group_progressupdate"


# --- Access helpers -----------------------------------------------------------


def get_update_for_user(user, pk: int) -> ProgressUpdate:
    """The update if the user may read it: the secretariat all, coordinators approved ones,
    a representative their own institution's. Anything else answers 404."""
    updates = ProgressUpdate.objects.select_related(
        "indicator__goal__work_package", "institution", "period", "rubric_level"
    )
    if is_secretariat(user):
        pass
    elif is_coordinator(user):
        updates = updates.filter(status=S.APPROVED)
    else:
        institution_id = institution_id_of(user)
        if institution_id is None:
            raise Http404
        updates = updates.filter(institution_id=institution_id)
    return get_object_or_404(updates, pk=pk)


def get_own_update(user, pk: int) -> ProgressUpdate:
    """An update of the reporter's own institution, for editing; others' answer 404."""
    institution_id = institution_id_of(user)
    if institution_id is None:
        raise Http404
    return get_object_or_404(
        ProgressUpdate.objects.select_related("indicator__goal", "period", "institution"),
        pk=pk,
        institution_id=institution_id,
    )


def get_group_update(user, pk: int) -> ProgressUpdate:
    """The group's own update (no institution), for whoever reports for the group;
    institutions' updates and everyone else answer 404."""
    if not user.has_perm(GROUP_REPORT):
        raise Http404
    return get_object_or_404(
        ProgressUpdate.objects.select_related("indicator__goal", "period"),
        pk=pk,
        institution__isnull=True,
    )


def _own_institution(user) -> Institution:
    institution_id = institution_id_of(user)
    if institution_id is None:
        raise Http404
    return get_object_or_404(Institution, pk=institution_id)


# --- Work packages ------------------------------------------------------------


@member_required
def work_package_list(request):
    packages = WorkPackage.objects.select_related("group", "adopted_at")
    return render(request, "workpackages/work_package_list.html", {"packages": packages})


@perm_required("workpackages.add_workpackage")
def work_package_create(request):
    form = WorkPackageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        package = form.save()
        messages.success(request, _("Work package created."))
        return redirect(package)
    return form_page(
        request, form=form, title=_("New work package"), cancel_url="workpackages:list"
    )


@perm_required("workpackages.change_workpackage")
def work_package_edit(request, pk: int):
    package = get_object_or_404(WorkPackage, pk=pk)
    form = WorkPackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Work package saved."))
        return redirect(package)
    return form_page(
        request, form=form, title=_("Edit work package"), cancel_url=package.get_absolute_url()
    )


def _viewer_institution(user) -> int | None:
    """None for readers of everything; a representative's institution id otherwise."""
    if is_secretariat(user) or is_coordinator(user):
        return None
    return institution_id_of(user) or -1


@member_required
def work_package_detail(request, pk: int):
    package = get_object_or_404(
        WorkPackage.objects.select_related("group", "adopted_at", "adopted_by__meeting"), pk=pk
    )
    goals = selectors.goal_summaries(package)
    periods, rows = selectors.compliance_table(
        package, institution_id=_viewer_institution(request.user)
    )
    return render(
        request,
        "workpackages/work_package_detail.html",
        {
            "package": package,
            "goals": goals,
            "compliance_periods": periods,
            "compliance_rows": rows,
            "all_periods": list(package.periods.all()),
        },
    )


@member_required
def compliance(request, pk: int):
    package = get_object_or_404(WorkPackage.objects.select_related("group"), pk=pk)
    periods, rows = selectors.compliance_table(
        package, institution_id=_viewer_institution(request.user)
    )
    return render(
        request,
        "workpackages/compliance.html",
        {"package": package, "compliance_periods": periods, "compliance_rows": rows},
    )


# --- Goals and indicators -----------------------------------------------------


@perm_required("workpackages.add_goal")
def goal_create(request, work_package_pk: int):
    package = get_object_or_404(WorkPackage, pk=work_package_pk)
    form = GoalForm(request.POST or None, instance=Goal(work_package=package))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Goal saved."))
        return redirect(package)
    return form_page(request, form=form, title=_("New goal"), cancel_url=package)


@perm_required("workpackages.change_goal")
def goal_edit(request, pk: int):
    goal = get_object_or_404(Goal.objects.select_related("work_package"), pk=pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Goal saved."))
        return redirect(goal.work_package)
    return form_page(
        request,
        form=form,
        title=_("Edit goal %(code)s") % {"code": goal.code},
        cancel_url=goal.work_package,
    )


def _indicator_page(request, *, indicator, title, cancel_url):
    form = IndicatorForm(request.POST or None, instance=indicator)
    formset = RubricLevelFormSet(request.POST or None, instance=indicator, prefix="levels")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            indicator = form.save()
            formset.instance = indicator
            formset.save()
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


@perm_required("workpackages.add_indicator")
def indicator_create(request, goal_pk: int):
    goal = get_object_or_404(Goal.objects.select_related("work_package"), pk=goal_pk)
    return _indicator_page(
        request,
        indicator=Indicator(goal=goal),
        title=_("New indicator for %(code)s") % {"code": goal.code},
        cancel_url=goal.work_package,
    )


@perm_required("workpackages.change_indicator")
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("goal"), pk=pk)
    return _indicator_page(
        request,
        indicator=indicator,
        title=_("Edit indicator %(code)s") % {"code": indicator.code},
        cancel_url=indicator,
    )


@member_required
def indicator_detail(request, pk: int):
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal__work_package").prefetch_related("rubric_levels"),
        pk=pk,
    )
    table = selectors.indicator_table(
        indicator,
        institution_id=_viewer_institution(request.user),
        approved_only=is_coordinator(request.user),
    )
    periods = table.periods
    labels = [p.label for p in periods]
    summary = table.summary
    group_scope = indicator.scope == Indicator.Scope.GROUP
    series = [
        (
            _("Group value") if group_scope else indicator.get_aggregation_display(),
            [summary.series.get(p.pk) for p in periods],
        )
    ]
    own = _viewer_institution(request.user)
    if own is not None:
        for institution, updates in table.rows:
            series.append(
                (
                    institution.acronym,
                    [u.value if u and u.status == S.APPROVED else None for u in updates],
                )
            )
    path = None
    if periods:
        path_of = selectors.path_of(indicator)
        path = (path_of.planned_at(periods[0].end), path_of.planned_at(periods[-1].end))
    chart = charts.line_chart(
        title=_("%(code)s: approved values per period") % {"code": indicator.code},
        desc=_(
            "Baseline %(baseline)s, target %(target)s; latest approved value %(latest)s; "
            "status: %(status)s."
        )
        % {
            "baseline": display_value(indicator, indicator.baseline_value),
            "target": display_value(indicator, indicator.target_value),
            "latest": summary.latest_display,
            "status": summary.status.label,
        },
        labels=labels,
        series=series,
        path=path,
        path_label=str(_("Planned path")),
    )
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
        },
    )


# --- Periods ------------------------------------------------------------------


@perm_required("workpackages.add_reportingperiod")
def period_create(request, work_package_pk: int):
    package = get_object_or_404(WorkPackage, pk=work_package_pk)
    form = PeriodForm(request.POST or None, instance=ReportingPeriod(work_package=package))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Period saved."))
        return redirect(package)
    return form_page(request, form=form, title=_("New reporting period"), cancel_url=package)


@perm_required("workpackages.change_reportingperiod")
def period_edit(request, pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("work_package"), pk=pk)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Period saved."))
        return redirect(period.work_package)
    return form_page(
        request,
        form=form,
        title=_("Edit period %(label)s") % {"label": period.label},
        cancel_url=period.work_package,
    )


@perm_required("workpackages.add_reportingperiod")
def periods_generate(request, work_package_pk: int):
    package = get_object_or_404(WorkPackage, pk=work_package_pk)
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


@require_POST
@perm_required("workpackages.change_reportingperiod")
def period_lock(request, pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("work_package"), pk=pk)
    services.lock_period(period=period)
    messages.success(request, _("Period %(label)s locked.") % {"label": period.label})
    return redirect(period.work_package)


@require_POST
@perm_required(REVIEW)
def period_unlock(request, pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("work_package"), pk=pk)
    services.unlock_period(period=period)
    messages.success(
        request,
        _("Period %(label)s unlocked: institutions can report until it is locked again.")
        % {"label": period.label},
    )
    return redirect(period.work_package)


# --- Reporting ------------------------------------------------------------------


@perm_required(REPORT)
def report(request):
    institution = _own_institution(request.user)
    return render(
        request,
        "workpackages/report.html",
        {"institution": institution, "open_periods": selectors.reporting_for(institution.pk)},
    )


def _edit_update(request, *, indicator, period, institution, update, back="workpackages:report"):
    submitting = request.POST.get("action") == "submit"
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        instance=update,
        submitting=submitting,
    )
    refused = None
    if update is not None and not update.editable_by_reporter:
        refused = _("This update is %(status)s and can no longer be changed.") % {
            "status": update.get_status_display().lower()
        }
    elif period.is_locked():
        refused = _("The period %(label)s is locked: changes are no longer accepted.") % {
            "label": period.label
        }
    if request.method == "POST" and refused:
        messages.error(request, refused)
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.save_update(
                indicator=indicator,
                institution=institution,
                period=period,
                by=request.user,
                data=form.service_data(),
                version=form.cleaned_data.get("version"),
                submit=submitting,
            )
        except services.UpdateRefused as exc:
            form.add_error(None, str(exc))
        else:
            if submitting:
                messages.success(request, _("Submitted for review."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect(saved)
    return render(
        request,
        "workpackages/update_form.html",
        {
            "form": form,
            "indicator": indicator,
            "period": period,
            "institution": institution,
            "update": update,
            "refused": refused,
            "back_url": resolve_url(back),
        },
    )


@perm_required(REPORT)
def update_new(request, period_pk: int, indicator_pk: int):
    institution = _own_institution(request.user)
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("work_package")
        .filter(work_package__group__memberships__institution=institution)
        .distinct(),
        pk=period_pk,
    )
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal").prefetch_related("rubric_levels"),
        pk=indicator_pk,
        goal__work_package_id=period.work_package_id,
        scope=Indicator.Scope.EACH_INSTITUTION,
    )
    existing = ProgressUpdate.objects.filter(
        indicator=indicator, institution=institution, period=period
    ).first()
    if existing is not None and request.method == "GET":
        return redirect("workpackages:update_edit", pk=existing.pk)
    return _edit_update(
        request, indicator=indicator, period=period, institution=institution, update=existing
    )


@perm_required(REPORT)
def update_edit(request, pk: int):
    update = get_own_update(request.user, pk)
    return _edit_update(
        request,
        indicator=update.indicator,
        period=update.period,
        institution=update.institution,
        update=update,
    )


# --- Reporting for the group (group-scope indicators) ----------------------------


@perm_required(GROUP_REPORT)
def group_report(request):
    return render(
        request,
        "workpackages/group_report.html",
        {"open_periods": selectors.group_reporting()},
    )


@perm_required(GROUP_REPORT)
def group_update_new(request, period_pk: int, indicator_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("work_package"), pk=period_pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal").prefetch_related("rubric_levels"),
        pk=indicator_pk,
        goal__work_package_id=period.work_package_id,
        scope=Indicator.Scope.GROUP,
    )
    existing = ProgressUpdate.objects.filter(
        indicator=indicator, institution__isnull=True, period=period
    ).first()
    if existing is not None and request.method == "GET":
        return redirect("workpackages:group_update_edit", pk=existing.pk)
    return _edit_update(
        request,
        indicator=indicator,
        period=period,
        institution=None,
        update=existing,
        back="workpackages:group_report",
    )


@member_required
def group_update_edit(request, pk: int):
    # Not perm_required: for anyone who does not report for the group, a group row's
    # URL answers 404 like any update they may not touch.
    update = get_group_update(request.user, pk)
    return _edit_update(
        request,
        indicator=update.indicator,
        period=update.period,
        institution=None,
        update=update,
        back="workpackages:group_report",
    )


def _history(update: ProgressUpdate) -> list[dict]:
    """Each saved version with who, when and the fields that changed (old → new)."""
    # Who and when of each step are the entry's own who and when.
    skip = {
        "version",
        "updated_at",
        "updated_by",
        "created_at",
        "created_by",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
    }
    levels = {level.pk: level for level in update.indicator.rubric_levels.all()}
    statuses = dict(S.choices)

    def shown(name, value):
        if value in (None, ""):
            return ""
        if name == "status":
            return statuses.get(value, value)
        if name == "rubric_level":
            level = levels.get(value)
            return _("Level %(level)s") % {"level": level.level} if level else value
        if name == "late":
            return _("late") if value else _("on time")
        if name == "value":
            return display_value(update.indicator, value)
        return value

    records = list(update.history.select_related("history_user").order_by("history_date"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in skip:
                    continue
                field = ProgressUpdate._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": shown(change.field, change.old),
                        "new": shown(change.field, change.new),
                    }
                )
        entries.append(
            {
                "who": record.history_user,
                "when": record.history_date,
                "created": previous is None,
                "status": record.get_status_display(),
                "changes": changes,
            }
        )
        previous = record
    return list(reversed(entries))


@member_required
def update_detail(request, pk: int):
    update = get_update_for_user(request.user, pk)
    review_form = None
    if request.user.has_perm(REVIEW) and update.status == S.SUBMITTED:
        review_form = ReviewForm(initial={"version": update.version})
    return render(
        request,
        "workpackages/update_detail.html",
        {
            "update": update,
            "history": _history(update),
            "review_form": review_form,
            "can_edit": (
                request.user.has_perm(GROUP_REPORT)
                if update.is_group
                else update.institution_id == institution_id_of(request.user)
                and request.user.has_perm(REPORT)
            )
            and update.editable_by_reporter
            and not update.period.is_locked(),
            "edit_url": resolve_url(
                "workpackages:group_update_edit" if update.is_group else "workpackages:update_edit",
                pk=update.pk,
            ),
        },
    )


@member_required
def update_evidence(request, pk: int):
    update = get_update_for_user(request.user, pk)
    if not update.evidence_file:
        raise Http404
    return FileResponse(
        update.evidence_file.open("rb"),
        as_attachment=True,
        filename=update.evidence_file.name.rsplit("/", 1)[-1],
    )


# --- Review -------------------------------------------------------------------


@perm_required(REVIEW)
def review_queue(request):
    return render(request, "workpackages/review_queue.html", {"updates": selectors.review_queue()})


@require_POST
@perm_required(REVIEW)
def update_review(request, pk: int):
    update = get_update_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_update(
                update=update,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.UpdateRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Review saved."))
            return redirect("workpackages:review_queue")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(update)


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


@perm_required("workpackages.delete_workpackage")
def work_package_delete(request, pk: int):
    package = get_object_or_404(WorkPackage, pk=pk)
    return _delete_page(
        request,
        obj=package,
        updates=ProgressUpdate.objects.filter(period__work_package=package),
        title=_("Delete the work package “%(title)s”?") % {"title": package.title},
        back=package,
        done="workpackages:list",
    )


@perm_required("workpackages.delete_goal")
def goal_delete(request, pk: int):
    goal = get_object_or_404(Goal.objects.select_related("work_package"), pk=pk)
    return _delete_page(
        request,
        obj=goal,
        updates=ProgressUpdate.objects.filter(indicator__goal=goal),
        title=_("Delete goal %(code)s?") % {"code": goal.code},
        back=goal.work_package,
        done=goal.work_package,
    )


@perm_required("workpackages.delete_indicator")
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("goal__work_package"), pk=pk)
    return _delete_page(
        request,
        obj=indicator,
        updates=indicator.updates.all(),
        title=_("Delete indicator %(code)s?") % {"code": indicator.code},
        back=indicator,
        done=indicator.goal.work_package,
    )


@perm_required("workpackages.delete_reportingperiod")
def period_delete(request, pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("work_package"), pk=pk)
    return _delete_page(
        request,
        obj=period,
        updates=period.updates.all(),
        title=_("Delete period %(label)s?") % {"label": period.label},
        back=period.work_package,
        done=period.work_package,
    )


# --- Export -------------------------------------------------------------------


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404 from exc


@member_required
def export(request):
    """Progress updates the user may read, as CSV or XLSX, filtered by work package,
    period, institution and status. A representative asking for another institution's
    rows gets 404."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    updates = exports.updates_for(request.user)
    filename = "progress"
    package_id = _int_param(request, "work_package")
    if package_id is not None:
        package = get_object_or_404(WorkPackage, pk=package_id)
        updates = updates.filter(indicator__goal__work_package=package)
        filename = f"progress-wp{package.pk}"
    period_id = _int_param(request, "period")
    if period_id is not None:
        updates = updates.filter(period_id=period_id)
    institution_id = _int_param(request, "institution")
    if institution_id is not None:
        own = _viewer_institution(request.user)
        if own is not None and own != institution_id:
            raise Http404
        updates = updates.filter(institution_id=institution_id)
    status = request.GET.get("status", "")
    if status:
        if status not in S.values:
            raise Http404
        updates = updates.filter(status=status)
    return tabular_response(
        filename=filename,
        fmt=fmt,
        columns=exports.columns(),
        rows=(exports.row(update) for update in updates),
    )


# --- Import -------------------------------------------------------------------

IMPORT_SESSION_KEY = "workpackages_import_token"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _import_path(token: str) -> str:
    return f"imports/progress-{token}.xlsx"


def _stored_token(request) -> str | None:
    """The upload's token if the posted one is the one kept in the session."""
    posted = request.POST.get("token", "")
    kept = request.session.get(IMPORT_SESSION_KEY, "")
    if not kept or not TOKEN_RE.match(posted) or not secrets.compare_digest(posted, kept):
        return None
    return kept


def _preview(request, *, rows, token, form=None, error=""):
    errors = sum(1 for row in rows if row.errors)
    return render(
        request,
        "workpackages/import_preview.html",
        {
            "rows": rows,
            "token": token,
            "error_rows": errors,
            "to_save": sum(1 for row in rows if not row.errors and not row.unchanged),
            "can_confirm": bool(rows) and not errors,
            "error": error,
        },
    )


@perm_required(REVIEW)
def import_upload(request):
    """Upload an XLSX in the export's format; the preview shows every row and its errors."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.check_rows(imports.read_rows(form.cleaned_data["file"]))
        except imports.UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            old = request.session.get(IMPORT_SESSION_KEY)
            if old and TOKEN_RE.match(old):
                default_storage.delete(_import_path(old))
            token = secrets.token_urlsafe(24)
            form.cleaned_data["file"].seek(0)
            default_storage.save(_import_path(token), form.cleaned_data["file"])
            request.session[IMPORT_SESSION_KEY] = token
            return _preview(request, rows=rows, token=token)
    return form_page(
        request,
        form=form,
        title=_("Import progress values"),
        cancel_url="workpackages:list",
        intro=_(
            "Export the progress updates as XLSX, fill in the values and upload the file. "
            "You will see every row and its errors before anything is saved."
        ),
    )


@require_POST
@perm_required(REVIEW)
def import_confirm(request):
    """Save the previewed file's rows, all in one transaction, if none has an error."""
    token = _stored_token(request)
    if token is None or not default_storage.exists(_import_path(token)):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect("workpackages:import")
    with default_storage.open(_import_path(token), "rb") as stored:
        rows = imports.check_rows(imports.read_rows(stored))
    if not rows or any(row.errors for row in rows):
        return _preview(
            request, rows=rows, token=token, error=_("The file has errors: nothing was saved.")
        )
    try:
        saved = services.import_updates(
            rows=rows, by=request.user, approve=request.POST.get("approve") == "on"
        )
    except services.UpdateRefused as exc:
        return _preview(
            request,
            rows=rows,
            token=token,
            error=_("Nothing was saved: %(reason)s") % {"reason": exc},
        )
    default_storage.delete(_import_path(token))
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        ngettext(
            "%(count)s progress update imported.", "%(count)s progress updates imported.", saved
        )
        % {"count": saved},
    )
    return redirect("workpackages:list")
