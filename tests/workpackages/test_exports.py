import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import InstitutionFactory
from tests.workpackages.factories import UpdateFactory
from workpackages.models import Indicator, ProgressUpdate

S = ProgressUpdate.Status


def _export(client, **params):
    return client.get(reverse("workpackages:export"), params)


def _sheet_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def updates(indicator, period, institution, other_institution, goal):
    own = UpdateFactory(
        indicator=indicator,
        period=period,
        institution=institution,
        value=45,
        narrative="Popis će biti završen; čšžđć",
        status=S.APPROVED,
    )
    other = UpdateFactory(
        indicator=indicator,
        period=period,
        institution=other_institution,
        value=55,
        narrative='=HYPERLINK("http://evil")',
        status=S.SUBMITTED,
    )
    group_indicator = Indicator.objects.create(
        goal=goal,
        code="G1.9",
        title_en="Group value",
        unit=Indicator.Unit.NUMBER,
        baseline_value=0,
        baseline_date=indicator.baseline_date,
        target_value=10,
        target_date=indicator.target_date,
        scope=Indicator.Scope.GROUP,
    )
    group = UpdateFactory(
        indicator=group_indicator, period=period, institution=None, value=3, status=S.APPROVED
    )
    return own, other, group


def test_csv_export_has_bom_diacritics_and_defused_formulas(
    client_for, secretariat, updates, package
):
    response = _export(client_for(secretariat), work_package=package.pk, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "Popis će biti završen; čšžđć" in text
    assert "'=HYPERLINK" in text
    assert "BHAS" in text and "CBBH" in text


def test_xlsx_export_opens_with_bold_frozen_header_and_rows(
    client_for, secretariat, updates, package
):
    response = _export(client_for(secretariat), work_package=package.pk, format="xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Work package", "Period", "Indicator code"]
    by_institution = {row[5]: row for row in rows[1:]}
    assert set(by_institution) == {"BHAS", "CBBH", None}  # the group's row has no institution
    assert by_institution["BHAS"][6] == 45
    assert by_institution[None][2] == "G1.9"


def test_xlsx_submitted_at_is_a_date_cell(client_for, secretariat, updates, package):
    own = updates[0]
    own.submitted_at = timezone.now()
    own.save()
    rows = _sheet_rows(_export(client_for(secretariat), format="xlsx"))
    bhas = next(row for row in rows[1:] if row[5] == "BHAS")
    assert bhas[11].date() == timezone.localdate()
    assert bhas[12] == "Yes"


def test_coordinator_exports_approved_rows_only(client_for, coordinator, updates):
    rows = _sheet_rows(_export(client_for(coordinator), format="xlsx"))
    assert {row[5] for row in rows[1:]} == {"BHAS", None}
    assert all(row[10] == "Approved" for row in rows[1:])


def test_representative_exports_only_own_institution(client_for, representative, updates):
    rows = _sheet_rows(_export(client_for(representative), format="xlsx"))
    assert [row[5] for row in rows[1:]] == ["BHAS"]


def test_representative_cannot_export_other_institution_rows(
    client_for, representative, updates, other_institution
):
    response = _export(client_for(representative), institution=other_institution.pk, format="csv")
    assert response.status_code == 404


def test_filters_by_status_and_institution(client_for, secretariat, updates, other_institution):
    client = client_for(secretariat)
    rows = _sheet_rows(_export(client, status="submitted", format="xlsx"))
    assert [row[5] for row in rows[1:]] == ["CBBH"]
    rows = _sheet_rows(_export(client, institution=other_institution.pk, format="xlsx"))
    assert [row[5] for row in rows[1:]] == ["CBBH"]


def test_unknown_format_is_404(client_for, secretariat):
    assert _export(client_for(secretariat), format="pdf").status_code == 404


def test_work_package_page_links_exports(client_for, representative, package):
    page = client_for(representative).get(package.get_absolute_url()).content.decode()
    url = reverse("workpackages:export")
    assert f"{url}?work_package={package.pk}&amp;format=csv" in page
    assert f"{url}?work_package={package.pk}&amp;format=xlsx" in page


def _updates(n, indicator, period):
    for _ in range(n):
        UpdateFactory(indicator=indicator, period=period, institution=InstitutionFactory())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_rows(
    client_for, secretariat, indicator, period, django_assert_max_num_queries, fmt
):
    client = client_for(secretariat)
    _updates(2, indicator, period)
    with django_assert_max_num_queries(8):
        assert _export(client, format=fmt).status_code == 200
    _updates(20, indicator, period)
    with django_assert_max_num_queries(8):
        response = _export(client, format=fmt)
    if fmt == "csv":
        assert response.content.count(b"G1.1") == 22
    else:
        assert len(_sheet_rows(response)) == 23
