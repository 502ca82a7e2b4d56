"""Every action a workpackages page shows is exactly what the server allows.

For each page and each role (secretariat, coordinator, the representative of the
institution, the representative of another institution) the page is fetched and its
actions collected: links to action pages and forms that carry a submit button. The
page's possible actions are what any role is shown there, plus the actions its state
calls for (Lock for an open period, Unlock for a locked one, reviewing a submitted
update, editing a draft, ...). For each possible action, the test asserts that the user
is shown it exactly when the server allows it.

Allowed means the server does not answer 403 or 404; for an update's form (new or edit)
it means a valid draft posted to it is saved, since a form that refuses the change
answers 200 with the reason. Each attempt runs in a savepoint that is rolled back, so
one attempt does not change the state the next one is judged in.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.workpackages.factories import IndicatorFactory, PeriodFactory
from workpackages.models import Indicator, ProgressUpdate

S = ProgressUpdate.Status

# Links to these pages are actions; links to the pages that show things are not.
ACTIONS = {
    "create",
    "edit",
    "delete",
    "goal_create",
    "goal_edit",
    "goal_delete",
    "indicator_create",
    "indicator_edit",
    "indicator_delete",
    "period_create",
    "periods_generate",
    "period_edit",
    "period_delete",
    "period_lock",
    "period_unlock",
    "report",
    "group_report",
    "review_queue",
    "update_new",
    "update_edit",
    "group_update_new",
    "group_update_edit",
    "update_review",
    "import",
    "import_confirm",
    "export",
}
# Links to the user's own lists: judged only on pages the user can open, since a page
# they cannot open shows nothing, while these lists are open to them from anywhere.
NAVIGATION = {"report", "group_report", "review_queue", "export"}
UPDATE_FORMS = {"update_new", "update_edit", "group_update_new", "group_update_edit"}
ROLES = ["secretariat", "coordinator", "representative", "other_representative"]


class _Actions(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.found: set[tuple[str, str]] = set()
        self._form: tuple[str, str] | None = None
        self._form_has_submit = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._add("get", attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = (method, attrs.get("action") or self.page_url)
            self._form_has_submit = False
        elif self._form and tag in ("button", "input"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind == "submit":
                self._form_has_submit = True

    def handle_endtag(self, tag):
        if tag == "form" and self._form:
            if self._form_has_submit:
                self._add(*self._form)
            self._form = None

    def _add(self, method: str, url: str):
        if _action_name(url) is not None:
            self.found.add((method, url.replace("&amp;", "&")))


def _action_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.namespace != "workpackages" or match.url_name not in ACTIONS:
        return None
    return match.url_name


def shown(client: Client, url: str) -> set[tuple[str, str]] | None:
    """The page's actions, or None if the user cannot open the page."""
    response = client.get(url)
    if response.status_code != 200:
        return None
    parser = _Actions(url)
    parser.feed(response.content.decode())
    return parser.found


def allowed(client: Client, action: tuple[str, str]) -> bool:
    method, url = action
    match = resolve(urlsplit(url).path)
    with transaction.atomic():
        if match.url_name in UPDATE_FORMS:
            pk = match.kwargs.get("pk")
            version = ProgressUpdate.objects.get(pk=pk).version if pk else ""
            response = client.post(url, {"value": "50", "action": "save", "version": version})
            ok = response.status_code == 302
        elif method == "get":
            ok = client.get(url).status_code not in (403, 404)
        else:
            data = {}
            if match.url_name == "update_review":
                update = ProgressUpdate.objects.get(pk=match.kwargs["pk"])
                data = {"decision": "approve", "version": update.version}
            ok = client.post(url, data).status_code not in (403, 404)
        transaction.set_rollback(True)
    return ok


@pytest.fixture
def world(package, goal, indicator, period, institution, other_institution):
    second = IndicatorFactory(goal=goal, code="G1.2")
    group_indicator = IndicatorFactory(goal=goal, code="G1.3", scope=Indicator.Scope.GROUP)
    IndicatorFactory(goal=goal, code="G1.4", scope=Indicator.Scope.GROUP)  # not reported yet
    locked = PeriodFactory(
        work_package=package,
        label="Locked",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 31),
        locked=True,
    )
    own_draft = ProgressUpdate.objects.create(
        indicator=indicator, institution=institution, period=period, value=10
    )
    others_submitted = ProgressUpdate.objects.create(
        indicator=indicator,
        institution=other_institution,
        period=period,
        value=20,
        status=S.SUBMITTED,
    )
    approved = ProgressUpdate.objects.create(
        indicator=indicator,
        institution=other_institution,
        period=locked,
        value=30,
        status=S.APPROVED,
    )
    group_draft = ProgressUpdate.objects.create(
        indicator=group_indicator, institution=None, period=period, value=40
    )
    return {
        "package": package,
        "goal": goal,
        "period": period,
        "locked": locked,
        "second": second,
        "own_draft": own_draft,
        "others_submitted": others_submitted,
        "approved": approved,
        "group_draft": group_draft,
    }


def _post(name, **kwargs):
    return ("post", reverse(f"workpackages:{name}", kwargs=kwargs))


def _get(name, **kwargs):
    return ("get", reverse(f"workpackages:{name}", kwargs=kwargs))


def detail_page(w):
    package, goal = w["package"], w["goal"]
    candidates = {
        _get("edit", pk=package.pk),
        _get("delete", pk=package.pk),
        _get("goal_create", work_package_pk=package.pk),
        _get("goal_edit", pk=goal.pk),
        _get("goal_delete", pk=goal.pk),
        _get("indicator_create", goal_pk=goal.pk),
        _get("report"),
        _get("group_report"),
        _get("import"),
        _get("period_create", work_package_pk=package.pk),
        _get("periods_generate", work_package_pk=package.pk),
        # The state decides between Lock and Unlock.
        _post("period_lock", pk=w["period"].pk),
        _post("period_unlock", pk=w["locked"].pk),
    }
    for period in (w["period"], w["locked"]):
        candidates |= {_get("period_edit", pk=period.pk), _get("period_delete", pk=period.pk)}
    return package.get_absolute_url(), candidates


def compliance_page(w):
    return reverse("workpackages:compliance", args=[w["package"].pk]), set()


def report_page(w):
    return reverse("workpackages:report"), {
        _get("update_edit", pk=w["own_draft"].pk),
        _get("update_new", period_pk=w["period"].pk, indicator_pk=w["second"].pk),
    }


def group_report_page(w):
    return reverse("workpackages:group_report"), {_get("group_update_edit", pk=w["group_draft"].pk)}


def update_form_page(w):
    url = reverse("workpackages:update_edit", args=[w["own_draft"].pk])
    return url, {("post", url)}


def others_update_form_page(w):
    url = reverse("workpackages:update_edit", args=[w["others_submitted"].pk])
    return url, {("post", url)}


def group_update_form_page(w):
    url = reverse("workpackages:group_update_edit", args=[w["group_draft"].pk])
    return url, {("post", url)}


def review_queue_page(w):
    return reverse("workpackages:review_queue"), {_get("group_report")}


def review_page(w):
    update = w["others_submitted"]
    return update.get_absolute_url(), {
        _post("update_review", pk=update.pk),
        _get("update_edit", pk=update.pk),
    }


def draft_page(w):
    update = w["own_draft"]
    return update.get_absolute_url(), {_get("update_edit", pk=update.pk)}


def approved_page(w):
    update = w["approved"]
    return update.get_absolute_url(), {_get("update_edit", pk=update.pk)}


def group_draft_page(w):
    update = w["group_draft"]
    return update.get_absolute_url(), {_get("group_update_edit", pk=update.pk)}


def import_page(w):
    url = reverse("workpackages:import")
    return url, {("post", url)}


PAGES = [
    detail_page,
    compliance_page,
    report_page,
    group_report_page,
    update_form_page,
    others_update_form_page,
    group_update_form_page,
    review_queue_page,
    review_page,
    draft_page,
    approved_page,
    group_draft_page,
    import_page,
]


@pytest.fixture
def clients(secretariat, coordinator, representative, other_representative):
    users = {
        "secretariat": secretariat,
        "coordinator": coordinator,
        "representative": representative,
        "other_representative": other_representative,
    }
    result = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES, ids=[p.__name__ for p in PAGES])
def test_a_page_shows_an_action_exactly_when_the_server_allows_it(world, clients, page, role):
    url, candidates = page(world)
    seen = {r: shown(client, url) for r, client in clients.items()}
    candidates = candidates | set().union(*(s for s in seen.values() if s))
    if seen[role] is None:
        candidates = {a for a in candidates if _action_name(a[1]) not in NAVIGATION}
    wrong = []
    for action in sorted(candidates):
        is_shown = action in (seen[role] or set())
        is_allowed = allowed(clients[role], action)
        if is_shown != is_allowed:
            wrong.append(f"{action}: shown={is_shown}, allowed={is_allowed}")
    assert not wrong, f"{role} on {url}:\n" + "\n".join(wrong)


def test_the_unlock_button_is_shown_to_whoever_may_unlock(world, clients):
    url = world["package"].get_absolute_url()
    unlock = _post("period_unlock", pk=world["locked"].pk)
    lock = _post("period_lock", pk=world["period"].pk)
    assert unlock in shown(clients["secretariat"], url)
    assert lock in shown(clients["secretariat"], url)
    assert allowed(clients["secretariat"], unlock)
    for role in ("coordinator", "representative", "other_representative"):
        assert unlock not in shown(clients[role], url)
        assert not allowed(clients[role], unlock)
    # The server unlocks what the button offers.
    clients["secretariat"].post(unlock[1])
    world["locked"].refresh_from_db()
    assert not world["locked"].is_locked()
