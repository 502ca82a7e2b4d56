import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal import health
from portal.documents.models import GeneratedDocument
from portal.models import WorkerHeartbeat
from portal.notifications.models import Notification
from tests.documents.factories import document_for
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "not configured",
        "worker": "in-process",
        "mail": "ok",
        "mail_oldest_pending_age_seconds": None,
        "documents": "ok",
        "documents_oldest_queued_age_seconds": None,
        "status": "ok",
    }


def test_healthz_reports_an_unreachable_broker(client, settings):
    from portal.celery import app

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    original = app.conf.broker_url
    app.conf.broker_url = settings.REDIS_URL
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert "broker: error" in response.json()["reasons"]


NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def worker_expected(settings):
    """Settings as with REDIS_URL: tasks go to a worker, so /healthz expects its heartbeat.

    The broker itself stays Celery's in-memory one, which the broker check reaches.
    """
    settings.REDIS_URL = "redis://127.0.0.1:6379/12"
    settings.HEALTH_WORKER_HEARTBEAT_MAX_SECONDS = 180
    settings.HEALTH_MAIL_MAX_AGE_MINUTES = 30
    settings.HEALTH_DOCUMENT_MAX_AGE_MINUTES = 30


def test_a_fresh_worker_heartbeat_is_healthy(client, worker_expected):
    with time_machine.travel(NOW, tick=False):
        health.record_heartbeat(worker="celery@web1")
    with time_machine.travel(NOW + datetime.timedelta(seconds=60), tick=False):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker"] == "ok"
    assert body["worker_heartbeat_age_seconds"] == 60
    assert body["worker_last_heartbeat"] == NOW.isoformat()
    assert "reasons" not in body


def test_a_stopped_worker_turns_healthz_503_past_the_threshold(client, worker_expected):
    with time_machine.travel(NOW, tick=False):
        health.record_heartbeat(worker="celery@web1")
    with time_machine.travel(NOW + datetime.timedelta(seconds=180), tick=False):
        assert client.get(reverse("healthz")).status_code == 200  # at the limit: still fine
    with time_machine.travel(NOW + datetime.timedelta(seconds=181), tick=False):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["worker"] == "stale"
    assert body["worker_heartbeat_age_seconds"] == 181
    assert body["reasons"] == ["worker: last heartbeat 181 s ago (limit 180 s)"]


def test_the_freshest_of_several_workers_counts(client, worker_expected):
    with time_machine.travel(NOW, tick=False):
        health.record_heartbeat(worker="celery@old")
    with time_machine.travel(NOW + datetime.timedelta(seconds=200), tick=False):
        health.record_heartbeat(worker="celery@new")
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["worker_heartbeat_age_seconds"] == 0


def test_no_heartbeat_at_all_is_503_when_a_worker_is_expected(client, worker_expected):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["worker"] == "no heartbeat"
    assert response.json()["reasons"] == ["worker: no heartbeat recorded"]


def test_a_heartbeat_keeps_the_start_and_moves_last_seen(worker_expected):
    with time_machine.travel(NOW, tick=False):
        health.record_heartbeat(worker="celery@web1", started_at=NOW)
    with time_machine.travel(NOW + datetime.timedelta(seconds=30), tick=False):
        health.record_heartbeat(worker="celery@web1")
    (row,) = WorkerHeartbeat.objects.all()
    assert row.started_at == NOW
    assert row.last_seen == NOW + datetime.timedelta(seconds=30)


def test_in_process_tasks_need_no_worker_heartbeat(client, settings):
    settings.REDIS_URL = ""
    WorkerHeartbeat.objects.create(
        worker="celery@long-gone", started_at=NOW, last_seen=NOW - datetime.timedelta(days=1)
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["worker"] == "in-process"


def test_an_email_waiting_past_the_threshold_turns_healthz_503(client, worker_expected):
    health.record_heartbeat(worker="celery@web1")
    due = timezone.now() - datetime.timedelta(minutes=31)
    NotificationFactory(status=Notification.Status.PENDING, next_attempt_at=due)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["mail"] == "stale"
    assert body["mail_oldest_pending_age_seconds"] >= 31 * 60
    assert body["reasons"] == ["mail: an e-mail has waited 31 min (limit 30 min)"]


def test_a_recent_or_retrying_email_is_healthy_and_sent_ones_do_not_count(client, worker_expected):
    health.record_heartbeat(worker="celery@web1")
    now = timezone.now()
    NotificationFactory(status=Notification.Status.PENDING, next_attempt_at=now)
    # waiting out its back-off after a temporary SMTP error: not due yet
    NotificationFactory(
        status=Notification.Status.PENDING,
        created_at=now - datetime.timedelta(hours=2),
        next_attempt_at=now + datetime.timedelta(minutes=30),
    )
    for status in (Notification.Status.SENT, Notification.Status.FAILED):
        NotificationFactory(status=status, next_attempt_at=now - datetime.timedelta(days=3))
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["mail"] == "ok"
    assert response.json()["mail_oldest_pending_age_seconds"] < 60


def test_an_email_stuck_sending_counts_as_waiting(client, worker_expected):
    health.record_heartbeat(worker="celery@web1")
    NotificationFactory(
        status=Notification.Status.SENDING,
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=45),
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["mail"] == "stale"


@pytest.mark.parametrize(
    "status", [GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RENDERING]
)
def test_a_document_waiting_past_the_threshold_turns_healthz_503(
    client, worker_expected, institution, status
):
    health.record_heartbeat(worker="celery@web1")
    document_for(
        institution, status=status, queued_at=timezone.now() - datetime.timedelta(minutes=40)
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["documents"] == "stale"
    assert body["documents_oldest_queued_age_seconds"] >= 40 * 60
    assert body["reasons"] == ["documents: a document has waited 40 min (limit 30 min)"]


def test_a_fresh_queued_document_and_old_finished_ones_are_healthy(
    client, worker_expected, institution
):
    health.record_heartbeat(worker="celery@web1")
    long_ago = timezone.now() - datetime.timedelta(days=2)
    document_for(institution, status=GeneratedDocument.Status.READY, queued_at=long_ago)
    document_for(institution, status=GeneratedDocument.Status.FAILED, queued_at=long_ago)
    document_for(institution, status=GeneratedDocument.Status.QUEUED)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["documents"] == "ok"


def test_every_problem_is_listed(client, worker_expected, institution):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    NotificationFactory(next_attempt_at=long_ago)
    document_for(institution, status=GeneratedDocument.Status.QUEUED, queued_at=long_ago)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    reasons = response.json()["reasons"]
    assert [reason.split(":")[0] for reason in reasons] == ["worker", "mail", "documents"]
