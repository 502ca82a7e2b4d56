"""A representative reports progress for their institution."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workpackages.models import ProgressUpdate

S = ProgressUpdate.Status


def new_url(period, indicator):
    return reverse("workpackages:update_new", args=[period.pk, indicator.pk])


def post(client, url, **data):
    data.setdefault("action", "save")
    return client.post(url, data)


def test_report_page_lists_open_period_indicators(client_for, representative, indicator, period):
    response = client_for(representative).get(reverse("workpackages:report"))
    assert response.status_code == 200
    text = response.content.decode()
    assert period.label in text
    assert "G1.1" in text
    assert new_url(period, indicator) in text


def test_representative_submits_then_cannot_change(client_for, representative, indicator, period):
    client = client_for(representative)
    response = post(client, new_url(period, indicator), value="45", narrative="Up.")
    update = ProgressUpdate.objects.get()
    assert response.status_code == 302
    assert update.status == S.DRAFT
    assert update.institution.acronym == "BHAS"

    edit = reverse("workpackages:update_edit", args=[update.pk])
    response = post(client, edit, value="47", version=update.version, action="submit")
    update.refresh_from_db()
    assert update.status == S.SUBMITTED
    assert update.value == 47
    assert update.late is False
    assert update.submitted_by == representative

    page = client.get(update.get_absolute_url()).content.decode()
    assert "Submitted" in page

    response = post(client, edit, value="99", version=update.version, action="submit")
    assert "can no longer be changed" in response.content.decode()
    update.refresh_from_db()
    assert update.value == 47


def test_returned_update_can_be_resubmitted(client_for, representative, indicator, period):
    update = ProgressUpdate.objects.create(
        indicator=indicator,
        institution=representative.person.institution,
        period=period,
        value=10,
        status=S.RETURNED,
        return_reason="Attach the register.",
    )
    client = client_for(representative)
    edit = reverse("workpackages:update_edit", args=[update.pk])
    assert "Attach the register." in client.get(edit).content.decode()
    post(client, edit, value="12", version=update.version, action="submit")
    update.refresh_from_db()
    assert update.status == S.SUBMITTED
    assert update.value == 12


def test_representative_cannot_read_or_post_other_institution_update(
    client_for, representative, other_institution, indicator, period
):
    other = ProgressUpdate.objects.create(
        indicator=indicator, institution=other_institution, period=period, value=10
    )
    client = client_for(representative)
    for name in ("update", "update_edit", "update_evidence"):
        url = reverse(f"workpackages:{name}", args=[other.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"value": "99", "action": "submit"}).status_code == 404, name
    other.refresh_from_db()
    assert other.value == 10
    assert other.status == S.DRAFT


def test_two_stale_forms_second_save_gets_conflict(
    client_for, representative, indicator, period, institution
):
    from tests.factories import representative_of

    colleague = representative_of(institution, username="colleague")
    update = ProgressUpdate.objects.create(
        indicator=indicator, institution=institution, period=period, value=10
    )
    edit = reverse("workpackages:update_edit", args=[update.pk])
    stale_version = update.version  # both opened the form now

    first = client_for(colleague)
    post(first, edit, value="20", version=stale_version)
    first.logout()
    second = client_for(representative)
    response = post(second, edit, value="30", version=stale_version)

    assert response.status_code == 200
    assert "changed this update" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    update.refresh_from_db()
    assert update.value == 20


def test_values_are_checked_against_the_unit(client_for, representative, indicator, period):
    client = client_for(representative)
    response = post(client, new_url(period, indicator), value="120")
    assert "between 0 and 100" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_counts_cannot_be_negative(client_for, representative, indicator, period):
    indicator.unit = "number"
    indicator.save()
    response = post(client_for(representative), new_url(period, indicator), value="-1")
    assert "cannot be negative" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_yes_no_answer(client_for, representative, indicator, period):
    indicator.unit = "yes_no"
    indicator.save()
    client = client_for(representative)
    post(client, new_url(period, indicator), answer="1", action="submit")
    assert ProgressUpdate.objects.get().value == 1


def test_submitting_needs_a_value(client_for, representative, indicator, period):
    response = post(client_for(representative), new_url(period, indicator), action="submit")
    assert "Enter a value before submitting" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_maturity_level_must_carry_evidence(client_for, representative, maturity, period):
    client = client_for(representative)
    level = maturity.rubric_levels.get(level=2)
    response = post(client, new_url(period, maturity), rubric_level=level.pk)
    assert "must carry evidence" in response.content.decode()
    assert not ProgressUpdate.objects.exists()

    evidence = SimpleUploadedFile("procedure.pdf", b"%PDF-1.4 test", "application/pdf")
    client.post(
        new_url(period, maturity),
        {"rubric_level": level.pk, "evidence_file": evidence, "action": "submit"},
    )
    update = ProgressUpdate.objects.get()
    assert update.rubric_level == level
    assert update.value == 2
    download = client.get(reverse("workpackages:update_evidence", args=[update.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_locked_period_refuses_changes(client_for, representative, indicator, period):
    period.locked = True
    period.save()
    response = post(client_for(representative), new_url(period, indicator), value="40")
    assert "is locked" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_period_locks_after_due_date_plus_grace(settings, indicator, period):
    settings.PROGRESS_GRACE_DAYS = 5
    assert not period.is_locked(period.due_date + datetime.timedelta(days=5))
    assert period.is_locked(period.due_date + datetime.timedelta(days=6))


def test_late_submission_is_marked(client_for, representative, indicator, period, settings):
    settings.PROGRESS_GRACE_DAYS = 10
    period.due_date = datetime.date.today() - datetime.timedelta(days=2)
    period.save()
    post(client_for(representative), new_url(period, indicator), value="40", action="submit")
    assert ProgressUpdate.objects.get().late is True


def test_secretariat_unlocks_a_period(client_for, secretariat, representative, indicator, period):
    period.due_date = datetime.date.today() - datetime.timedelta(days=100)
    period.save()
    assert period.is_locked()
    client_for(secretariat).post(reverse("workpackages:period_unlock", args=[period.pk]))
    period.refresh_from_db()
    assert not period.is_locked()
    client = client_for(representative)
    post(client, new_url(period, indicator), value="40", action="submit")
    assert ProgressUpdate.objects.get().late is True


def test_history_shows_who_when_old_and_new(client_for, representative, indicator, period):
    client = client_for(representative)
    post(client, new_url(period, indicator), value="40")
    update = ProgressUpdate.objects.get()
    edit = reverse("workpackages:update_edit", args=[update.pk])
    post(client, edit, value="45", version=update.version, action="submit")
    page = client.get(update.get_absolute_url()).content.decode()
    assert "rep" in page
    assert "Value: <del>40 %</del> → <ins>45 %</ins>" in page
    assert "Status: <del>Draft</del> → <ins>Submitted</ins>" in page


def test_representative_cannot_report_on_another_groups_work_package(
    client_for, representative, indicator, period
):
    from tests.factories import WorkingGroupFactory
    from tests.workpackages.factories import GoalFactory, IndicatorFactory, WorkPackageFactory
    from tests.workpackages.factories import open_period as make_open_period

    foreign = WorkPackageFactory(group=WorkingGroupFactory(short_name="WG-X"))
    foreign_indicator = IndicatorFactory(goal=GoalFactory(work_package=foreign), code="X1")
    foreign_period = make_open_period(foreign)
    client = client_for(representative)
    for url in (new_url(foreign_period, foreign_indicator), new_url(period, foreign_indicator)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"value": "5", "action": "submit"}).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_empty_post_to_the_report_url_saves_no_draft(
    client_for, representative, secretariat, indicator, period
):
    """Finding 12: an empty POST (no value, narrative or evidence) used to create an empty
    draft; it is a form error now, and nothing is saved."""
    response = client_for(representative).post(new_url(period, indicator), {})
    assert response.status_code == 200
    assert "Enter a value, a narrative or evidence before saving." in response.content.decode()
    response = post(client_for(representative), new_url(period, indicator), narrative="  ")
    assert "Enter a value, a narrative or evidence before saving." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_opening_the_report_pages_creates_nothing(client_for, representative, indicator, period):
    client = client_for(representative)
    for url in (reverse("workpackages:report"), new_url(period, indicator)):
        assert client.get(url).status_code == 200
    assert not ProgressUpdate.objects.exists()
