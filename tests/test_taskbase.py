"""The one task base: tasks are queued after the commit, never on a rollback, never a 500."""

import logging

import pytest
from django.db import transaction

from portal.celery import app as celery_app
from portal.taskbase import AfterCommitTask, queue_after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    from portal.notifications import tasks

    calls = []
    monkeypatch.setattr(tasks.send_pending, "delay", lambda *a, **kw: calls.append((a, kw)))
    return calls


def test_every_task_of_the_portal_has_the_base():
    names = [name for name in celery_app.tasks if name.startswith("portal.")]
    assert "portal.documents.tasks.render_document" in names
    assert "portal.notifications.tasks.send_pending" in names
    for name in names:
        assert isinstance(celery_app.tasks[name], AfterCommitTask), name


def test_a_task_is_queued_only_once_the_transaction_commits(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        queue_after_commit("portal.notifications.tasks.send_pending")
        assert sent == []
    assert len(callbacks) == 1
    assert sent == [((), {})]


def test_a_rolled_back_transaction_queues_nothing(sent, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_after_commit("portal.notifications.tasks.send_pending")
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert sent == []


def test_a_broker_that_is_down_is_logged_not_raised(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from portal.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to redis:6379")

    monkeypatch.setattr(tasks.send_pending, "delay", broker_down)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        queue_after_commit("portal.notifications.tasks.send_pending")
    assert "portal.notifications.tasks.send_pending" in caplog.text


def test_an_unknown_task_name_is_an_error_at_once():
    with pytest.raises(LookupError, match="ready"):
        queue_after_commit("portal.nowhere.tasks.nothing")
