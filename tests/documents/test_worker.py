"""End to end with a real Celery worker process on Redis (runs where CI provides both)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import time
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command

from institutions.models import Institution
from portal.documents.models import GeneratedDocument
from tests.documents.conftest import pdf_text

pytestmark = pytest.mark.services
READY_TIMEOUT = 90


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, form posts over real HTTP."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str):
        return self.opener.open(self.base_url + path, timeout=30)

    def csrf_token(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post_form(self, path: str, data: dict, *, token_from: str):
        token = self.csrf_token(self.get(token_from).read().decode())
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        return self.opener.open(self.base_url + path, data=body, timeout=30)


@pytest.fixture
def demo_data(settings):
    settings.DEBUG = True  # the demo logins are only made in development
    call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False


def test_a_real_worker_renders_the_bosnian_institution_report_requested_over_http(
    celery_worker_process, demo_data, live_server
):
    bhas = Institution.objects.get(acronym="BHAS")
    browser = Browser(live_server.url)
    login = browser.post_form(
        "/accounts/login/",
        {"username": "coordinator", "password": "demo"},
        token_from="/accounts/login/",
    )
    assert login.url.rstrip("/") == live_server.url, "the coordinator could not log in"

    response = browser.post_form(
        "/reports/request/institution/",
        {"institution-object": bhas.pk, "institution-language": "bs"},
        token_from="/reports/",
    )
    assert response.status == 200 and "/reports/" in response.url
    document = GeneratedDocument.objects.get(kind="institution", object_id=bhas.pk)

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
    assert document.attempts == 1
    log = celery_worker_process.log()
    assert re.search(r"Task portal\.documents\.tasks\.render_document\[[^]]+\] succeeded", log)

    listing = browser.get("/reports/list/").read().decode()
    assert f"/reports/{document.pk}/download/" in listing
    download = browser.get(f"/reports/{document.pk}/download/")
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    text = pdf_text(download.read())
    assert "Agencija za statistiku BiH" in text
    assert "Amra Čaušević" in text
