import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workpackages.factories import UpdateFactory, open_period
from workpackages.models import ProgressUpdate
from workpackages.views import IMPORT_SESSION_KEY

S = ProgressUpdate.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_rows(client, package):
    response = client.get(
        reverse("workpackages:export"), {"work_package": package.pk, "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _upload(client, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(
        reverse("workpackages:import"),
        {"file": SimpleUploadedFile("progress.xlsx", buffer.getvalue(), XLSX)},
    )


def _confirm(client, approve=False):
    data = {"token": client.session[IMPORT_SESSION_KEY]}
    if approve:
        data["approve"] = "on"
    return client.post(reverse("workpackages:import_confirm"), data)


@pytest.fixture
def drafts(indicator, maturity, period, institution, other_institution):
    return [
        UpdateFactory(
            indicator=indicator, period=period, institution=institution, value=None, status=S.DRAFT
        ),
        UpdateFactory(
            indicator=maturity,
            period=period,
            institution=institution,
            value=None,
            status=S.RETURNED,
        ),
        UpdateFactory(
            indicator=indicator, period=period, institution=other_institution, status=S.APPROVED
        ),
    ]


def test_round_trip_export_then_import_submits_and_approves(
    client_for, secretariat, package, drafts
):
    client = client_for(secretariat)
    rows = _export_rows(client, package)
    for row in rows[1:]:
        if row[5] == "BHAS" and row[2] == "G1.1":
            row[6] = 62.5
            row[8] = "Završeno; =SUM(A1)"
        if row[5] == "BHAS" and row[2] == "G1.2":
            row[7] = 3
            row[9] = "https://example.org/dokaz.pdf"
    preview = _upload(client, rows)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "unchanged, skipped" in page  # the approved CBBH row, as exported
    assert "Save all rows" in page
    assert ProgressUpdate.objects.filter(status=S.SUBMITTED).count() == 0  # nothing yet

    response = _confirm(client, approve=True)
    assert response.status_code == 302
    percent, level, approved = (ProgressUpdate.objects.get(pk=d.pk) for d in drafts)
    assert percent.value == 62.5 and percent.status == S.APPROVED
    assert percent.narrative == "Završeno; =SUM(A1)"
    assert level.rubric_level.level == 3 and level.value == 3
    assert level.status == S.APPROVED and level.submitted_by == secretariat
    assert approved.value == 30 and approved.version == drafts[2].version
    assert IMPORT_SESSION_KEY not in client.session


def test_import_without_approval_leaves_updates_submitted(client_for, secretariat, package, drafts):
    client = client_for(secretariat)
    rows = _export_rows(client, package)
    rows = [rows[0]] + [row for row in rows[1:] if row[2] == "G1.1" and row[5] == "BHAS"]
    rows[1][6] = 40
    _upload(client, rows)
    _confirm(client)
    assert ProgressUpdate.objects.get(pk=drafts[0].pk).status == S.SUBMITTED


def test_file_with_errors_shows_each_rows_error_and_saves_nothing(
    client_for, secretariat, package, drafts, institution, period
):
    client = client_for(secretariat)
    header = _export_rows(client, package)[0]
    title = package.title_en
    locked = open_period(package, label="2024 H1")
    locked.locked = True
    locked.save()
    base = [title, period.label, "G1.1", "", "", "BHAS", 50, None, "", ""]
    rows = [
        header,
        base,  # fine
        [title, period.label, "G9.9", "", "", "BHAS", 50, None, "", ""],
        [title, period.label, "G1.1", "", "", "XYZ", 50, None, "", ""],
        [title, "1999 H1", "G1.1", "", "", "BHAS", 50, None, "", ""],
        [title, period.label, "G1.1", "", "", "CBBH", 150, None, "", ""],
        [title, "2024 H1", "G1.1", "", "", "BHAS", 50, None, "", ""],
        list(base),
        [title, period.label, "G1.2", "", "", "BHAS", None, None, "", ""],
        [title, period.label, "G1.2", "", "", "CBBH", None, 2, "", ""],
    ]
    response = _upload(client, rows)
    page = response.content.decode()
    assert "Unknown indicator code “G9.9”" in page
    assert "Unknown institution “XYZ”" in page
    assert "Unknown period “1999 H1”" in page
    assert "A percentage must lie between 0 and 100." in page
    assert "The period 2024 H1 is locked" in page
    assert "already in row 2" in page
    assert "Give the maturity level." in page
    assert "A maturity level must carry evidence" in page
    assert "8 rows have errors" in page
    assert "Save all rows" not in page
    # Confirming anyway saves nothing.
    response = _confirm(client)
    assert "nothing was saved" in response.content.decode()
    assert ProgressUpdate.objects.get(pk=drafts[0].pk).status == S.DRAFT
    assert not ProgressUpdate.objects.filter(period=locked).exists()


def test_tampered_token_is_refused(client_for, secretariat, package, drafts):
    client = client_for(secretariat)
    rows = _export_rows(client, package)
    rows = [rows[0]] + [row for row in rows[1:] if row[2] == "G1.1" and row[5] == "BHAS"]
    rows[1][6] = 40
    _upload(client, rows)
    response = client.post(reverse("workpackages:import_confirm"), {"token": "A" * 32}, follow=True)
    assert "This import is no longer available" in response.content.decode()
    assert ProgressUpdate.objects.get(pk=drafts[0].pk).status == S.DRAFT


def test_not_an_xlsx_is_a_form_error(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("workpackages:import"),
        {"file": SimpleUploadedFile("progress.xlsx", b"not a workbook", XLSX)},
    )
    assert "The file is not an XLSX workbook." in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "representative"])
def test_only_the_secretariat_can_import(client_for, request, who, package, drafts):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("workpackages:import")).status_code == 403
    assert (
        client.post(reverse("workpackages:import_confirm"), {"token": "A" * 32}).status_code == 403
    )
    rows = [["x"] * 13]
    assert _upload(client, rows).status_code == 403


def test_work_package_page_links_import_for_the_secretariat_only(
    client_for, secretariat, coordinator, package
):
    url = reverse("workpackages:import")
    assert url in client_for(secretariat).get(package.get_absolute_url()).content.decode()
    assert url not in client_for(coordinator).get(package.get_absolute_url()).content.decode()
