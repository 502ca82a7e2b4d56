from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commsplans import access, selectors, services
from commsplans.forms import (
    SECTION_FORMSETS,
    AnswerForm,
    OverviewFilterForm,
    PlanCreateForm,
    PlanForm,
    PlanVersionForm,
    RecommendationFormSet,
    ReviewForm,
)
from commsplans.models import CommunicationPlan, Section
from commsplans.services import NewRecommendation, PlanChanges, PlanError, PlanLocked, StalePlan
from portal import concurrency
from portal.roles import member_required, perm_required, role_required

MONTHS = [datetime.date(2000, m, 1) for m in range(1, 13)]


@member_required
def plan_list(request):
    plans = selectors.plans_with_counts(access.visible_plans(request.user))
    return render(
        request,
        "commsplans/plan_list.html",
        {
            "plans": plans,
            "can_create": access.can_create_plan(request.user),
            "can_view_overview": access.can_view_overview(request.user),
        },
    )


@role_required(*access.OVERVIEW_ROLES)
def overview(request):
    filters = OverviewFilterForm(request.GET or None)
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    years = selectors.overview_years()
    if not year:
        this_year = timezone.localdate().year
        year = this_year if this_year in years or not years else years[0]
    return render(
        request,
        "commsplans/overview.html",
        {
            "filters": filters,
            "year": year,
            "years": years,
            "rows": selectors.plan_status_by_institution(year=year),
            "timeline": selectors.activity_timeline(year=year),
            "months": MONTHS,
            "statuses": CommunicationPlan.Status,
        },
    )


@perm_required(access.ADD_PLAN)
def plan_create(request):
    institution = access.get_institution_for_new_plan(request.user)
    form = PlanCreateForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                institution=institution,
                group=data["group"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                copy_previous=data["copy_previous"],
            )
        except PlanError as error:
            form.add_error("copy_previous", str(error))
        else:
            messages.success(
                request, _("The plan for %(period)s was created.") % {"period": plan.period_label}
            )
            return redirect(plan)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("New communication plan"),
            "intro": institution.name,
            "cancel_url": reverse("commsplans:list"),
        },
    )


@member_required
def plan_detail(request, pk: int):
    user = request.user
    plan = access.get_plan_for_user(user, pk)
    plan = selectors.plan_with_content(pk=plan.pk)
    reviews = list(plan.reviews.all())
    recommendations = [rec for review in reviews for rec in review.recommendations.all()]
    return render(
        request,
        "commsplans/plan_detail.html",
        {
            "plan": plan,
            "reviews": reviews,
            "latest_review": reviews[-1] if reviews else None,
            "sections": Section,
            "is_own": access.is_own_plan(user, plan),
            "can_edit": access.can_edit_plan(user, plan),
            "can_submit": access.can_submit_plan(user, plan),
            "submission_blocker": services.submission_blocker(plan),
            "can_review": access.can_review_plan(user, plan),
            "can_approve": access.can_approve_plan(user, plan),
            "can_view_versions": access.can_view_versions(user, plan, reviewed=bool(reviews)),
            "can_download": access.can_download_plan(user, plan),
            "answerable": {
                rec.pk for rec in recommendations if access.can_answer_recommendation(user, rec)
            },
        },
    )


def _refuse_if_locked(request, plan: CommunicationPlan):
    try:
        services.ensure_editable(plan)
    except PlanLocked as error:
        messages.error(request, str(error))
        return redirect(plan)
    return None


@perm_required(access.CHANGE_PLAN)
def plan_edit(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, plan):
        return refused
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                plan=plan,
                changes=PlanChanges(
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    context=data["context"],
                    goals=data["goals"],
                ),
                version=form.version,
            )
        except StalePlan as stale:
            form.show_conflict(stale)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Edit the plan of %(institution)s, %(period)s")
            % {"institution": plan.institution.acronym, "period": plan.period_label},
            "cancel_url": plan.get_absolute_url(),
        },
    )


@perm_required(access.CHANGE_PLAN)
def section_edit(request, pk: int, section: str):
    plan = access.get_plan_for_user(request.user, pk, write=True)
    section = access.get_section(section)
    if refused := _refuse_if_locked(request, plan):
        return refused
    formset_class = SECTION_FORMSETS[section]
    formset = formset_class(
        request.POST or None, instance=plan, prefix=section, form_kwargs={"plan": plan}
    )
    version = PlanVersionForm(request.POST or None, plan=plan)
    error = None
    if request.method == "POST" and formset.is_valid() and version.is_valid():
        try:
            services.section_save(plan=plan, rows=formset, version=version.version)
        except StalePlan as stale:
            saved = formset.model._default_manager.filter(**{formset.fk.name: plan})
            version.show_conflict(stale, rows=concurrency.formset_rows(formset, saved))
            error = str(stale.message)
        except PlanError as refused:
            error = str(refused)
        else:
            messages.success(request, _("%(section)s saved.") % {"section": section.label})
            return redirect(plan.get_absolute_url() + f"#{section}")
    return render(
        request,
        "commsplans/section_edit.html",
        {
            "plan": plan,
            "formset": formset,
            "version": version,
            "error": error,
            "title": section.label,
        },
    )


@require_POST
@perm_required(access.CHANGE_PLAN)
def plan_submit(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, write=True)
    try:
        if plan.status == CommunicationPlan.Status.REVIEWED:
            services.plan_submit_revision(plan=plan, by=request.user)
            messages.success(request, _("The revised plan was sent to the group."))
        else:
            services.plan_submit(plan=plan, by=request.user)
            messages.success(request, _("The plan was submitted for review."))
    except PlanError as error:
        messages.error(request, str(error))
    return redirect(plan)


@member_required
def plan_revision(request, pk: int):
    """What changed since the version the group reviewed, section by section."""
    plan = access.get_plan_for_user(request.user, pk)
    review = access.get_latest_review_for_user(request.user, plan)
    current = services.plan_snapshot(selectors.plan_with_content(pk=plan.pk))
    return render(
        request,
        "commsplans/plan_revision.html",
        {
            "plan": plan,
            "review": review,
            "diff": services.plan_diff(review.version.snapshot, current),
        },
    )


@perm_required(access.REVIEW_PLAN)
def review_create(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    if not plan.awaits_review:
        messages.error(request, _("Only a submitted or revised plan can be reviewed."))
        return redirect(plan)
    form = ReviewForm(request.POST or None, plan=plan)
    formset = RecommendationFormSet(request.POST or None, prefix="recommendations")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            NewRecommendation(section=row["section"], text=row["text"])
            for row in formset.cleaned_data
            if row.get("text", "").strip()
        ]
        data = form.cleaned_data
        try:
            services.review_record(
                plan=plan,
                meeting=data["meeting"],
                reviewer=data["reviewer"],
                date=data["date"],
                summary=data["summary"],
                recommendations=rows,
                by=request.user,
            )
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The review was recorded."))
            return redirect(plan)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "formset": formset,
            "formset_title": _("Recommendations"),
            "title": _("Review of the plan of %(institution)s, %(period)s")
            % {"institution": plan.institution.acronym, "period": plan.period_label},
            "intro": _("One recommendation per row; leave unused rows empty."),
            "cancel_url": plan.get_absolute_url(),
        },
    )


@require_POST
@perm_required(access.REVIEW_PLAN)
def plan_approve(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    try:
        services.plan_approve(plan=plan, by=request.user)
    except PlanError:
        messages.error(request, _("Only a submitted or revised plan can be approved."))
    else:
        messages.success(request, _("The plan was approved."))
    return redirect(plan)


@perm_required(access.ANSWER_RECOMMENDATION)
def recommendation_answer(request, pk: int):
    recommendation = access.get_recommendation_for_user(request.user, pk, write=True)
    plan = recommendation.review.plan
    form = AnswerForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        services.recommendation_answer(
            recommendation=recommendation,
            response=form.cleaned_data["response"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("Your answer was saved."))
        return redirect(plan.get_absolute_url() + "#reviews")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Answer a recommendation"),
            "intro": recommendation.text,
            "cancel_url": plan.get_absolute_url(),
        },
    )
