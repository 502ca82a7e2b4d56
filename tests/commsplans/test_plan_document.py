"""The communication plan as a PDF, and the plan section of the institution report."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from commsplans.models import KPI, Recommendation, Risk
from portal.documents import services
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from tests.commsplans.factories import KPIFactory, reviewed_plan
from tests.documents.conftest import pdf_text
from tests.documents.factories import document_for

Status = GeneratedDocument.Status
REPORTS = reverse("documents:reports")
REQUEST = reverse("documents:request", args=["plan"])


@pytest.fixture
def plan(institution, group):
    plan = reviewed_plan(
        institution=institution,
        group=group,
        recommendations=("Add an outcome KPI.", "Name a deputy for the website."),
    )
    KPIFactory(plan=plan, level=KPI.Level.OUTCOME, description="Journalists citing our data")
    Risk.objects.create(plan=plan, description="Staff turnover", mitigation="Train a deputy")
    first = Recommendation.objects.get(review__plan=plan, order=1)
    first.response = Recommendation.Response.DECLINED
    first.reason = "Outcome data come from a survey we cannot fund this year."
    first.answered_at = timezone.now()
    first.save()
    return plan


@pytest.fixture
def other_plan(other_institution, group):
    return reviewed_plan(institution=other_institution, group=group)


def ask(client, plan, capture, *, language="en"):
    with capture(execute=True):
        return client.post(REQUEST, {"plan-object": plan.pk, "plan-language": language})


def stored_text(document: GeneratedDocument) -> str:
    document.refresh_from_db()
    assert document.status == Status.READY, document.failure_reason
    # Lines wrap where the page ends them: compare text with single spaces.
    return " ".join(pdf_text(default_storage.open(document.file.name).read()).split())


def test_coordinator_gets_the_plan_with_its_sections_review_and_answers(
    client_for, coordinator, plan, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    response = ask(client, plan, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    text = stored_text(document)
    assert "Communication plan 2014: Agency for Statistics of BiH" in text
    for heading in (
        "Context",
        "Objectives",
        "Audiences and key messages",
        "Channels",
        "Activities",
        "Key performance indicators",
        "Risks",
        "Review dates",
        "Review and recommendations",
    ):
        assert heading in text, heading
    assert "Users rarely know what the institution publishes." in text
    assert "Publish proactively" in text and "Journalists" in text and "Website" in text
    assert "Release calendar" in text
    assert "Journalists citing our data" in text and "Train a deputy" in text
    assert "Reviewed by Marija Žunić" in text
    assert "2 recommendations, 1 not answered yet." in text
    assert "Declined: Outcome data come from a survey we cannot fund this year." in text
    assert "Name a deputy for the website." in text and "Not answered" in text
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert "communication-plan-bhas-2014-en.pdf" in download["Content-Disposition"]


def test_bosnian_plan_document_has_bosnian_headings(
    client_for, coordinator, plan, django_capture_on_commit_callbacks
):
    ask(client_for(coordinator), plan, django_capture_on_commit_callbacks, language="bs")
    text = stored_text(GeneratedDocument.objects.get())
    assert "Komunikacijski plan 2014: Agencija za statistiku BiH" in text
    assert "Pregled i preporuke" in text
    assert "Marija Žunić" in text


def test_representative_gets_their_own_plan(
    client_for, representative, plan, other_plan, django_capture_on_commit_callbacks
):
    client = client_for(representative)
    page = client.get(REPORTS).content.decode()
    assert "BHAS 2014" in page
    assert "CBBH 2014" not in page
    ask(client, plan, django_capture_on_commit_callbacks)
    assert "Agency for Statistics of BiH" in stored_text(GeneratedDocument.objects.get())


def test_representative_gets_404_for_another_institutions_plan_document(
    client_for, representative, other_plan, django_capture_on_commit_callbacks
):
    client = client_for(representative)
    assert ask(client, other_plan, django_capture_on_commit_callbacks).status_code == 404
    assert not GeneratedDocument.objects.exists()
    document = document_for(other_plan, kind="plan")
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:retry", args=[document.pk])).status_code == 404


def test_an_answer_makes_a_new_plan_document(
    client_for, coordinator, plan, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    ask(client, plan, django_capture_on_commit_callbacks)
    ask(client, plan, django_capture_on_commit_callbacks)
    assert GeneratedDocument.objects.count() == 1
    Recommendation.objects.filter(review__plan=plan, order=2).update(
        response=Recommendation.Response.ACCEPTED
    )
    ask(client, plan, django_capture_on_commit_callbacks)
    assert GeneratedDocument.objects.count() == 2
    text = stored_text(GeneratedDocument.objects.order_by("-pk").first())
    assert "2 recommendations, 0 not answered yet." in text


def test_the_institution_report_shows_plan_status_and_unanswered_recommendations(
    institution, coordinator, plan, other_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = services.request_document(
            kind=documents.get("institution"),
            obj=institution,
            options={"language": "en"},
            by=coordinator,
        )
    text = stored_text(document)
    section = text.split("Communication plans")[1]
    assert "2014" in section and "WG-T" in section and "Reviewed" in section
    assert "Recommendations not answered yet" in section
    assert "Name a deputy for the website." in section
    assert "Add an outcome KPI." not in section  # answered (declined)


def test_the_plan_page_offers_the_plan_document_to_its_institution(
    client_for, representative, coordinator, plan
):
    url = reverse("commsplans:detail", args=[plan.pk])
    for user in (representative, coordinator):
        page = client_for(user).get(url).content.decode()
        assert 'id="document-panel-plan"' in page
