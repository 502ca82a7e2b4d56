"""Apps extend the institution report with sections; kinds say who may ask for what."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from portal.celery import app as celery_app
from portal.documents import services, tasks
from portal.documents.forms import DocumentRequestForm
from portal.documents.models import GeneratedDocument
from portal.documents.registry import Section, documents
from tests.documents.conftest import pdf_text

Status = GeneratedDocument.Status


@pytest.fixture
def extra_section(settings, tmp_path, monkeypatch):
    """A section another app would register: 'Action items' with its own template."""
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "action_items.html").write_text(
        "<p>Open action items of {{ object.acronym }}: {{ count }}</p>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    monkeypatch.setattr(
        documents, "_sections", {k: list(v) for k, v in documents._sections.items()}
    )
    documents.add_section(
        "institution",
        Section(
            key="meetings.action_items",
            title="Action items",
            template="pdf/action_items.html",
            context=lambda institution, options: {"count": 3},
            order=50,
        ),
    )


def test_a_registered_section_appears_in_the_institution_report(
    extra_section, institution, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = services.request_document(
            kind=documents.get("institution"),
            obj=institution,
            options={"language": "en"},
            by=coordinator,
        )
    document.refresh_from_db()
    text = pdf_text(default_storage.open(document.file.name).read())
    assert "Open action items of BHAS: 3" in text
    assert text.index("Memberships") < text.index("Action items")  # ordered by `order`


def test_an_optional_section_can_be_left_out_from_the_request_form(
    extra_section, institution, coordinator, client_for, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    page = client.get(reverse("documents:reports")).content.decode()
    assert "Leave out" in page and "Action items" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:request", args=["institution"]),
            {
                "institution-object": institution.pk,
                "institution-language": "en",
                "institution-leave_out": ["meetings.action_items"],
            },
        )
    document = GeneratedDocument.objects.get()
    assert document.options == {"language": "en", "leave_out": ["meetings.action_items"]}
    text = pdf_text(default_storage.open(document.file.name).read())
    assert "Open action items" not in text
    assert "Agency for Statistics of BiH" in text


def test_an_error_in_a_section_leaves_the_document_failed_with_its_reason(
    settings, institution, coordinator, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        documents, "_sections", {k: list(v) for k, v in documents._sections.items()}
    )

    def broken(institution, options):
        raise ValueError("the attendance record is unreadable")

    documents.add_section(
        "institution", Section("broken", "Broken", "pdf/none.html", broken, order=90)
    )
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:request", args=["institution"]),
            {"institution-object": institution.pk, "institution-language": "en"},
        )
    assert response.status_code == 302  # the request itself does not fail
    document = GeneratedDocument.objects.get()
    assert document.status == Status.FAILED
    assert document.failure_reason == "ValueError: the attendance record is unreadable"
    assert "the attendance record is unreadable" in client.get(response.url).content.decode()


def test_the_institution_kind_offers_a_representative_only_their_own_institution(
    representative, institution, other_institution, secretariat
):
    kind = documents.get("institution")
    form = kind.form_class(kind=kind, user=representative, prefix=kind.key)
    assert isinstance(form, DocumentRequestForm)
    assert list(form.fields["object"].queryset) == [institution]
    assert set(kind.queryset(secretariat)) == {institution, other_institution}


def test_the_render_task_is_acknowledged_only_after_it_ran():
    # A worker that dies mid-task leaves the message on the broker to run again.
    assert tasks.render_document.acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
