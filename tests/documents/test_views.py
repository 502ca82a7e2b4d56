"""The Reports page, requests, downloads and who may see what."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.documents.models import GeneratedDocument
from tests.documents.conftest import pdf_text
from tests.documents.factories import document_for
from tests.factories import PersonFactory, member_institution

Status = GeneratedDocument.Status
REPORTS = reverse("documents:reports")
REQUEST = reverse("documents:request", args=["institution"])


def ask(client, institution, capture, **extra):
    data = {"institution-object": institution.pk, "institution-language": "bs", **extra}
    with capture(execute=True):
        return client.post(REQUEST, data)


def test_coordinator_requests_the_institution_report_and_downloads_the_pdf(
    client_for, coordinator, institution, django_capture_on_commit_callbacks
):
    PersonFactory(institution=institution, name="Amra Čaušević")
    client = client_for(coordinator)
    response = ask(client, institution, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = client.get(response.url)
    assert "is queued" in page.content.decode()
    document = GeneratedDocument.objects.get()
    assert document.status == Status.READY
    assert reverse("documents:download", args=[document.pk]) in page.content.decode()

    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="institution-report-bhas-bs.pdf"'
    )
    text = pdf_text(b"".join(download.streaming_content))
    assert "Agencija za statistiku BiH" in text
    assert "Amra Čaušević" in text


def test_the_same_request_again_says_the_existing_file_is_ready(
    client_for, coordinator, institution, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    ask(client, institution, django_capture_on_commit_callbacks)
    response = ask(client, institution, django_capture_on_commit_callbacks)
    assert "the existing file is ready" in client.get(response.url).content.decode()
    assert GeneratedDocument.objects.count() == 1


def test_representative_gets_404_requesting_another_institutions_report(
    client_for, representative, other_institution, django_capture_on_commit_callbacks
):
    response = ask(
        client_for(representative), other_institution, django_capture_on_commit_callbacks
    )
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_representative_gets_404_downloading_another_institutions_report(
    client_for, representative, other_institution
):
    document = document_for(other_institution)
    client = client_for(representative)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:retry", args=[document.pk])).status_code == 404


def test_representative_requests_their_own_institutions_report(
    client_for, representative, institution, django_capture_on_commit_callbacks
):
    client = client_for(representative)
    response = ask(client, institution, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.object_id, document.status) == (institution.pk, Status.READY)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def test_representative_sees_only_their_own_institutions_documents(
    client_for, representative, institution, other_institution
):
    own = document_for(institution, title="Own report")
    other = document_for(other_institution, title="Other report")
    page = client_for(representative).get(REPORTS).content.decode()
    assert own.title in page
    assert other.title not in page
    # Their form offers only their own institution.
    assert f'value="{institution.pk}"' in page
    assert f'value="{other_institution.pk}"' not in page


def test_coordinator_sees_every_institutions_documents(
    client_for, coordinator, institution, other_institution
):
    document_for(institution, title="Own report")
    document_for(other_institution, title="Other report")
    page = client_for(coordinator).get(REPORTS).content.decode()
    assert "Own report" in page and "Other report" in page


def test_an_unknown_language_is_a_form_error_and_nothing_is_queued(
    client_for, coordinator, institution, django_capture_on_commit_callbacks
):
    response = ask(
        client_for(coordinator),
        institution,
        django_capture_on_commit_callbacks,
        **{"institution-language": "xx"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_requesting_without_choosing_an_object_is_a_form_error(
    client_for, coordinator, institution
):
    response = client_for(coordinator).post(
        REQUEST, {"institution-object": "", "institution-language": "en"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_representatives_own_institution_is_chosen_for_them(
    client_for, representative, institution
):
    page = client_for(representative).get(REPORTS).content.decode()
    assert f'<option value="{institution.pk}" selected>' in page


def test_the_list_polls_while_something_is_pending_and_stops_when_done(
    client_for, coordinator, institution
):
    client = client_for(coordinator)
    queued = document_for(institution, status=Status.QUEUED)
    page = client.get(REPORTS).content.decode()
    assert 'hx-get="/reports/list/"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "Refresh" in page
    partial = client.get(reverse("documents:list"), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 3s"' in partial.content.decode()
    assert "<html" not in partial.content.decode()

    GeneratedDocument.objects.filter(pk=queued.pk).update(status=Status.FAILED)
    page = client.get(REPORTS).content.decode()
    assert "hx-get" not in page
    assert 'http-equiv="refresh"' not in page


def test_a_request_from_another_page_returns_there(
    client_for, coordinator, institution, django_capture_on_commit_callbacks
):
    target = reverse("institutions:detail", args=[institution.pk])
    response = ask(
        client_for(coordinator), institution, django_capture_on_commit_callbacks, next=target
    )
    assert response.url == target
    offsite = ask(
        client_for(coordinator),
        institution,
        django_capture_on_commit_callbacks,
        next="https://evil.example/",
    )
    assert offsite.url == REPORTS


def test_a_document_not_ready_cannot_be_downloaded(client_for, coordinator, institution):
    document = document_for(institution, status=Status.RENDERING)
    response = client_for(coordinator).get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 404


def test_reports_page_makes_a_constant_number_of_queries(
    client_for, coordinator, group, django_assert_num_queries
):
    client = client_for(coordinator)
    document_for(member_institution(group, acronym="I0"), title="Report 0")
    client.get(REPORTS)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as one:
        response = client.get(REPORTS)
    assert response.content.decode().count('data-status="ready"') == 1
    for n in range(1, 30):
        document_for(member_institution(group, acronym=f"I{n}"), title=f"Report {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(REPORTS)
    assert response.content.decode().count('data-status="ready"') == 30


def test_the_institution_page_offers_its_report_and_returns_there_after_the_request(
    client_for, coordinator, institution, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    detail = reverse("institutions:detail", args=[institution.pk])
    page = client.get(detail).content.decode()
    assert 'aria-labelledby="document-panel-institution"' in page
    assert f'name="next" value="{detail}"' in page
    assert f'type="hidden" name="institution-object" value="{institution.pk}"' in page
    response = ask(client, institution, django_capture_on_commit_callbacks, next=detail)
    assert response.url == detail
    document = GeneratedDocument.objects.get()
    page = client.get(detail).content.decode()
    assert reverse("documents:download", args=[document.pk]) in page


def test_another_institutions_page_offers_a_representative_no_report(
    client_for, representative, institution, other_institution
):
    client = client_for(representative)
    other = client.get(reverse("institutions:detail", args=[other_institution.pk]))
    assert other.status_code == 200
    assert "document-panel-institution" not in other.content.decode()
    own = client.get(reverse("institutions:detail", args=[institution.pk]))
    assert "document-panel-institution" in own.content.decode()
