"""Every form the portal shows, posted with hostile data: no server error, no half-save.

The forms are found, not listed: each page of the permission matrix (tests/matrix/) is
opened as every role allowed to open it (and as a representative of the institution that
owns its objects), and every ``<form method="post">`` on it becomes a target, posted as
that user with the fields the page rendered. A POST endpoint that no page offers a form
for fails ``test_every_post_endpoint_is_reached``.

Hypothesis draws each field from the page's own values and choices or from hostile ones
(control characters, huge and negative numbers, ancient and far-future dates, empty and
very long strings, unicode). A target passes when no answer is a 5xx and when the row
counts of the portal's models are unchanged unless the post was accepted (a redirect).
Each example runs in a savepoint that is rolled back, so every one starts from the same
world. The profile is small and derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import contextlib
import datetime
import inspect
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.commsplans.factories import KPIFactory, plan_with_content
from tests.factories import representative_of
from tests.matrix import ANON, COORD, REP, SEC
from tests.test_permission_matrix import RULES, SKIPPED_NAMESPACES
from tests.test_permission_matrix import world as world  # noqa: PLC0414 (the fixture)
from tests.workpackages.factories import IndicatorFactory, period_of
from workpackages.models import ReportingPeriod

OTHER_REP = "representative of the objects' institution"
# Few examples per form keep the file near two minutes in CI; PORTAL_FUZZ_EXAMPLES=50 digs
# deeper locally (the examples stay derandomized, so a failure reproduces).
EXAMPLES_PER_FORM = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "4"))
MAX_PAGE_BYTES = 1_000_000
PROJECT_APPS = {
    "portal",
    "documents",
    "notifications",
    "institutions",
    "meetings",
    "workpackages",
    "commsplans",
    "auth",
}
# POST endpoints reached without a form of their own, with the reason.
NO_FORM = {
    "set_language": "the language switcher (Django's own view)",
    "workpackages:import_confirm": "needs an upload kept in the session; its form holds no "
    "field but the button (tests/workpackages/test_import.py posts it)",
}

FUZZ = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

HOSTILE = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    st.sampled_from(
        [
            "2147483648",
            "-2147483649",
            "9" * 40,
            "-1",
            "0",
            "1e999",
            "NaN",
            "Infinity",
            "0.000000001",
            "0001-01-01",
            "9999-12-31",
            "1989-12-31",
            "2101-01-01",
            "24:61",
            "99:99",
            "Q&A <script>alert(1)</script>",
            "line\r\nX-Injected: 1",
            "\x00",
            " ",
            "č ć đ š ž Č Ć Đ Š Ž",
            "x" * 5000,
        ]
    ),
)


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    values: list[str] = field(default_factory=list)  # current values (checked boxes etc.)
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class PostForm:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The forms of a page that use ``method`` (post or get), with their fields."""

    def __init__(self, page_url: str, method: str = "post"):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.method = method
        self.forms: list[PostForm] = []
        self._form: PostForm | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None

    def _field(self, name, kind, **kwargs) -> Field:
        found = self._form.fields.get(name)
        if found is None:
            found = self._form.fields[name] = Field(name, kind, **kwargs)
        return found

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == self.method:
                self._form = PostForm(action=attrs.get("action") or self.page_url)
                self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.values.append(attrs.get("value", ""))
            return
        if self._form is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    self._field(name, "submit").options.append(attrs.get("value") or "")
                return
            found = self._field(name, kind, multiple=kind == "checkbox")
            if kind in ("checkbox", "radio"):
                found.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    found.values.append(attrs.get("value", "on"))
            else:
                found.values.append(attrs.get("value") or "")
        elif tag == "select":
            self._select = self._field(name, "select", multiple="multiple" in attrs)
        elif tag == "textarea":
            self._textarea = self._field(name, "textarea")
            self._textarea.values.append("")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(url: str, html: str, method: str = "post") -> list[PostForm]:
    parser = FormParser(url, method)
    parser.feed(html)
    return parser.forms


@dataclass
class Target:
    url_name: str
    url: str
    role: str
    form: PostForm
    found_on: str


def url_name_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def extra_pages(world: dict) -> list[tuple[str, dict]]:
    """Objects in the states that show the remaining forms (submit, approve, unlock, delete)."""
    draft = plan_with_content(
        institution=world["other_institution"], group=world["group"], start_year=2017, end_year=2017
    )
    KPIFactory(plan=draft)
    locked = period_of(world["wp_package"], datetime.date(2020, 3, 1))
    ReportingPeriod.objects.filter(pk=locked.pk).update(locked=True)
    spare = IndicatorFactory(goal__work_package=world["wp_package"], goal__code="G-FUZZ")
    return [
        ("commsplans:detail", {"pk": draft.pk}),
        ("commsplans:detail", {"pk": world["submitted_plan"].pk}),
        ("workpackages:detail", {"pk": world["wp_package"].pk}),
        ("workpackages:indicator_delete", {"pk": spare.pk}),
    ]


def users_for(world: dict) -> dict[str, object]:
    users = dict(world["users"])
    if "fuzz_rep" not in world:
        world["fuzz_rep"] = representative_of(world["other_institution"], username="fuzz-rep")
    users[OTHER_REP] = world["fuzz_rep"]
    return users


def discover(client, world, method: str = "post") -> dict[str, Target]:
    """One target per endpoint: the first page and role that offers a form for it."""
    users = users_for(world)
    targets: dict[str, Target] = {}
    pages = [
        (rule.url_name, rule.kwargs(world), rule.expect) for rule in RULES if rule.method == "get"
    ]
    anyone = {SEC: 200, REP: 404}  # the secretariat, and the institution's representative
    pages += [(name, kwargs, anyone) for name, kwargs in extra_pages(world)]
    for url_name, kwargs, expect in pages:
        roles = [SEC, COORD, REP, ANON]
        if expect.get(REP) == 404:
            roles.insert(1, OTHER_REP)
        url = reverse(url_name, kwargs=kwargs)
        for role in roles:
            if role != OTHER_REP and expect.get(role) != 200:
                continue
            client.logout()
            if role != ANON:
                client.force_login(users[role])
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in page_forms(url, response.content.decode(), method):
                name = url_name_of(form.action)
                if name and name not in targets:
                    targets[name] = Target(name, form.action, role, form, url_name)
    client.logout()
    return targets


def field_strategy(spec: Field):
    own = spec.values + spec.options
    if spec.kind == "submit":
        return st.sampled_from(spec.options or [""])
    if spec.multiple:
        return st.lists(st.one_of(st.sampled_from(spec.options or [""]), HOSTILE), max_size=3)
    choices = [st.sampled_from(own)] if own else []
    return st.one_of(*choices, HOSTILE)


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy
    }


def fuzz(client, target: Target, user) -> list[str]:
    """Problems found posting hostile data to ``target`` (empty when none)."""
    problems: list[str] = []
    strategy = st.fixed_dictionaries(
        {name: field_strategy(spec) for name, spec in target.form.fields.items()}
    )

    @FUZZ
    @given(data=strategy)
    def run(data):
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            before = counts()
            response = client.post(target.url, data)
            status = response.status_code
            problem = None
            if status >= 500:
                problem = f"answered {status}"
            elif len(response.content) > MAX_PAGE_BYTES:
                problem = f"built a page of {len(response.content)} bytes"
            elif status not in (301, 302, 303) and counts() != before:
                changed = {k for k, v in counts().items() if before[k] != v}
                problem = f"answered {status} but changed {sorted(changed)}"
            transaction.set_rollback(True)
        if problem:
            problems.append(f"{target.url_name} as {target.role}: {problem} for {data!r}"[:2000])
            raise AssertionError(problem)

    with contextlib.suppress(AssertionError):  # the smallest failing example is in problems
        run()
    return problems[-1:]


@pytest.fixture
def fuzz_client(client):
    client.raise_request_exception = False
    return client


def _reads_post(view) -> bool:
    """Whether a view (or a module-level helper it hands the request to) reads a POST."""
    view = inspect.unwrap(view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return False
    module = inspect.getmodule(view)
    for helper in re.findall(r"\b(_\w+)\(request\b", source):
        function = getattr(module, helper, None)
        if callable(function):
            source += inspect.getsource(inspect.unwrap(function))
    return "POST" in source


def post_endpoints() -> set[str]:
    """The matrix's POST rules, and every URL whose view reads a POST."""
    names = {rule.url_name for rule in RULES if rule.method == "post"}

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, ns)
            elif pattern.name and _reads_post(pattern.callback):
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_post_endpoint_is_reached(fuzz_client, world):
    targets = discover(fuzz_client, world)
    endpoints = post_endpoints()
    assert len(endpoints) > 40, "fewer POST endpoints than the portal has: discovery broke"
    missing = endpoints - set(targets) - set(NO_FORM)
    assert not missing, f"POST endpoints that no page offers a form for: {sorted(missing)}"
    # The form pages of every app are among the targets.
    for name in (
        "commsplans:section_edit",
        "commsplans:edit",
        "meetings:create",
        "meetings:attendance",
        "workpackages:update_new",
        "workpackages:indicator_edit",
        "institutions:membership_edit",
        "notifications:preferences",
        "documents:request",
        "login",
    ):
        assert name in targets, name


def test_no_form_answers_a_server_error_or_saves_half(fuzz_client, world):
    users = users_for(world)
    targets = discover(fuzz_client, world)
    problems = []
    for target in targets.values():
        user = None if target.role == ANON else users[target.role]
        problems += fuzz(fuzz_client, target, user)
    assert not problems, "\n".join(problems)


# Every value at once in every field of a search form.
HOSTILE_QUERIES = [
    "2147483648",
    "-99999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "NaN",
    "x" * 3000,
    "\x00",
    "line\r\nbreak",
    "<script>",
]


def test_no_search_form_answers_a_server_error(fuzz_client, world):
    users = users_for(world)
    targets = discover(fuzz_client, world, method="get")
    assert {"meetings:list", "institutions:list", "commsplans:overview"} <= set(targets)
    problems = []
    for target in targets.values():
        fuzz_client.logout()
        if target.role != ANON:
            fuzz_client.force_login(users[target.role])
        for value in HOSTILE_QUERIES:
            query = dict.fromkeys(target.form.fields, value)
            response = fuzz_client.get(target.url, query)
            if response.status_code >= 500 or len(response.content) > MAX_PAGE_BYTES:
                problems.append(f"{target.url_name} {query!r}: {response.status_code}"[:500])
    assert not problems, "\n".join(problems)
