"""Every action a communication-plan page offers is exactly what the server allows.

For each page and each role (secretariat, coordinator, a representative of the plan's
institution, a representative of another institution) the page is fetched as that user
and its action URLs collected (links, and the targets of POST forms). For every action
the page could offer, it is then requested as the same user, in a transaction rolled
back afterwards: shown ⇔ allowed. Refused means 403, 404 or 405, or a redirect carrying
an error message (the plan is locked, or not awaiting review). A page showing an action
URL that is not among its possible actions fails too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from commsplans import services
from commsplans.models import CommunicationPlan, PlanVersion, Section
from tests.commsplans.factories import plan_with_content, reviewed_plan, section_data

pytestmark = pytest.mark.django_db

ACTION_NAMES = {
    "commsplans:create",
    "commsplans:overview",
    "commsplans:edit",
    "commsplans:section_edit",
    "commsplans:submit",
    "commsplans:review",
    "commsplans:approve",
    "commsplans:revision",
    "commsplans:answer",
    "documents:request",
}
ROW_SECTIONS = [s for s in Section.values if s != Section.CONTEXT]
STATES = ["draft", "submitted", "reviewed", "revised", "approved"]


@dataclass(frozen=True)
class Action:
    method: str  # "get" for a link, "post" for a form
    path: str
    data: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


class _Actions(HTMLParser):
    """Links and POST-form targets on a page that resolve to one of ACTION_NAMES."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.found: set[tuple[str, str]] = set()

    def _add(self, method: str, url: str) -> None:
        path = urlsplit(url).path
        if not path:
            return
        try:
            match = resolve(path)
        except Resolver404:
            return
        if match.view_name in ACTION_NAMES:
            self.found.add((method, path))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._add("get", attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._add("post", attrs.get("action") or self.page_path)
        elif tag == "button" and attrs.get("formaction"):
            self._add("post", attrs["formaction"])


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    errors = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    return response.status_code in (301, 302) and bool(errors)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(user, page: str) -> set[tuple[str, str]]:
    response = _client(user).get(page)
    if _refused(response):
        return set()
    assert response.status_code == 200, (page, response.status_code)
    parser = _Actions(page)
    parser.feed(response.content.decode())
    return parser.found


def allowed(user, action: Action) -> bool:
    client = _client(user)
    with transaction.atomic():
        response = getattr(client, action.method)(action.path, action.data)
        transaction.set_rollback(True)
    return not _refused(response)


def mismatches(users: dict, page: str, possible: list[Action]) -> list[str]:
    problems = []
    keys = {action.key for action in possible}
    for who, user in users.items():
        on_page = shown(user, page)
        for stray in sorted(on_page - keys):
            problems.append(f"{who} on {page}: shows {stray}, not an action of this page")
        for action in possible:
            is_shown, is_allowed = action.key in on_page, allowed(user, action)
            if is_shown != is_allowed:
                problems.append(
                    f"{who} on {page}: {action.method.upper()} {action.path} "
                    f"shown={is_shown} allowed={is_allowed}"
                )
    return problems


# --- The world ------------------------------------------------------------------


@pytest.fixture
def users(secretariat, coordinator, representative, other_representative):
    return {
        "secretariat": secretariat,
        "coordinator": coordinator,
        "representative of the plan's institution": representative,
        "representative of another institution": other_representative,
    }


def make_plan(state: str, *, institution, group) -> CommunicationPlan:
    year = 2014 + STATES.index(state)
    where = {"institution": institution, "group": group, "start_year": year, "end_year": year}
    if state in ("draft", "submitted"):
        plan = plan_with_content(status=state, **where)
        if state == "submitted":
            PlanVersion.objects.create(plan=plan, number=1, snapshot=services.plan_snapshot(plan))
        return plan
    plan = reviewed_plan(recommendations=["Add an outcome KPI.", "Name a deputy."], **where)
    if state != "reviewed":
        plan.status = state
        plan.save()
    return plan


@pytest.fixture(params=STATES)
def plan(request, institution, group):
    return make_plan(request.param, institution=institution, group=group)


def section_edit(plan: CommunicationPlan, key: str) -> Action:
    path = reverse("commsplans:section_edit", args=[plan.pk, key])
    return Action("post", path, {**section_data(key, []), "version": plan.version})


def plan_edit(plan: CommunicationPlan) -> Action:
    path = reverse("commsplans:edit", args=[plan.pk])
    data = {
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "context": "Changed.",
        "version": plan.version,
    }
    return Action("post", path, data)


def review_record(plan: CommunicationPlan) -> Action:
    data = {
        "reviewer": "Marija Žunić",
        "date": f"{plan.start_year}-06-01",
        "summary": "",
        **section_data("recommendations", [{"section": "", "text": "Do more."}]),
    }
    return Action("post", reverse("commsplans:review", args=[plan.pk]), data)


def answer(recommendation) -> Action:
    path = reverse("commsplans:answer", args=[recommendation.pk])
    return Action("post", path, {"response": "accepted"})


def recommendations(plan: CommunicationPlan) -> list:
    return [rec for review in plan.reviews.all() for rec in review.recommendations.all()]


def detail_actions(plan: CommunicationPlan) -> list[Action]:
    get = lambda name, *args: Action("get", reverse(name, args=args))  # noqa: E731
    return [
        get("commsplans:edit", plan.pk),
        *(get("commsplans:section_edit", plan.pk, key) for key in ROW_SECTIONS),
        Action("post", reverse("commsplans:submit", args=[plan.pk])),
        get("commsplans:review", plan.pk),
        Action("post", reverse("commsplans:approve", args=[plan.pk])),
        get("commsplans:revision", plan.pk),
        *(get("commsplans:answer", rec.pk) for rec in recommendations(plan)),
        Action(
            "post",
            reverse("documents:request", args=["plan"]),
            {"plan-object": plan.pk, "plan-language": "en", "next": plan.get_absolute_url()},
        ),
    ]


# --- The pages ------------------------------------------------------------------


def test_plan_list(users, institution, group):
    make_plan("draft", institution=institution, group=group)
    possible = [
        Action("get", reverse("commsplans:create")),
        Action("get", reverse("commsplans:overview")),
    ]
    assert not mismatches(users, reverse("commsplans:list"), possible)


def test_overview_offers_no_actions(users, institution, group):
    make_plan("submitted", institution=institution, group=group)
    assert not mismatches(users, reverse("commsplans:overview"), [])


def test_plan_detail(users, plan):
    assert not mismatches(users, plan.get_absolute_url(), detail_actions(plan))


def test_plan_edit_page(users, plan):
    action = plan_edit(plan)
    assert not mismatches(users, action.path, [action])


@pytest.mark.parametrize("key", ROW_SECTIONS)
def test_section_edit_pages(users, plan, key):
    action = section_edit(plan, key)
    assert not mismatches(users, action.path, [action])


def test_review_page(users, plan):
    action = review_record(plan)
    assert not mismatches(users, action.path, [action])


def test_answer_pages(users, plan):
    problems = []
    for rec in recommendations(plan):
        action = answer(rec)
        problems += mismatches(users, action.path, [action])
    assert not problems


def test_versions_and_diff_page_offers_no_actions(users, plan):
    problems = mismatches(users, reverse("commsplans:revision", args=[plan.pk]), [])
    assert not problems


def test_every_plan_page_is_covered():
    """A new commsplans URL must be added to the pages (or the actions) above."""
    from commsplans.urls import urlpatterns

    covered = {
        "list",
        "overview",
        "create",
        "detail",
        "edit",
        "section_edit",
        "submit",
        "revision",
        "review",
        "approve",
        "answer",
    }
    assert {p.name for p in urlpatterns} == covered


# --- Two forms, one plan --------------------------------------------------------


def _version(page: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', page)
    assert match, "the form carries the plan's version"
    return match.group(1)


def test_stale_plan_save_is_refused(client, representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    client.force_login(representative)
    url = reverse("commsplans:edit", args=[plan.pk])
    first, second = (_version(client.get(url).content.decode()) for _ in range(2))
    fields = {"start_year": 2014, "end_year": 2014}

    response = client.post(url, {**fields, "context": "From the first form.", "version": first})
    assert response.status_code == 302
    response = client.post(url, {**fields, "context": "From the second form.", "version": second})
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    plan.refresh_from_db()
    assert plan.context == "From the first form."
    assert plan.version == int(first) + 1


def test_stale_section_save_is_refused(client, representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    client.force_login(representative)
    url = reverse("commsplans:section_edit", args=[plan.pk, "risks"])
    edit_url = reverse("commsplans:edit", args=[plan.pk])
    risks, plan_form = (
        _version(client.get(url).content.decode()),
        _version(client.get(edit_url).content.decode()),
    )
    first = {**section_data("risks", [{"description": "Staff turnover"}]), "version": risks}
    assert client.post(url, first).status_code == 302
    second = {**section_data("risks", [{"description": "Budget cuts"}]), "version": risks}
    response = client.post(url, second)
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    # The plan form loaded before the section was saved is stale too.
    response = client.post(
        edit_url, {"start_year": 2014, "end_year": 2014, "context": "x", "version": plan_form}
    )
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    plan.refresh_from_db()
    assert [r.description for r in plan.risks.all()] == ["Staff turnover"]
    assert plan.context != "x"


def test_stale_save_message_is_translated(client, representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    client.force_login(representative)
    client.cookies["django_language"] = "bs"
    url = reverse("commsplans:edit", args=[plan.pk])
    stale = {"start_year": 2014, "end_year": 2014, "context": "x", "version": plan.version - 1}
    response = client.post(url, stale, HTTP_ACCEPT_LANGUAGE="bs")
    page = response.content.decode()
    assert response.status_code == 200 and "Ništa nije sačuvano" in page


def test_services_refuse_a_locked_or_stale_plan(institution, group):
    plan = plan_with_content(institution=institution, group=group)
    changes = services.PlanChanges(start_year=2014, end_year=2014, context="New.", goals=[])
    saved = services.plan_update(plan=plan, changes=changes, version=plan.version)
    assert saved.context == "New." and saved.version == 2 and plan.version == 2
    with pytest.raises(services.StalePlan):
        services.plan_update(plan=plan, changes=changes, version=1)
    plan.refresh_from_db()
    plan.status = CommunicationPlan.Status.SUBMITTED
    plan.save()
    with pytest.raises(services.PlanLocked):
        services.plan_update(plan=plan, changes=changes, version=None)
    plan.refresh_from_db()
    assert plan.version == 2 and plan.context == "New."
