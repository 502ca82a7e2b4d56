"""The rendering service: one render per unchanged request, claims, failures, retries."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from institutions.models import Person
from portal.documents import rendering, services, tasks
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from tests.documents.conftest import pdf_fonts, pdf_text
from tests.factories import PersonFactory

Status = GeneratedDocument.Status


@pytest.fixture
def kind():
    return documents.get("institution")


@pytest.fixture
def amra(institution):
    return PersonFactory(institution=institution, name="Amra Čaušević", position="PR")


def request(kind, obj, user, capture, **options):
    with capture(execute=True):
        return services.request_document(
            kind=kind, obj=obj, options={"language": "bs", **options}, by=user
        )


def test_same_request_twice_renders_once(
    kind, institution, amra, coordinator, renders, django_capture_on_commit_callbacks
):
    first, created = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    assert created
    first.refresh_from_db()
    assert first.status == Status.READY
    second, created_again = request(
        kind, institution, coordinator, django_capture_on_commit_callbacks
    )
    assert not created_again
    assert second.pk == first.pk
    assert len(renders) == 1
    assert GeneratedDocument.objects.count() == 1


def test_changed_data_renders_again(
    kind, institution, amra, coordinator, renders, django_capture_on_commit_callbacks
):
    first, _ = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    Person.objects.filter(pk=amra.pk).update(position="Head of public relations")
    second, created = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    assert created
    assert second.pk != first.pk
    assert len(renders) == 2
    second.refresh_from_db()
    assert "Head of public relations" in pdf_text(default_storage.open(second.file.name).read())


def test_another_language_is_another_document(
    kind, institution, amra, coordinator, renders, django_capture_on_commit_callbacks
):
    bosnian, _ = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    english, created = request(
        kind, institution, coordinator, django_capture_on_commit_callbacks, language="en"
    )
    assert created and english.pk != bosnian.pk
    assert len(renders) == 2


def test_pdf_shows_bosnian_names_with_diacritics_in_embedded_dejavu_fonts(
    kind, institution, amra, coordinator, django_capture_on_commit_callbacks
):
    document, _ = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    data = default_storage.open(document.file.name).read()
    text = pdf_text(data)
    assert "Izvještaj o instituciji: Agencija za statistiku BiH" in text
    assert "Agency for Statistics of BiH" in text  # both names are listed
    assert "Amra Čaušević" in text
    # The group's name: in the memberships table and in the page header.
    assert text.count("Radna grupa WG-T") == 2
    assert "Stranica 1 od 1" in text  # page numbers in the footer, in Bosnian
    assert any("DejaVu-Sans" in font for font in pdf_fonts(data))
    assert document.checksum and len(document.checksum) == 64
    assert document.size == len(data)
    assert document.filename == "institution-report-bhas-bs.pdf"


def test_rerun_of_the_task_on_a_ready_document_does_nothing(
    kind, institution, coordinator, renders, django_capture_on_commit_callbacks
):
    document, _ = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    tasks.render_document(document.pk)
    tasks.render_document.delay(document.pk)
    after = GeneratedDocument.objects.get(pk=document.pk)
    assert len(renders) == 1
    assert (after.status, after.file.name, after.attempts) == (Status.READY, document.file.name, 1)


def test_a_live_rendering_is_not_claimed_twice_but_a_stale_one_is(
    kind, institution, coordinator, renders
):
    document = GeneratedDocument.objects.create(
        kind="institution",
        content_type_id=services.ContentType.objects.get_for_model(institution).pk,
        object_id=institution.pk,
        options={"language": "en"},
        title="x",
        language="en",
        fingerprint="f" * 64,
        status=Status.RENDERING,
        started_at=timezone.now() - datetime.timedelta(minutes=1),
        attempts=1,
    )
    assert services.render_document(document_id=document.pk) is False
    assert renders == []
    GeneratedDocument.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    assert services.render_document(document_id=document.pk) is True
    document.refresh_from_db()
    assert (document.status, document.attempts) == (Status.READY, 2)


def test_render_error_leaves_failed_with_reason_and_retry_renders_it(
    kind,
    institution,
    coordinator,
    client_for,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    real = rendering.html_to_pdf

    def broken(html, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(rendering, "html_to_pdf", broken)
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:request", args=["institution"]),
            {"institution-object": institution.pk, "institution-language": "en"},
        )
    document = GeneratedDocument.objects.get()
    assert document.status == Status.FAILED
    assert not document.file
    page = client.get(reverse("documents:reports")).content.decode()
    assert "Failed" in page
    assert "RuntimeError: the printer caught fire" in page
    assert reverse("documents:retry", args=[document.pk]) in page

    monkeypatch.setattr(rendering, "html_to_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.failure_reason, document.attempts) == (Status.READY, "", 2)
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200


def test_a_file_that_cannot_be_stored_never_becomes_ready(
    kind, institution, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def full_disk(name, content, *args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)
    document, _ = request(kind, institution, coordinator, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert "No space left on device" in document.failure_reason
    assert not document.file and not document.checksum


def test_a_request_for_a_stale_document_queues_it_again(
    kind, institution, coordinator, renders, django_capture_on_commit_callbacks
):
    # The broker lost the message: the row stayed queued long past STALE_AFTER.
    with django_capture_on_commit_callbacks(execute=False):
        document, _ = services.request_document(
            kind=kind, obj=institution, options={"language": "en"}, by=coordinator
        )
    GeneratedDocument.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    again, created = request(
        kind, institution, coordinator, django_capture_on_commit_callbacks, language="en"
    )
    assert not created and again.pk == document.pk
    again.refresh_from_db()
    assert again.status == Status.READY
    assert len(renders) == 1


def test_a_broker_that_is_down_leaves_the_document_queued_not_an_error_page(
    institution, coordinator, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Error 111 connecting to redis:6379")

    monkeypatch.setattr(tasks.render_document, "delay", broker_down)
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:request", args=["institution"]),
            {"institution-object": institution.pk, "institution-language": "en"},
        )
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == Status.QUEUED  # stale after STALE_AFTER: retried on request


def test_an_old_failed_document_queued_again_is_not_taken_for_stale(institution, coordinator):
    from tests.documents.factories import document_for

    long_ago = timezone.now() - datetime.timedelta(days=3)
    document = document_for(institution, status=Status.FAILED, failure_reason="boom")
    GeneratedDocument.objects.filter(pk=document.pk).update(
        requested_at=long_ago, queued_at=long_ago
    )
    assert services.retry_document(document=document) is True
    document.refresh_from_db()
    assert document.status == Status.QUEUED
    assert not services.is_stale(document)
    assert services.retry_document(document=document) is False  # nothing to retry now
