"""Every action a portal page offers is exactly what the server allows, for every role.

The portal's own pages: the home page, My account, the Reports page (and the document
list it polls), the Outbox and the e-mail preferences page. For each page and each role
(secretariat, coordinator, the representative of an institution, the representative of
another institution) the page is fetched as that user and its actions collected: the
targets of POST forms (whatever they point at) and links to the portal's action pages
(a download, the preferences form). Links into the apps' pages (a home panel's "Start
one") are the apps' own button tests' business.

For every action the page could offer (its possible actions, plus whatever any role is
shown there) the action is then tried as the same user, in a fresh client and inside a
transaction that is rolled back, and the test asserts shown ⇔ allowed. Refused means
403, 404 or 405, the login page (with ``next=``), or a redirect carrying an error
message; a request form is allowed when a valid request posted to it is accepted (a form
that refuses answers 200 with its errors), and Retry on a document when the document is
actually queued again (the view answers "nothing to retry" otherwise). A page showing an
action the test does not know about fails too. Anonymous visitors are sent to the login
page from every page, and every action is refused to them.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from portal.documents import access as document_access
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from portal.notifications.models import Notification
from tests.commsplans.factories import PlanFactory
from tests.documents.factories import document_for
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "coordinator", "representative", "other_representative"]
# Links that are actions (forms one fills in, files one takes away); other links show things.
ACTION_LINKS = {"documents:download", "notifications:preferences"}
D = GeneratedDocument.Status
N = Notification.Status


class _Actions(HTMLParser):
    """POST-form targets (all of them) and links to ACTION_LINKS, as (method, path)."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            path = urlsplit(attrs["href"]).path
            if path and _view_name(path) in ACTION_LINKS:
                self.found.add(("get", path))
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.found.add(("post", urlsplit(attrs.get("action") or self.page_path).path))
        elif attrs.get("hx-post") or attrs.get("formaction"):
            self.found.add(("post", urlsplit(attrs.get("hx-post") or attrs["formaction"]).path))


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _to_login(response) -> bool:
    if response.status_code not in (301, 302):
        return False
    target = urlsplit(response["Location"])
    return target.path == reverse("login") and "next" in parse_qs(target.query)


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405) or _to_login(response):
        return True
    errors = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    return response.status_code in (301, 302) and bool(errors)


def shown(user, url: str) -> set[tuple[str, str]] | None:
    """The page's actions as ``user`` sees them, or None if they cannot open the page."""
    response = _client(user).get(url)
    if response.status_code != 200:
        assert _refused(response), (url, response.status_code)
        return None
    parser = _Actions(urlsplit(url).path)
    parser.feed(response.content.decode())
    return parser.found


def request_data(user, kind) -> dict:
    """A valid request for ``kind`` as ``user`` would post it: the form's initial values
    and the first object they may ask about (none: the request cannot be valid)."""
    form = kind.form_class(kind=kind, user=user, prefix=kind.key)
    data = {}
    for bound in form:
        value = bound.value()
        if value in (None, "", [], False):
            continue
        data[bound.html_name] = "on" if value is True else value
    first = document_access.visible_objects(user, kind).order_by("pk").first()
    if first is not None:
        data[f"{kind.key}-object"] = first.pk
    return data


def allowed(user, action: tuple[str, str]) -> bool:
    method, path = action
    match = resolve(path)
    client = _client(user)
    with transaction.atomic():
        if match.view_name == "documents:request":
            kind = documents.get(match.kwargs["kind"])
            response = client.post(path, request_data(user, kind))
            ok = response.status_code == 302 and not _refused(response)
        elif match.view_name == "documents:retry":
            before = GeneratedDocument.objects.filter(pk=match.kwargs["pk"]).first()
            response = client.post(path)
            after = GeneratedDocument.objects.filter(pk=match.kwargs["pk"]).first()
            ok = (
                not _refused(response)
                and after is not None
                and after.status == D.QUEUED
                and after.queued_at > before.queued_at
            )
        elif method == "get":
            response = client.get(path)
            ok = response.status_code == 200
            # A download is a file: close it as Django's test client closes its own
            # responses, without request_finished closing the database connection (it
            # would, inside this transaction, on PostgreSQL).
            request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                request_finished.connect(close_old_connections)
        else:
            response = client.post(path)
            ok = not _refused(response)
        transaction.set_rollback(True)
    return ok


# --- The world ------------------------------------------------------------------


@pytest.fixture
def world(
    group, institution, other_institution, secretariat, coordinator, representative,
    other_representative,
):  # fmt: skip
    plan = PlanFactory(institution=institution, group=group)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    docs = {
        "own ready": document_for(institution),
        "own failed": document_for(institution, status=D.FAILED, failure_reason="Broken"),
        "own stale": document_for(institution, status=D.RENDERING, started_at=an_hour_ago),
        "own queued": document_for(institution, status=D.QUEUED),
        "other ready": document_for(other_institution),
        "other failed": document_for(other_institution, status=D.FAILED, failure_reason="No"),
        "plan ready": document_for(plan, kind="plan"),
        "plan failed": document_for(plan, kind="plan", status=D.FAILED, failure_reason="No"),
    }
    mails = {
        "failed": NotificationFactory(status=N.FAILED, attempts=5, last_error="SMTP 550"),
        "sent": NotificationFactory(status=N.SENT, sent_at=timezone.now()),
        "pending": NotificationFactory(status=N.PENDING),
    }
    return {
        "users": {
            "secretariat": secretariat,
            "coordinator": coordinator,
            "representative": representative,
            "other_representative": other_representative,
        },
        "documents": docs,
        "notifications": mails,
    }


def chrome() -> set[tuple[str, str]]:
    """The forms every full page carries: Log out and the language switch."""
    return {("post", reverse("logout")), ("post", reverse("set_language"))}


def document_actions(w) -> set[tuple[str, str]]:
    actions = set()
    for document in w["documents"].values():
        actions.add(("get", reverse("documents:download", args=[document.pk])))
        actions.add(("post", reverse("documents:retry", args=[document.pk])))
    return actions


def home_page(w):
    return reverse("home"), set()


def account_page(w):
    return reverse("account"), {("get", reverse("notifications:preferences"))}


def reports_page(w):
    requests = {("post", reverse("documents:request", args=[k.key])) for k in documents.kinds()}
    return reverse("documents:reports"), requests | document_actions(w)


def document_list_page(w):
    return reverse("documents:list"), document_actions(w)


def outbox_page(w):
    return reverse("notifications:outbox"), {
        ("post", reverse("notifications:retry", args=[n.pk])) for n in w["notifications"].values()
    }


def failed_outbox_page(w):
    url, actions = outbox_page(w)
    return f"{url}?status=failed", actions


def preferences_page(w):
    url = reverse("notifications:preferences")
    return url, {("post", url)}


# Pages that are a whole page (with the header's and footer's forms), and fragments.
PAGES = [
    home_page,
    account_page,
    reports_page,
    outbox_page,
    failed_outbox_page,
    preferences_page,
]
FRAGMENTS = [document_list_page]


def mismatches(w, page, role) -> list[str]:
    url, candidates = page(w)
    if page not in FRAGMENTS:
        candidates = candidates | chrome()
    seen = {r: shown(user, url) for r, user in w["users"].items()}
    wrong = [
        f"shows {stray}, not an action the test knows for this page"
        for stray in sorted((seen[role] or set()) - candidates)
    ]
    candidates = candidates | set().union(*(s for s in seen.values() if s))
    if seen[role] is None:
        # A page the user cannot open shows nothing, not even the header's forms, which
        # are theirs on every page they can open.
        candidates -= chrome()
    for action in sorted(candidates):
        is_shown = action in (seen[role] or set())
        is_allowed = allowed(w["users"][role], action)
        if is_shown != is_allowed:
            wrong.append(f"{action[0].upper()} {action[1]}: shown={is_shown}, allowed={is_allowed}")
    return wrong


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES + FRAGMENTS, ids=lambda p: p.__name__)
def test_a_page_shows_an_action_exactly_when_the_server_allows_it(world, page, role):
    wrong = mismatches(world, page, role)
    assert not wrong, f"{role} on {page(world)[0]}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("page", PAGES + FRAGMENTS, ids=lambda p: p.__name__)
def test_anonymous_visitors_are_sent_to_log_in_and_may_do_nothing(world, page):
    url, candidates = page(world)
    assert _to_login(Client().get(url)), url
    for action in sorted(candidates):
        assert not allowed(None, action), f"anonymous may {action}"


def test_the_pages_do_offer_actions(world):
    """Guards the test itself: pages that showed nothing to anybody would pass it."""
    users, docs, mails = world["users"], world["documents"], world["notifications"]

    def download(key):
        return ("get", reverse("documents:download", args=[docs[key].pk]))

    def retry(key):
        return ("post", reverse("documents:retry", args=[docs[key].pk]))

    def request(kind):
        return ("post", reverse("documents:request", args=[kind]))

    reports = reverse("documents:reports")
    assert shown(users["secretariat"], reports) >= {
        request("institution"),
        request("plan"),
        *map(download, ["own ready", "other ready", "plan ready"]),
        *map(retry, ["own failed", "own stale", "other failed", "plan failed"]),
    }
    own = shown(users["representative"], reports)
    assert {request("institution"), request("plan"), download("own ready")} <= own
    assert {retry("own failed"), retry("own stale"), retry("plan failed")} <= own
    assert download("other ready") not in own and retry("other failed") not in own
    assert retry("own queued") not in own and retry("own ready") not in own
    other = shown(users["other_representative"], reports)
    assert {request("institution"), download("other ready"), retry("other failed")} <= other
    assert request("plan") not in other and download("own ready") not in other

    outbox_retry = ("post", reverse("notifications:retry", args=[mails["failed"].pk]))
    assert outbox_retry in shown(users["secretariat"], reverse("notifications:outbox"))
    assert allowed(users["secretariat"], outbox_retry)
    sent_retry = ("post", reverse("notifications:retry", args=[mails["sent"].pk]))
    assert not allowed(users["secretariat"], sent_retry)
    for role in ("coordinator", "representative", "other_representative"):
        assert shown(users[role], reverse("notifications:outbox")) is None
        assert not allowed(users[role], outbox_retry)

    preferences = reverse("notifications:preferences")
    for role in ROLES:
        assert ("post", preferences) in shown(users[role], preferences)
        assert ("get", preferences) in shown(users[role], reverse("account"))
