"""Logs operators can search: with LOG_FORMAT=json, one JSON object per line."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import path, reverse

from portal import logs
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def json_log():
    """The production logging config, its console stream captured; lines parsed as JSON."""
    logging.config.dictConfig(logs.logging_config(log_format="json", level="INFO"))
    stream = io.StringIO()
    (handler,) = logging.getLogger().handlers
    handler.setStream(stream)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    try:
        yield lines
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


def test_a_request_logs_one_json_line_with_who_what_and_how_long(client, json_log, db):
    user = UserFactory(username="logged")
    client.force_login(user)
    response = client.get(reverse("account"), HTTP_USER_AGENT="pytest")
    assert response.status_code == 200

    lines = json_log()
    request_lines = [line for line in lines if line["logger"].startswith("django_structlog")]
    assert len(request_lines) == 1, lines
    (line,) = request_lines
    assert line["message"] == "request_finished"
    assert line["level"] == "info"
    assert line["time"].endswith("Z")
    assert line["path"] == "/account/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
    assert line["user_id"] == user.pk
    assert len(line["request_id"]) == 36
    assert "code" not in line  # "status" says it once


def test_a_not_found_is_one_warning_line_with_its_status(client, json_log, db):
    client.get("/no-such-page/")
    lines = json_log()
    assert [(line["message"], line["level"], line["status"]) for line in lines] == [
        ("request_finished", "warning", 404)
    ]
    assert lines[0]["user_id"] is None


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


def test_a_server_error_is_one_error_line_with_the_traceback(client, json_log, settings, db):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500

    (line,) = json_log()
    assert line["message"] == "request_failed"
    assert line["level"] == "error"
    assert (line["path"], line["status"]) == ("/boom/", 500)
    assert "duration_ms" in line and "request_id" in line
    assert "RuntimeError: boom" in line["exception"]


def test_a_task_logs_a_json_line_with_its_name_and_id(json_log, db):
    from portal.notifications.tasks import send_pending

    result = send_pending.delay()

    lines = json_log()
    succeeded = [line for line in lines if line["message"] == "task_succeeded"]
    assert len(succeeded) == 1, lines
    (line,) = succeeded
    assert line["task"] == "portal.notifications.tasks.send_pending"
    assert line["task_id"] == result.id
    assert line["level"] == "info"
    assert "duration_ms" in line and "time" in line and "logger" in line


def test_a_task_run_during_a_request_keeps_the_request_id_on_both(client, json_log, db):
    from portal.notifications.tasks import send_pending

    def view_that_queues(request):
        send_pending.delay()
        logging.getLogger("portal.test").info("after the task")

    from django.http import HttpResponse
    from django.test import RequestFactory
    from django_structlog.middlewares import RequestMiddleware

    def get_response(request):
        view_that_queues(request)
        return HttpResponse("ok")

    RequestMiddleware(get_response)(RequestFactory().get("/queue/"))

    lines = json_log()
    by_message = {line["message"]: line for line in lines}
    request_id = by_message["request_finished"]["request_id"]
    assert by_message["task_succeeded"]["request_id"] == request_id
    assert by_message["after the task"]["request_id"] == request_id
    assert "task_id" not in by_message["after the task"]
    assert "task_id" not in by_message["request_finished"]


def _run(code: str, extra_env: dict) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "LOG_FORMAT")
        and not k.startswith("SENTRY_")
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 60, "DJANGO_SETTINGS_MODULE": "portal.settings"}
LOG_A_LINE = (
    "import django, logging; django.setup(); "
    "logging.getLogger('portal.check').warning('disk %s full', 'var')"
)


def test_production_logs_json_by_default():
    result = _run(LOG_A_LINE, PRODUCTION)
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(text) for text in result.stderr.splitlines()]
    assert line["message"] == "disk var full"
    assert line["level"] == "warning"
    assert line["logger"] == "portal.check"
    assert "time" in line


def test_development_logs_text_and_log_format_overrides():
    result = _run(LOG_A_LINE, {"DJANGO_SETTINGS_MODULE": "portal.settings"})
    assert result.returncode == 0, result.stderr
    assert "disk var full" in result.stderr
    assert not result.stderr.lstrip().startswith("{")

    result = _run(LOG_A_LINE, {"DJANGO_SETTINGS_MODULE": "portal.settings", "LOG_FORMAT": "json"})
    assert json.loads(result.stderr)["message"] == "disk var full"


def test_a_bad_log_format_names_the_variable():
    result = _run(LOG_A_LINE, {"DJANGO_SETTINGS_MODULE": "portal.settings", "LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr
