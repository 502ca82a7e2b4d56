"""Superseded documents are pruned after the retention, files included; the clock is pinned."""

from __future__ import annotations

import datetime
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.storage import default_storage

from portal.documents import services, tasks
from portal.documents.models import GeneratedDocument
from tests.documents.factories import document_for

SARAJEVO = ZoneInfo("Europe/Sarajevo")
NOW = datetime.datetime(2026, 4, 1, 3, 30, tzinfo=SARAJEVO)


def at(year, month, day):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=SARAJEVO)


def rendered(obj, on, *, status="ready", language="en", **kwargs):
    """A document about ``obj`` requested (and, when ready, finished) at ``on``."""
    with time_machine.travel(on, tick=False):
        return document_for(
            obj,
            status=status,
            language=language,
            fingerprint=hashlib.sha256(f"{on}{language}{status}".encode()).hexdigest(),
            finished_at=on if status == "ready" else None,
            **kwargs,
        )


def exists(document) -> bool:
    return GeneratedDocument.objects.filter(pk=document.pk).exists()


@pytest.fixture(autouse=True)
def retention(settings):
    settings.DOCUMENT_RETENTION_DAYS = 30


@pytest.fixture
def prune(django_capture_on_commit_callbacks):
    """Prune at ``when`` (NOW by default), running the after-commit file deletions."""

    def run(when=NOW):
        with (
            time_machine.travel(when, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return services.prune_superseded_documents()

    return run


def test_an_old_superseded_document_and_its_file_go_the_newest_and_a_recent_one_stay(
    institution, prune
):
    oldest = rendered(institution, at(2026, 1, 5))
    replaced_recently = rendered(institution, at(2026, 2, 1))  # replaced oldest 59 days ago
    newest = rendered(institution, at(2026, 3, 20))  # replaced the one before 12 days ago
    assert default_storage.exists(oldest.file.name)

    assert prune() == 1

    assert not exists(oldest)
    assert not default_storage.exists(oldest.file.name)
    assert exists(replaced_recently) and default_storage.exists(replaced_recently.file.name)
    assert exists(newest) and default_storage.exists(newest.file.name)


def test_the_newest_ready_document_stays_however_old(institution, prune):
    only = rendered(institution, at(2020, 1, 1))

    assert prune() == 0

    assert exists(only) and default_storage.exists(only.file.name)


def test_queued_rendering_and_failed_documents_are_never_pruned_and_never_supersede(
    institution, prune
):
    ready = rendered(institution, at(2026, 1, 5))
    queued = rendered(institution, at(2026, 1, 10), status="queued")
    rendering = rendered(institution, at(2026, 1, 11), status="rendering")
    failed = rendered(institution, at(2026, 1, 12), status="failed")
    old_queued = rendered(institution, at(2025, 12, 1), status="queued")

    assert prune() == 0

    for document in (ready, queued, rendering, failed, old_queued):
        assert exists(document)


def test_another_language_or_another_object_is_another_request(
    institution, other_institution, prune
):
    english = rendered(institution, at(2026, 1, 5), language="en")
    rendered(institution, at(2026, 2, 1), language="bs")
    other = rendered(other_institution, at(2026, 1, 6))
    rendered(institution, at(2026, 2, 2), kind="other-kind")

    assert prune() == 0

    assert exists(english) and exists(other)


def test_pruning_again_does_nothing_and_a_file_already_gone_is_fine(institution, prune):
    old = rendered(institution, at(2026, 1, 5))
    rendered(institution, at(2026, 2, 1))
    default_storage.delete(old.file.name)  # say, an earlier run died after removing it

    assert prune() == 1
    assert not exists(old)
    assert prune() == 0


def test_the_document_stays_until_the_retention_after_it_was_replaced(institution, prune):
    old = rendered(institution, at(2026, 1, 5))
    rendered(institution, at(2026, 3, 3))  # replaced 29 days before NOW

    assert prune() == 0
    assert exists(old)

    assert prune(NOW + datetime.timedelta(days=2)) == 1
    assert not exists(old)


def test_beat_runs_the_pruning_task_daily(institution, django_capture_on_commit_callbacks):
    entry = settings.CELERY_BEAT_SCHEDULE["documents-prune-superseded"]
    assert entry["task"] == tasks.prune_superseded.name
    old = rendered(institution, at(2026, 1, 5))
    rendered(institution, at(2026, 2, 1))

    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.prune_superseded.delay()

    assert not exists(old)
    assert not default_storage.exists(old.file.name)
