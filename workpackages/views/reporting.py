"""Reporting progress: an institution's and the group's report pages, the update form,
and an update's page with its history."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from portal.downloads import safe_filename
from portal.roles import member_required
from portal.uploads import served_type
from workpackages import access, selectors, services
from workpackages.forms import ProgressUpdateForm, ReviewForm
from workpackages.models import ProgressUpdate
from workpackages.views.history import history


def _with_actions(user, open_periods):
    """Mark each report item with whether its update may still be edited by the user."""
    for open_period in open_periods:
        for item in open_period.items:
            item.can_edit = item.update is None or access.can_edit_update(user, item.update)
    return open_periods


@access.allowed(access.can_report)
def report(request):
    institution = access.own_institution(request.user)
    return render(
        request,
        "workpackages/report.html",
        {
            "institution": institution,
            "open_periods": _with_actions(request.user, selectors.reporting_for(institution.pk)),
        },
    )


def _edit_update(request, *, indicator, period, institution, update, back="workpackages:report"):
    submitting = request.POST.get("action") == "submit"
    posted = request.method == "POST"  # an empty POST is a submission too, not a new form
    form = ProgressUpdateForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        indicator=indicator,
        instance=update,
        submitting=submitting,
    )
    refused = access.update_refusal(period, update)
    if request.method == "POST" and refused:
        messages.error(request, refused)
    elif request.method == "POST" and form.is_valid():
        try:
            saved = services.save_update(
                indicator=indicator,
                institution=institution,
                period=period,
                by=request.user,
                data=form.update_input(),
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


@access.allowed(access.can_report)
def update_new(request, period_pk: int, indicator_pk: int):
    institution = access.own_institution(request.user)
    period, indicator = access.get_reporting_target(
        request.user, period_pk, indicator_pk, institution=institution
    )
    existing = ProgressUpdate.objects.filter(
        indicator=indicator, institution=institution, period=period
    ).first()
    if existing is not None and request.method == "GET":
        return redirect("workpackages:update_edit", pk=existing.pk)
    return _edit_update(
        request, indicator=indicator, period=period, institution=institution, update=existing
    )


@access.allowed(access.can_report)
def update_edit(request, pk: int):
    update = access.get_update_for_user(request.user, pk, write=True)
    return _edit_update(
        request,
        indicator=update.indicator,
        period=update.period,
        institution=update.institution,
        update=update,
    )


# --- Reporting for the group (group-scope indicators) ----------------------------


@access.allowed(access.can_group_report)
def group_report(request):
    return render(
        request,
        "workpackages/group_report.html",
        {"open_periods": _with_actions(request.user, selectors.group_reporting())},
    )


@access.allowed(access.can_group_report)
def group_update_new(request, period_pk: int, indicator_pk: int):
    period, indicator = access.get_reporting_target(
        request.user, period_pk, indicator_pk, institution=None
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
    # Not access.allowed: for anyone who does not report for the group, a group row's
    # URL answers 404 like any update they may not touch.
    update = access.get_update_for_user(request.user, pk, write=True, group=True)
    return _edit_update(
        request,
        indicator=update.indicator,
        period=update.period,
        institution=None,
        update=update,
        back="workpackages:group_report",
    )


@member_required
def update_detail(request, pk: int):
    update = access.get_update_for_user(request.user, pk)
    can_review = access.can_review_update(request.user, update)
    return render(
        request,
        "workpackages/update_detail.html",
        {
            "update": update,
            "history": history(update),
            "review_form": ReviewForm(initial={"version": update.version}) if can_review else None,
            "can_edit": access.can_edit_update(request.user, update),
            "edit_url": resolve_url(
                "workpackages:group_update_edit" if update.is_group else "workpackages:update_edit",
                pk=update.pk,
            ),
        },
    )


@member_required
def update_evidence(request, pk: int):
    update = access.get_update_for_user(request.user, pk, evidence=True)
    return FileResponse(
        update.evidence_file.open("rb"),
        as_attachment=True,
        filename=safe_filename(update.evidence_file.name.rsplit("/", 1)[-1]),
        content_type=served_type(update.evidence_type),
    )
