"""The seventh meeting's Bosnian minutes, requested over HTTP and rendered by a real worker.

Runs where CI provides PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); skips elsewhere.
"""

from __future__ import annotations

import re
import time

import pytest

from institutions.models import Institution
from meetings.demo import MEMBERS
from meetings.models import ActionItem, Decision, Meeting
from portal.documents.models import GeneratedDocument
from tests.documents.conftest import pdf_text
from tests.documents.test_worker import READY_TIMEOUT, Browser, demo_data  # noqa: F401

pytestmark = pytest.mark.services


def test_a_real_worker_renders_the_seventh_meetings_bosnian_minutes_requested_over_http(
    celery_worker_process,
    demo_data,  # noqa: F811
    live_server,
):
    seventh = Meeting.objects.get(number=7, title="Seventh meeting of the working group")
    browser = Browser(live_server.url)
    login = browser.post_form(
        "/accounts/login/",
        {"username": "coordinator", "password": "demo"},
        token_from="/accounts/login/",
    )
    assert login.url.rstrip("/") == live_server.url, "the coordinator could not log in"

    page = seventh.get_absolute_url()
    response = browser.post_form(
        "/reports/request/minutes/",
        {
            "minutes-object": seventh.pk,
            "minutes-language": "bs",
            "minutes-include_internal": "on",
            "minutes-include_attendance": "on",
            "minutes-include_action_items": "on",
            "next": page,
        },
        token_from=page,
    )
    assert response.status == 200 and response.url.endswith(page)
    document = GeneratedDocument.objects.get(kind="minutes", object_id=seventh.pk)
    assert document.options["language"] == "bs"

    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        document.refresh_from_db()
        if document.status in (GeneratedDocument.Status.READY, GeneratedDocument.Status.FAILED):
            break
        if celery_worker_process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"not ready ({document.status}); worker log:\n{celery_worker_process.log()}"
            )
        time.sleep(0.25)
    assert document.status == GeneratedDocument.Status.READY, document.failure_reason
    assert re.search(
        r"Task portal\.documents\.tasks\.render_document\[[^]]+\] succeeded",
        celery_worker_process.log(),
    )

    # The meeting page lists the ready document with its download link.
    assert f"/reports/{document.pk}/download/" in browser.get(page).read().decode()
    download = browser.get(f"/reports/{document.pk}/download/")
    assert download.headers["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(download.read()).split())

    assert "Zapisnik sa sedmog sastanka" in text
    assert "Agencija za predškolsko, osnovno i srednje obrazovanje BiH" in text
    assert "Agencija za državnu službu BiH" in text
    members = Institution.objects.filter(acronym__in=MEMBERS)
    assert members.count() == 7
    for institution in members:
        assert institution.name_bs in text, institution.acronym
    decisions = Decision.objects.filter(meeting=seventh)
    assert decisions.count() >= 3
    for decision in decisions:
        assert f"{decision.register_number}: {' '.join(decision.text.split())}" in text
    actions = ActionItem.objects.filter(meeting=seventh)
    assert actions.count() >= 3
    for action in actions:
        assert action.register_number in text
        assert " ".join(action.description.split()) in text
