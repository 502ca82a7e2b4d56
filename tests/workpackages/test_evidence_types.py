"""Evidence files are what their content says, stored with that type and served as it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import samples
from workpackages.models import ProgressUpdate


def report(client, period, indicator, name, content):
    return client.post(
        reverse("workpackages:update_new", args=[period.pk, indicator.pk]),
        {
            "value": "45",
            "evidence_file": SimpleUploadedFile(name, content, "text/html"),
            "action": "save",
        },
    )


def test_a_program_renamed_pdf_is_refused_as_evidence(
    client_for, representative, indicator, period
):
    response = report(client_for(representative), period, indicator, "proof.pdf", samples.EXE)
    assert response.status_code == 200
    assert "The file&#x27;s content is not what a “.pdf” file holds." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_png_is_kept_and_served_as_png(client_for, representative, indicator, period):
    client = client_for(representative)
    content = samples.png()
    assert report(client, period, indicator, "chart.png", content).status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence_type == "image/png"
    download = client.get(reverse("workpackages:update_evidence", args=[update.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="chart.png"'
    assert b"".join(download.streaming_content) == content
