"""Documents recover by themselves: from a worker that died mid-render, and a broker that was down.

The sweep (beat, every minute; the in-process schedule without a broker) queues again a
document whose render claim is older than DOCUMENT_RENDER_TIME_LIMIT, fails it with a
reason once its attempts are used up, and sends the render task of a document whose
message never reached the broker.
"""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from portal.documents import rendering, services, tasks
from portal.documents.models import GeneratedDocument
from portal.schedule import InProcessSchedule

Status = GeneratedDocument.Status
REPORTS = reverse("documents:reports")
T0 = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Sarajevo"))


@pytest.fixture
def broker(monkeypatch):
    """Turn the broker off (publishing raises, as with Redis unreachable) and on again."""
    real = tasks.render_document.delay

    class Broker:
        up = True

    def delay(*args, **kwargs):
        if not Broker.up:
            raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks.render_document, "delay", delay)
    return Broker


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def request(client, institution, capture):
    with capture(execute=True):
        return client.post(
            reverse("documents:request", args=["institution"]),
            {"institution-object": institution.pk, "institution-language": "en"},
        )


def left_rendering_by_a_dead_worker(client, institution, capture, broker, *, attempts=1):
    """A requested document that a worker claimed at T0 and then died with (SIGKILL)."""
    broker.up = False  # the message is what the dead worker took; nothing else renders it
    request(client, institution, capture)
    broker.up = True
    document = GeneratedDocument.objects.get()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RENDERING, started_at=T0, sent_at=T0, attempts=attempts
    )
    return document


def test_a_document_whose_worker_died_mid_render_is_queued_again_and_rendered_once(
    client_for,
    coordinator,
    institution,
    settings,
    broker,
    renders,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    with time_machine.travel(T0, tick=False):
        document = left_rendering_by_a_dead_worker(
            client, institution, django_capture_on_commit_callbacks, broker
        )
    limit = datetime.timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT)

    with time_machine.travel(T0 + limit - datetime.timedelta(seconds=5), tick=False):
        # Within the render limit the worker may still be alive: nothing is taken from it.
        assert services.sweep_documents() == {"requeued": 0, "failed": 0, "sent": 0}
        page = client.get(REPORTS).content.decode()
        assert "Attempt 1 of 3, started" in page
        assert reverse("documents:retry", args=[document.pk]) not in page

    with time_machine.travel(T0 + limit + datetime.timedelta(seconds=5), tick=False):
        page = client.get(REPORTS).content.decode()
        assert "The worker stopped answering" in page
        assert reverse("documents:retry", args=[document.pk]) in page
        assert services.sweep_documents() == {"requeued": 1, "failed": 0, "sent": 1}
        assert services.sweep_documents() == {"requeued": 0, "failed": 0, "sent": 0}

    document.refresh_from_db()
    assert (document.status, document.attempts, document.failure_reason) == (Status.READY, 2, "")
    assert len(renders) == 1
    assert [f.relative_to(settings.MEDIA_ROOT).as_posix() for f in stored_files(settings)] == [
        document.file.name
    ]


def half_file(settings, name: str) -> None:
    """What a worker killed while storing the PDF leaves: the first bytes of it."""
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7\n%half")


def test_a_worker_killed_while_writing_the_file_leaves_no_half_file(
    client_for,
    coordinator,
    institution,
    settings,
    broker,
    renders,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    with time_machine.travel(T0, tick=False):
        document = left_rendering_by_a_dead_worker(
            client, institution, django_capture_on_commit_callbacks, broker
        )
    half = "documents/institution/2026/05/dead/report.pdf"
    half_file(settings, half)
    GeneratedDocument.objects.filter(pk=document.pk).update(pending_file=half)

    limit = datetime.timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT)
    with time_machine.travel(T0 + limit + datetime.timedelta(seconds=5), tick=False):
        assert services.sweep_documents() == {"requeued": 1, "failed": 0, "sent": 1}

    document.refresh_from_db()
    assert (document.status, document.pending_file) == (Status.READY, "")
    assert [f.relative_to(settings.MEDIA_ROOT).as_posix() for f in stored_files(settings)] == [
        document.file.name
    ]


def test_a_document_given_up_on_keeps_no_half_file(
    client_for,
    coordinator,
    institution,
    settings,
    broker,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    with time_machine.travel(T0, tick=False):
        document = left_rendering_by_a_dead_worker(
            client, institution, django_capture_on_commit_callbacks, broker, attempts=3
        )
    half = "documents/institution/2026/05/dead/report.pdf"
    half_file(settings, half)
    GeneratedDocument.objects.filter(pk=document.pk).update(pending_file=half)

    limit = datetime.timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT)
    with time_machine.travel(T0 + limit + datetime.timedelta(seconds=5), tick=False):
        assert services.sweep_documents() == {"requeued": 0, "failed": 1, "sent": 0}

    document.refresh_from_db()
    assert (document.status, document.pending_file) == (Status.FAILED, "")
    assert stored_files(settings) == []


def test_recovery_is_within_the_render_limit_and_a_minute_not_an_hour(settings):
    # The documented bound: a dead worker's document is queued again at most
    # DOCUMENT_RENDER_TIME_LIMIT plus one sweep interval (a minute) after it was claimed.
    assert settings.DOCUMENT_RENDER_TIME_LIMIT <= 5 * 60
    assert (
        settings.CELERY_BEAT_SCHEDULE["documents-sweep"]["task"] == "portal.documents.tasks.sweep"
    )
    entries = InProcessSchedule(now=T0).entries  # beat's schedule, as `make run` runs it
    sweep = next(entry for entry in entries if entry.task == "portal.documents.tasks.sweep")
    _due, next_seconds = sweep.schedule.is_due(sweep.last_run_at)
    assert next_seconds <= 60
    task = tasks.render_document
    assert task.acks_late and task.reject_on_worker_lost
    assert task.time_limit == settings.DOCUMENT_RENDER_TIME_LIMIT
    assert 0 < task.soft_time_limit < task.time_limit
    # The broker hands an unacknowledged message to another worker well within the hour.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.time_limit < visibility <= 15 * 60


def test_a_worker_that_keeps_dying_fails_the_document_with_a_reason_and_retry_renders_it(
    client_for,
    coordinator,
    institution,
    settings,
    broker,
    renders,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    with time_machine.travel(T0, tick=False):
        document = left_rendering_by_a_dead_worker(
            client, institution, django_capture_on_commit_callbacks, broker, attempts=3
        )
    later = T0 + datetime.timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT + 30)
    with time_machine.travel(later, tick=False):
        assert services.sweep_documents() == {"requeued": 0, "failed": 1, "sent": 0}
        document.refresh_from_db()
        assert document.status == Status.FAILED
        page = client.get(REPORTS).content.decode()
        assert "The worker stopped while rendering this document, 3 times" in page
        assert "Retry to try once more." in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("documents:retry", args=[document.pk]))
        assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.attempts, document.max_attempts) == (Status.READY, 4, 6)
    assert len(renders) == 1


def test_retry_works_on_a_rendering_stuck_past_the_render_limit(
    client_for, coordinator, institution, settings, broker, django_capture_on_commit_callbacks
):
    # Before: "already being prepared" and "nothing to retry" for 15 minutes.
    client = client_for(coordinator)
    with time_machine.travel(T0, tick=False):
        document = left_rendering_by_a_dead_worker(
            client, institution, django_capture_on_commit_callbacks, broker
        )
    five_minutes_later = time_machine.travel(T0 + datetime.timedelta(minutes=5), tick=False)
    with five_minutes_later, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", args=[document.pk]), follow=True)
    assert "is queued again" in response.content.decode()
    document.refresh_from_db()
    assert (document.status, document.attempts) == (Status.READY, 2)


def test_a_request_made_while_the_broker_is_down_is_kept_and_sent_once_when_it_returns(
    client_for, coordinator, institution, broker, renders, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    broker.up = False
    response = request(client, institution, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.status, document.sent_at) == (Status.QUEUED, None)
    page = client.get(REPORTS).content.decode()
    assert "Waiting for the task queue, which cannot be reached right now" in page

    # Asking again finds the kept request and says why it waits.
    again = request(client, institution, django_capture_on_commit_callbacks)
    assert "is waiting for the task queue" in client.get(again.url).content.decode()
    assert GeneratedDocument.objects.count() == 1

    # Beat runs the sweep while the broker is still down: the request stays kept.
    assert services.sweep_documents()["sent"] == 0
    document.refresh_from_db()
    assert (document.status, document.sent_at) == (Status.QUEUED, None)

    broker.up = True
    assert services.sweep_documents()["sent"] == 1
    assert services.sweep_documents()["sent"] == 0
    assert services._send(document.pk, previous=None) is False  # already sent: no second message
    document.refresh_from_db()
    assert (document.status, document.attempts) == (Status.READY, 1)
    assert len(renders) == 1
    page = client.get(REPORTS).content.decode()
    assert reverse("documents:download", args=[document.pk]) in page


def test_a_queued_document_says_since_when_it_waits_for_a_worker(
    client_for, coordinator, institution, monkeypatch, django_capture_on_commit_callbacks
):
    # A broker that takes the message but no worker that picks it up.
    monkeypatch.setattr(tasks.render_document, "delay", lambda *args, **kwargs: None)
    client = client_for(coordinator)
    with time_machine.travel(T0, tick=False):
        request(client, institution, django_capture_on_commit_callbacks)
        page = client.get(REPORTS).content.decode()
    document = GeneratedDocument.objects.get()
    assert document.sent_at == T0
    assert "Waiting for a worker since" in page
    assert "Waiting for the task queue" not in page


def test_a_render_past_the_soft_time_limit_fails_with_a_reason_a_person_can_read(
    client_for, coordinator, institution, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from celery.exceptions import SoftTimeLimitExceeded

    def too_slow(html, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(rendering, "html_to_pdf", too_slow)
    client = client_for(coordinator)
    request(client, institution, django_capture_on_commit_callbacks)
    document = GeneratedDocument.objects.get()
    assert document.status == Status.FAILED
    reason = (
        f"Rendering took longer than the limit of {settings.DOCUMENT_RENDER_TIME_LIMIT} seconds."
    )
    assert document.failure_reason == reason
    page = client.get(REPORTS).content.decode()
    assert reason in page
    assert reverse("documents:retry", args=[document.pk]) in page
