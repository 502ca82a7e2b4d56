"""The work-package progress report (PDF) and the institution report's progress section."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from portal.documents import services
from portal.documents.models import GeneratedDocument
from portal.documents.registry import documents
from tests.documents.conftest import pdf_text
from tests.documents.factories import document_for
from tests.workpackages.factories import (
    GoalFactory,
    IndicatorFactory,
    PeriodFactory,
    WorkPackageFactory,
)
from tests.workpackages.factories import (
    UpdateFactory as Updates,
)
from workpackages.models import Indicator, ProgressUpdate, WorkPackage

Status = GeneratedDocument.Status
REPORTS = reverse("documents:reports")
REQUEST = reverse("documents:request", args=["progress"])
S = ProgressUpdate.Status


@pytest.fixture
def world(group, institution, other_institution):
    """One goal with three indicators over three half-years; values up to 2015 H1."""
    package = WorkPackageFactory(
        group=group,
        title_en="Work package 2014–2016",
        title_bs="Plan rada 2014–2016",
        start=datetime.date(2014, 1, 1),
        end=datetime.date(2016, 12, 31),
    )
    goal = GoalFactory(
        work_package=package,
        code="G2",
        title_en="Transparency",
        title_bs="Transparentnost i saradnja s građanima",
    )
    common = {
        "goal": goal,
        "baseline_date": datetime.date(2013, 12, 31),
        "target_date": datetime.date(2016, 12, 31),
        "aggregation": Indicator.Aggregation.MEAN,
    }
    published = IndicatorFactory(
        code="G2.1",
        title_en="Decisions published within seven days",
        title_bs="Odluke objavljene u roku od sedam dana",
        unit=Indicator.Unit.PERCENT,
        baseline_value=Decimal(40),
        target_value=Decimal(90),
        order=1,
        **common,
    )
    releases = IndicatorFactory(
        code="G2.2",
        title_en="Press releases issued",
        title_bs="Izdana saopćenja za javnost",
        unit=Indicator.Unit.NUMBER,
        baseline_value=Decimal(0),
        target_value=Decimal(10),
        order=2,
        **common,
    )
    IndicatorFactory(
        code="G2.3",
        title_en="Open data sets released",
        title_bs="Objavljeni otvoreni skupovi podataka",
        unit=Indicator.Unit.NUMBER,
        baseline_value=Decimal(0),
        target_value=Decimal(5),
        order=3,
        **common,
    )
    periods = {}
    for label, start, end in [
        ("2014 H1", (2014, 1, 1), (2014, 6, 30)),
        ("2014 H2", (2014, 7, 1), (2014, 12, 31)),
        ("2015 H1", (2015, 1, 1), (2015, 6, 30)),
    ]:
        end_date = datetime.date(*end)
        periods[label] = PeriodFactory(
            work_package=package,
            label=label,
            start=datetime.date(*start),
            end=end_date,
            due_date=end_date + datetime.timedelta(days=30),
        )
    h2 = periods["2014 H2"]

    def UpdateFactory(**kwargs):  # noqa: N802 - the factory, with the time it was submitted
        return Updates(submitted_at=timezone.now(), **kwargs)

    # 2014 H2: planned 56.65 %; the mean of 60 and 50 (55 %) is on track.
    UpdateFactory(indicator=published, institution=institution, period=h2, value=60)
    UpdateFactory(indicator=published, institution=other_institution, period=h2, value=50)
    # Planned 3.3 press releases; 0 is off track.
    UpdateFactory(indicator=releases, institution=institution, period=h2, value=0, late=True)
    # A value still waiting for review counts for nothing.
    UpdateFactory(
        indicator=releases, institution=other_institution, period=h2, value=9, status=S.SUBMITTED
    )
    # A later period's value does not belong in the 2014 H2 report.
    UpdateFactory(indicator=published, institution=institution, period=periods["2015 H1"], value=77)
    return {"package": package, "periods": periods, "published": published}


def ask(client, world, capture, *, period="2014 H2", language="en"):
    data = {
        "progress-object": world["package"].pk,
        "progress-period": world["periods"][period].pk,
        "progress-language": language,
    }
    with capture(execute=True):
        return client.post(REQUEST, data)


def stored_text(document: GeneratedDocument) -> str:
    document.refresh_from_db()
    assert document.status == Status.READY, document.failure_reason
    # A title may wrap after its dash; join it again.
    return pdf_text(default_storage.open(document.file.name).read()).replace("–\n", "–")


def test_coordinator_gets_goals_indicators_values_and_statuses_for_the_period(
    client_for, coordinator, world, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    response = ask(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    text = stored_text(document)
    assert "Progress report 2014 H2: Work package 2014–2016" in text
    assert "G2 Transparency" in text
    assert "Decisions published within seven days" in text
    assert "Press releases issued" in text
    # Baseline, target, the latest approved (mean) value and its status.
    assert "40 %" in text and "90 %" in text and "55 %" in text
    assert "On track" in text and "Off track" in text and "No data" in text
    assert "77" not in text  # 2015 H1 came after the report's period
    # A table per institution: what each reported, on time or late.
    assert "Results by institution" in text
    assert "Agency for Statistics of BiH (BHAS)" in text
    assert "Central Bank of BiH (CBBH)" in text
    assert "Late" in text and "On time" in text
    assert "Submitted" in text  # CBBH's press releases, waiting for review
    assert "9" not in text.split("Central Bank of BiH (CBBH)")[1].split("Press releases")[1][:20]
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="progress-report-{world["package"].pk}-2014-h2-en.pdf"'
    )


def test_the_report_embeds_one_svg_chart_per_indicator(coordinator, world):
    kind = documents.get("progress")
    page = kind.renderer.render_html(
        world["package"], {"period": world["periods"]["2014 H2"].pk, "language": "en"}
    )
    assert page.html.count("<svg") == 3
    assert f'id="chart-{world["published"].pk}-title"' in page.html
    assert "Planned path" in page.html


def test_bosnian_report_has_bosnian_titles_and_statuses_with_diacritics(
    client_for, coordinator, world, django_capture_on_commit_callbacks
):
    ask(client_for(coordinator), world, django_capture_on_commit_callbacks, language="bs")
    text = stored_text(GeneratedDocument.objects.get())
    assert "Izvještaj o napretku 2014 H2: Plan rada 2014–2016" in text
    assert "Transparentnost i saradnja s građanima" in text
    assert "Izdana saopćenja za javnost" in text
    assert "Na putu" in text and "Izvan puta" in text and "Nema podataka" in text
    assert "Rezultati po institucijama" in text
    assert "Agencija za statistiku BiH (BHAS)" in text


def test_the_same_request_twice_renders_once_and_a_changed_approved_value_renders_again(
    client_for, coordinator, world, renders, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    ask(client, world, django_capture_on_commit_callbacks)
    response = ask(client, world, django_capture_on_commit_callbacks)
    assert "the existing file is ready" in client.get(response.url).content.decode()
    assert len(renders) == 1 and GeneratedDocument.objects.count() == 1

    ProgressUpdate.objects.filter(
        indicator=world["published"], period=world["periods"]["2014 H2"], value=50
    ).update(value=Decimal(70))
    ask(client, world, django_capture_on_commit_callbacks)
    assert len(renders) == 2
    newest = GeneratedDocument.objects.order_by("-pk").first()
    assert "65 %" in stored_text(newest)


def test_a_value_waiting_for_review_does_not_make_a_new_report(
    client_for, coordinator, world, renders, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    ask(client, world, django_capture_on_commit_callbacks)
    ProgressUpdate.objects.filter(status=S.SUBMITTED).update(value=Decimal(4))
    ask(client, world, django_capture_on_commit_callbacks)
    assert len(renders) == 1


def test_secretariat_may_request_the_progress_report(
    client_for, secretariat, world, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    assert "Work-package progress report" in client.get(REPORTS).content.decode()
    ask(client, world, django_capture_on_commit_callbacks)
    assert GeneratedDocument.objects.get().kind == "progress"


def test_representative_is_not_offered_the_progress_report_and_gets_404(
    client_for, representative, world, django_capture_on_commit_callbacks
):
    client = client_for(representative)
    assert "Work-package progress report" not in client.get(REPORTS).content.decode()
    response = ask(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()
    document = document_for(world["package"], kind="progress")
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_a_period_of_another_work_package_is_refused_with_a_clear_error(
    client_for, coordinator, world, group, django_capture_on_commit_callbacks
):
    other = WorkPackageFactory(group=group, title_en="Work package 2017–2019")
    foreign = PeriodFactory(work_package=other, label="2017 H1")
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REQUEST,
            {
                "progress-object": world["package"].pk,
                "progress-period": foreign.pk,
                "progress-language": "en",
            },
        )
    assert response.status_code == 200
    assert "Choose a period of the work package “Work package 2014–2016”." in (
        response.content.decode()
    )
    assert not GeneratedDocument.objects.exists()


def test_the_institution_report_lists_the_institutions_progress_updates(
    institution, coordinator, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = services.request_document(
            kind=documents.get("institution"),
            obj=institution,
            options={"language": "en"},
            by=coordinator,
        )
    text = stored_text(document)
    assert "Progress updates" in text
    assert "3 updates reported, 3 approved, 1 submitted late." in text
    section = text.split("Progress updates")[1]
    assert "2014 H2" in section and "2015 H1" in section
    assert "G2.1 Decisions published within seven days" in section
    assert "60 %" in section and "77 %" in section
    assert "Late" in section and "On time" in section


def _package_with(group, size: int):
    from tests.factories import member_institution

    package = WorkPackageFactory(group=group)
    period = PeriodFactory(work_package=package, label="2025 H1")
    indicators = [IndicatorFactory(goal=GoalFactory(work_package=package)) for _ in range(2)]
    for n in range(size):
        institution = member_institution(group, acronym=f"I{size}-{n:02}")
        for indicator in indicators:
            Updates(indicator=indicator, institution=institution, period=period, value=30 + n)
    return package, period


def test_rendering_the_report_runs_the_same_queries_for_2_and_30_institutions(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import WorkingGroupFactory

    kind = documents.get("progress")
    counts = []
    for size in (2, 30):
        package, period = _package_with(WorkingGroupFactory(short_name=f"WG{size}"), size)
        package = WorkPackage.objects.get(pk=package.pk)
        with CaptureQueriesContext(connection) as context:
            page = kind.renderer.render_html(package, {"period": period.pk, "language": "en"})
        assert f"I{size}-{size - 1:02}" in page.html
        counts.append(len(context))
    assert counts[0] == counts[1], counts
