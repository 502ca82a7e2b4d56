"""Every action a meetings page offers is exactly what the server allows, for every role.

For each page and role: GET the page, collect the URLs of its links and forms; then for
the page's known possible actions, try each one as that user (inside a rolled-back
savepoint) and check that it is shown exactly when it is allowed (not 403 or 404).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from meetings import services
from meetings.models import Attendance, Guest, Meeting
from portal import roles
from tests.factories import UserFactory, member_institution, representative_of
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)

SEC, COORD, REP, OTHER_REP = "secretariat", "coordinator", "attending rep", "other rep"
# Reads that are links, not actions: they are checked by the permission matrix.
NOT_ACTIONS = {"meetings:list", "meetings:detail", "meetings:decisions", "meetings:actions"}
URL_IN_PAGE = re.compile(r'(?:href|action|hx-post)="([^"]+)"')


@pytest.fixture
def world(group):
    own = member_institution(group, acronym="OWN")
    other = member_institution(group, acronym="OTHER")
    users = {
        SEC: UserFactory(username="b-sec", role=roles.SECRETARIAT),
        COORD: UserFactory(username="b-coord", role=roles.COORDINATOR),
        REP: representative_of(own, username="b-rep"),
        OTHER_REP: representative_of(other, username="b-rep2"),
    }
    earlier = MeetingFactory(group=group, status=Meeting.Status.MINUTES_CIRCULATED)
    planned = MeetingFactory(group=group, status=Meeting.Status.PLANNED)
    w = {"users": users, "meetings": {}}
    for meeting in (earlier, planned):
        Attendance.objects.create(meeting=meeting, institution=own, status="present")
        item = AgendaItemFactory(meeting=meeting)
        w["meetings"][meeting.status] = {
            "meeting": meeting,
            "item": item,
            "decision": DecisionFactory(meeting=meeting, agenda_item=item),
            "own_action": ActionItemFactory(meeting=meeting, owner=own, agenda_item=item),
            "other_action": ActionItemFactory(meeting=meeting, owner=other),
            "guest": Guest.objects.create(meeting=meeting, name="Guest", organisation="UNDP"),
            "file": services.attachment_add(
                meeting=meeting,
                upload=SimpleUploadedFile("notes.pdf", b"%PDF notes", "application/pdf"),
            ),
        }
    return w


def meeting_actions(o: dict) -> list[tuple[str, str]]:
    """(method, URL) of every action a meeting page can offer."""
    m, item = o["meeting"].pk, o["item"].pk
    get = [
        reverse("meetings:edit", args=[m]),
        reverse("meetings:ics", args=[m]),
        reverse("meetings:agenda_add", args=[m]),
        reverse("meetings:agenda_edit", args=[item]),
        reverse("meetings:attendance", args=[m]),
        reverse("meetings:attendance_export", args=[m]) + "?format=csv",
        reverse("meetings:guest_add", args=[m]),
        reverse("meetings:decision_add", args=[m]),
        reverse("meetings:decision_edit", args=[o["decision"].pk]),
        reverse("meetings:action_add", args=[m]),
        reverse("meetings:action_edit", args=[o["own_action"].pk]),
        reverse("meetings:action_edit", args=[o["other_action"].pk]),
        reverse("meetings:minutes", args=[m]),
        reverse("meetings:comment", args=[m]),
        reverse("meetings:attachment_add", args=[m]),
    ]
    post = [
        reverse("meetings:status", args=[m]),
        reverse("meetings:agenda_matters_arising", args=[m]),
        reverse("meetings:agenda_move", args=[item, "up"]),
        reverse("meetings:agenda_move", args=[item, "down"]),
        reverse("meetings:agenda_delete", args=[item]),
        reverse("meetings:guest_delete", args=[o["guest"].pk]),
        reverse("meetings:action_done", args=[o["own_action"].pk]),
        reverse("meetings:action_done", args=[o["other_action"].pk]),
        reverse("meetings:attachment_delete", args=[o["file"].pk]),
    ]
    return [("get", url) for url in get] + [("post", url) for url in post]


def action_items_actions(w: dict) -> list[tuple[str, str]]:
    actions = []
    for o in w["meetings"].values():
        for key in ("own_action", "other_action"):
            actions.append(("post", reverse("meetings:action_done", args=[o[key].pk])))
            actions.append(("get", reverse("meetings:action_edit", args=[o[key].pk])))
    return actions


PAGES = {
    "planned meeting": (
        lambda w: w["meetings"][Meeting.Status.PLANNED]["meeting"].get_absolute_url(),
        lambda w: meeting_actions(w["meetings"][Meeting.Status.PLANNED]),
    ),
    "circulated meeting": (
        lambda w: w["meetings"][Meeting.Status.MINUTES_CIRCULATED]["meeting"].get_absolute_url(),
        lambda w: meeting_actions(w["meetings"][Meeting.Status.MINUTES_CIRCULATED]),
    ),
    "meetings list": (
        lambda w: reverse("meetings:list"),
        lambda w: [("get", reverse("meetings:create"))],
    ),
    "decisions register": (lambda w: reverse("meetings:decisions"), lambda w: []),
    "action items": (lambda w: reverse("meetings:actions"), action_items_actions),
    "minutes page": (
        lambda w: reverse(
            "meetings:minutes",
            args=[w["meetings"][Meeting.Status.MINUTES_CIRCULATED]["meeting"].pk],
        ),
        lambda w: [],
    ),
}


def shown_urls(html: str) -> set[str]:
    return {unescape(url) for url in URL_IN_PAGE.findall(html)}


def is_allowed(client, method: str, url: str) -> bool:
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response.status_code not in (403, 404)


def meetings_action_name(url: str) -> str | None:
    path = urlsplit(url).path
    if not path.startswith("/meetings/"):
        return None
    try:
        name = resolve(path).view_name
    except Resolver404:
        return None
    return None if name in NOT_ACTIONS or name == "meetings:attachment" else name


@pytest.mark.parametrize("role", [SEC, COORD, REP, OTHER_REP])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_shows_an_action_exactly_when_the_server_allows_it(client, world, page, role):
    page_url, actions = PAGES[page]
    client.force_login(world["users"][role])
    response = client.get(page_url(world))
    if response.status_code in (403, 404):
        pytest.skip(f"the {page} is not open to the {role}")
    assert response.status_code == 200
    shown = shown_urls(response.content.decode())
    known = actions(world)
    known_urls = {url for _method, url in known}
    # Every action the page offers is one this test knows, so none goes unchecked; per-item
    # "add" links carry ?item= and are the same action as the plain link.
    known_paths = {url.split("?")[0] for url in known_urls}
    unchecked = {
        url for url in shown if meetings_action_name(url) and url.split("?")[0] not in known_paths
    }
    assert not unchecked, f"{page} as {role}: actions without a check: {sorted(unchecked)}"
    shown_paths = {url.split("?")[0] for url in shown} | shown
    mismatches = []
    for method, url in known:
        offered = url in shown_paths
        allowed = is_allowed(client, method, url)
        if offered != allowed:
            mismatches.append(f"{method.upper()} {url}: shown={offered} allowed={allowed}")
    assert not mismatches, f"{page} as {role}:\n" + "\n".join(mismatches)
