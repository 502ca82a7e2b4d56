"""Who may open the communication-plan pages. Object URLs point at the OTHER institution's
plan (a reviewed one, with an unanswered recommendation), so the representative gets 404."""

from tests.commsplans.factories import plan_with_content, reviewed_plan, section_data
from tests.matrix import ANON, COORD, REP, REP_B, SEC, Rule, everyone


def world(base: dict) -> dict:
    base["other_plan"] = reviewed_plan(institution=base["other_institution"], group=base["group"])
    base["other_recommendation"] = base["other_plan"].reviews.get().recommendations.get()
    base["draft_plan"] = plan_with_content(
        institution=base["other_institution"], group=base["group"], start_year=2016, end_year=2016
    )
    base["submitted_plan"] = plan_with_content(
        institution=base["other_institution"],
        group=base["group"],
        start_year=2015,
        end_year=2015,
        status="submitted",
    )
    return base


def plan(w):
    return {"pk": w["other_plan"].pk}


def submitted(w):
    return {"pk": w["submitted_plan"].pk}


def draft(w):
    return {"pk": w["draft_plan"].pk}


def readers(rep: int = 404, owner: int = 200) -> dict[str, int]:
    return {ANON: 302, SEC: 200, COORD: 200, REP: rep, REP_B: owner}


def writers(ok: int = 404, owner: int = 200) -> dict[str, int]:
    """Only a representative of the plan's institution (REP_B); REP guesses its URLs."""
    return {ANON: 302, SEC: 403, COORD: 403, REP: ok, REP_B: owner}


def reviewers(ok: int = 200) -> dict[str, int]:
    return {ANON: 302, SEC: ok, COORD: 403, REP: 403}


RULES = [
    Rule("commsplans:list", everyone()),
    Rule("commsplans:overview", {ANON: 302, SEC: 200, COORD: 200, REP: 403}),
    Rule("commsplans:create", {ANON: 302, SEC: 403, COORD: 403, REP: 200}),
    Rule("commsplans:detail", readers(), kwargs=plan),
    Rule("commsplans:revision", readers(), kwargs=plan),
    Rule("commsplans:edit", writers(), kwargs=plan),
    Rule(
        "commsplans:edit",
        writers(owner=302),
        kwargs=plan,
        method="post",
        data=lambda w: {"start_year": 2014, "end_year": 2014, "context": "x"},
    ),
    Rule("commsplans:section_edit", writers(), kwargs=lambda w: {**plan(w), "section": "risks"}),
    Rule(
        "commsplans:section_edit",
        writers(owner=302),
        kwargs=lambda w: {**plan(w), "section": "risks"},
        method="post",
        data=lambda w: section_data("risks", [{"description": "x"}]),
    ),
    Rule("commsplans:submit", {ANON: 405, SEC: 405, COORD: 405, REP: 405}, kwargs=plan),
    Rule("commsplans:submit", writers(owner=302), kwargs=plan, method="post"),
    Rule("commsplans:review", reviewers(), kwargs=submitted),
    Rule("commsplans:review", reviewers(), kwargs=submitted, method="post"),
    Rule("commsplans:approve", {ANON: 405, SEC: 405, COORD: 405, REP: 405}, kwargs=submitted),
    Rule("commsplans:approve", reviewers(302), kwargs=submitted, method="post"),
    Rule(
        "commsplans:answer",
        writers(),
        kwargs=lambda w: {"pk": w["other_recommendation"].pk},
    ),
    Rule(
        "commsplans:answer",
        writers(owner=302),
        kwargs=lambda w: {"pk": w["other_recommendation"].pk},
        method="post",
        data=lambda w: {"response": "accepted"},
    ),
    # Another institution's draft: its representative works on it; REP guessing its URLs
    # reads nothing and writes nothing.
    Rule("commsplans:detail", readers(), kwargs=draft),
    Rule("commsplans:edit", writers(), kwargs=draft),
    Rule(
        "commsplans:edit",
        writers(owner=302),
        kwargs=draft,
        method="post",
        data=lambda w: {
            "start_year": 2016,
            "end_year": 2016,
            "context": "x",
            "version": w["draft_plan"].version,
        },
    ),
    Rule(
        "commsplans:section_edit",
        writers(owner=302),
        kwargs=lambda w: {**draft(w), "section": "risks"},
        method="post",
        data=lambda w: section_data("risks", [{"description": "x"}]),
    ),
]
