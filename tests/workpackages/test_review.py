"""The secretariat reviews what institutions submitted."""

from django.urls import reverse

from workpackages import selectors
from workpackages.models import ProgressUpdate
from workpackages.progress import Status

S = ProgressUpdate.Status


def submitted(indicator, institution, period, value=50):
    return ProgressUpdate.objects.create(
        indicator=indicator, institution=institution, period=period, value=value, status=S.SUBMITTED
    )


def test_review_queue_lists_submitted_updates(
    client_for, secretariat, indicator, institution, period
):
    update = submitted(indicator, institution, period)
    page = client_for(secretariat).get(reverse("workpackages:review_queue")).content.decode()
    assert update.get_absolute_url() in page
    assert "BHAS" in page


def test_secretariat_approves(client_for, secretariat, indicator, institution, period):
    update = submitted(indicator, institution, period)
    client_for(secretariat).post(
        reverse("workpackages:update_review", args=[update.pk]),
        {"decision": "approve", "version": update.version},
    )
    update.refresh_from_db()
    assert update.status == S.APPROVED
    assert update.reviewed_by == secretariat


def test_return_needs_a_reason_the_representative_sees(
    client_for, secretariat, representative, indicator, institution, period
):
    update = submitted(indicator, institution, period)
    url = reverse("workpackages:update_review", args=[update.pk])
    client = client_for(secretariat)
    response = client.post(url, {"decision": "return", "version": update.version}, follow=True)
    assert "Say why the update is returned." in response.content.decode()
    update.refresh_from_db()
    assert update.status == S.SUBMITTED

    client.post(url, {"decision": "return", "reason": "Source missing.", "version": update.version})
    update.refresh_from_db()
    assert update.status == S.RETURNED
    client.logout()
    report = client_for(representative).get(reverse("workpackages:report")).content.decode()
    assert "Source missing." in report


def test_stale_review_gets_conflict(client_for, secretariat, indicator, institution, period):
    update = submitted(indicator, institution, period)
    stale = update.version
    client = client_for(secretariat)
    url = reverse("workpackages:update_review", args=[update.pk])
    client.post(url, {"decision": "return", "reason": "No.", "version": stale})
    response = client.post(url, {"decision": "approve", "version": stale}, follow=True)
    assert "changed this update" in response.content.decode()
    update.refresh_from_db()
    assert update.status == S.RETURNED


def test_only_approved_values_count(indicator, institution, other_institution, period):
    submitted(indicator, institution, period, value=10)
    assert selectors.indicator_summary(indicator).status == Status.NO_DATA
    ProgressUpdate.objects.create(
        indicator=indicator,
        institution=other_institution,
        period=period,
        value=80,
        status=S.APPROVED,
    )
    summary = selectors.indicator_summary(indicator)
    assert summary.latest_value == 80
    assert summary.status == Status.ON_TRACK


def test_coordinator_reads_only_approved_updates(
    client_for, coordinator, indicator, institution, other_institution, period
):
    waiting = submitted(indicator, institution, period)
    approved = ProgressUpdate.objects.create(
        indicator=indicator,
        institution=other_institution,
        period=period,
        value=1,
        status=S.APPROVED,
    )
    client = client_for(coordinator)
    assert client.get(waiting.get_absolute_url()).status_code == 404
    assert client.get(approved.get_absolute_url()).status_code == 200
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert approved.get_absolute_url() in page
    assert waiting.get_absolute_url() not in page
