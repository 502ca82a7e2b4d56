from django.core.files.base import ContentFile

from tests.matrix import ANON, COORD, REP, REP_B, SEC, Rule, everyone, secretariat_only
from tests.workpackages.factories import (
    GoalFactory,
    IndicatorFactory,
    WorkPackageFactory,
    open_period,
)
from workpackages.models import Indicator, ProgressUpdate


def world(base: dict) -> dict:
    package = WorkPackageFactory(group=base["group"])
    goal = GoalFactory(work_package=package, code="G1")
    indicator = IndicatorFactory(goal=goal, code="G1.1")
    period = open_period(package)
    approved = ProgressUpdate(
        indicator=indicator,
        institution=base["other_institution"],
        period=period,
        value=40,
        status=ProgressUpdate.Status.APPROVED,
    )
    approved.evidence_file.save("evidence.pdf", ContentFile(b"%PDF"), save=False)
    approved.save()
    second = IndicatorFactory(goal=goal, code="G1.2")
    submitted = ProgressUpdate.objects.create(
        indicator=second,
        institution=base["other_institution"],
        period=period,
        value=40,
        status=ProgressUpdate.Status.SUBMITTED,
    )
    # The other institution's draft: its representative's alone until submitted.
    draft = ProgressUpdate.objects.create(
        indicator=IndicatorFactory(goal=goal, code="G1.6"),
        institution=base["other_institution"],
        period=period,
        value=30,
        status=ProgressUpdate.Status.DRAFT,
        version=1,
    )
    base["wp_draft"] = draft
    # Group-scope indicators: the secretariat reports the group's own values.
    group_indicator = IndicatorFactory(goal=goal, code="G1.3", scope=Indicator.Scope.GROUP)
    group_approved = ProgressUpdate(
        indicator=group_indicator,
        institution=None,
        period=period,
        value=40,
        status=ProgressUpdate.Status.APPROVED,
    )
    group_approved.evidence_file.save("group.pdf", ContentFile(b"%PDF"), save=False)
    group_approved.save()
    group_submitted = ProgressUpdate.objects.create(
        indicator=IndicatorFactory(goal=goal, code="G1.4", scope=Indicator.Scope.GROUP),
        institution=None,
        period=period,
        value=40,
        status=ProgressUpdate.Status.SUBMITTED,
    )
    group_unreported = IndicatorFactory(goal=goal, code="G1.5", scope=Indicator.Scope.GROUP)
    base.update(
        wp_group_approved=group_approved,
        wp_group_submitted=group_submitted,
        wp_group_unreported=group_unreported,
    )
    base.update(
        wp_package=package,
        wp_goal=goal,
        wp_indicator=indicator,
        wp_period=period,
        wp_approved=approved,
        wp_submitted=submitted,
    )
    return base


def package(w):
    return {"pk": w["wp_package"].pk}


def approved(w):
    return {"pk": w["wp_approved"].pk}


def submitted(w):
    return {"pk": w["wp_submitted"].pk}


def group_approved(w):
    return {"pk": w["wp_group_approved"].pk}


def group_submitted(w):
    return {"pk": w["wp_group_submitted"].pk}


def group_new(w):
    return {"period_pk": w["wp_period"].pk, "indicator_pk": w["wp_group_unreported"].pk}


def draft(w):
    return {"pk": w["wp_draft"].pk}


REPORTER = {ANON: 302, SEC: 403, COORD: 403, REP: 200}
# The group's own rows: only the secretariat edits them; for anyone else they do not exist.
GROUP_ROW_EDIT = {ANON: 302, SEC: 200, COORD: 404, REP: 404}
# Another institution's update: representatives get 404 whatever they try.
OTHERS_UPDATE_EDIT = {ANON: 302, SEC: 403, COORD: 403, REP: 404, REP_B: 200}

RULES = [
    Rule("workpackages:list", everyone()),
    Rule("workpackages:create", secretariat_only()),
    Rule("workpackages:detail", everyone(), kwargs=package),
    Rule("workpackages:edit", secretariat_only(), kwargs=package),
    Rule("workpackages:compliance", everyone(), kwargs=package),
    Rule(
        "workpackages:goal_create",
        secretariat_only(),
        kwargs=lambda w: {"work_package_pk": w["wp_package"].pk},
    ),
    Rule("workpackages:goal_edit", secretariat_only(), kwargs=lambda w: {"pk": w["wp_goal"].pk}),
    Rule(
        "workpackages:indicator_create",
        secretariat_only(),
        kwargs=lambda w: {"goal_pk": w["wp_goal"].pk},
    ),
    Rule("workpackages:indicator", everyone(), kwargs=lambda w: {"pk": w["wp_indicator"].pk}),
    Rule(
        "workpackages:indicator_edit",
        secretariat_only(),
        kwargs=lambda w: {"pk": w["wp_indicator"].pk},
    ),
    Rule(
        "workpackages:period_create",
        secretariat_only(),
        kwargs=lambda w: {"work_package_pk": w["wp_package"].pk},
    ),
    Rule(
        "workpackages:periods_generate",
        secretariat_only(),
        kwargs=lambda w: {"work_package_pk": w["wp_package"].pk},
    ),
    Rule(
        "workpackages:period_edit", secretariat_only(), kwargs=lambda w: {"pk": w["wp_period"].pk}
    ),
    Rule(
        "workpackages:period_lock",
        secretariat_only(302),
        kwargs=lambda w: {"pk": w["wp_period"].pk},
        method="post",
    ),
    Rule(
        "workpackages:period_unlock",
        secretariat_only(302),
        kwargs=lambda w: {"pk": w["wp_period"].pk},
        method="post",
    ),
    Rule("workpackages:report", REPORTER),
    Rule("workpackages:import", secretariat_only()),
    # Without the session's token the import is refused with a redirect to the upload.
    Rule(
        "workpackages:import_confirm",
        secretariat_only(302),
        method="post",
        data=lambda w: {"token": "x" * 32},
    ),
    Rule("workpackages:export", everyone()),
    # Asking for another institution's rows: representatives get 404.
    Rule(
        "workpackages:export",
        {ANON: 302, SEC: 200, COORD: 200, REP: 404, REP_B: 200},
        data=lambda w: {"institution": w["other_institution"].pk, "format": "xlsx"},
    ),
    Rule(
        "workpackages:update_new",
        # REP_B's institution has reported this one: the page sends them to their update.
        {**REPORTER, REP_B: 302},
        kwargs=lambda w: {"period_pk": w["wp_period"].pk, "indicator_pk": w["wp_indicator"].pk},
    ),
    Rule(
        "workpackages:update",
        {ANON: 302, SEC: 200, COORD: 200, REP: 404, REP_B: 200},
        kwargs=approved,
    ),
    Rule(
        "workpackages:update",
        {ANON: 302, SEC: 200, COORD: 404, REP: 404, REP_B: 200},
        kwargs=submitted,
    ),
    # Another institution's draft: REP can neither read nor write it; its owner can.
    Rule(
        "workpackages:update",
        {ANON: 302, SEC: 200, COORD: 404, REP: 404, REP_B: 200},
        kwargs=draft,
    ),
    Rule("workpackages:update_edit", OTHERS_UPDATE_EDIT, kwargs=draft),
    Rule(
        "workpackages:update_edit",
        {**OTHERS_UPDATE_EDIT, REP_B: 302},
        kwargs=draft,
        method="post",
        data=lambda w: {"value": "31", "action": "save", "version": w["wp_draft"].version},
    ),
    Rule(
        "workpackages:update_evidence",
        {ANON: 302, SEC: 404, COORD: 404, REP: 404, REP_B: 404},
        kwargs=draft,
    ),
    Rule("workpackages:update_edit", OTHERS_UPDATE_EDIT, kwargs=submitted),
    Rule(
        "workpackages:update_edit",
        OTHERS_UPDATE_EDIT,
        kwargs=approved,
        method="post",
        data=lambda w: {"value": "99", "action": "submit", "version": 1},
    ),
    Rule(
        "workpackages:update_evidence",
        {ANON: 302, SEC: 200, COORD: 200, REP: 404, REP_B: 200},
        kwargs=approved,
    ),
    Rule(
        "workpackages:update_review",
        {ANON: 302, SEC: 302, COORD: 403, REP: 403},
        kwargs=submitted,
        method="post",
        data=lambda w: {"decision": "approve", "version": w["wp_submitted"].version},
    ),
    Rule("workpackages:review_queue", secretariat_only()),
    # Reporting for the group as a whole.
    Rule("workpackages:group_report", secretariat_only()),
    Rule("workpackages:group_update_new", secretariat_only(), kwargs=group_new),
    Rule(
        "workpackages:group_update_new",
        secretariat_only(302),
        kwargs=group_new,
        method="post",
        data=lambda w: {"value": "50", "action": "save"},
    ),
    Rule("workpackages:group_update_edit", GROUP_ROW_EDIT, kwargs=group_approved),
    Rule("workpackages:group_update_edit", GROUP_ROW_EDIT, kwargs=group_submitted),
    Rule(
        "workpackages:group_update_edit",
        GROUP_ROW_EDIT,  # the secretariat's post of a submitted row is refused on the page
        kwargs=group_submitted,
        method="post",
        data=lambda w: {"value": "99", "action": "submit", "version": 1},
    ),
    Rule("workpackages:update", {ANON: 302, SEC: 200, COORD: 200, REP: 404}, kwargs=group_approved),
    Rule(
        "workpackages:update", {ANON: 302, SEC: 200, COORD: 404, REP: 404}, kwargs=group_submitted
    ),
    Rule("workpackages:update_edit", {**OTHERS_UPDATE_EDIT, REP_B: 404}, kwargs=group_submitted),
    Rule(
        "workpackages:update_evidence",
        {ANON: 302, SEC: 200, COORD: 200, REP: 404},
        kwargs=group_approved,
    ),
    Rule(
        "workpackages:update_review",
        {ANON: 302, SEC: 302, COORD: 403, REP: 403},
        kwargs=group_submitted,
        method="post",
        data=lambda w: {"decision": "approve", "version": w["wp_group_submitted"].version},
    ),
    Rule("workpackages:delete", secretariat_only(), kwargs=package),
    Rule("workpackages:goal_delete", secretariat_only(), kwargs=lambda w: {"pk": w["wp_goal"].pk}),
    Rule(
        "workpackages:indicator_delete",
        secretariat_only(),
        kwargs=lambda w: {"pk": w["wp_indicator"].pk},
    ),
    Rule(
        "workpackages:period_delete", secretariat_only(), kwargs=lambda w: {"pk": w["wp_period"].pk}
    ),
    # Posting a delete of an indicator that carries updates is refused with the page (200).
    Rule(
        "workpackages:indicator_delete",
        secretariat_only(),
        kwargs=lambda w: {"pk": w["wp_indicator"].pk},
        method="post",
    ),
]
