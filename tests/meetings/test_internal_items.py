"""Internal agenda items and decisions, and what hangs on internal items, never reach a
representative, whatever the output: pages, lists, counts, files, the home panel, e-mails,
the institution report, the calendar file and "matters arising" on a later agenda. The
secretariat and coordinators read them all."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import ActionItem, Meeting
from portal.documents.registry import documents
from portal.notifications.services import run_rules, send_due
from tests.documents.conftest import pdf_text
from tests.factories import PersonFactory
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)

TZ = ZoneInfo("Europe/Sarajevo")

SECRET_TEXTS = (
    "Closed point",
    "Quiet decision",
    "Decision on closed point",
    "Hire a second secretary",
    "staffing-plan.pdf",
    "Budget for staff was raised",
)


@pytest.fixture
def meeting(group, institution, representative):
    """A held meeting with one open and one internal agenda item, and what hangs on each."""
    meeting = MeetingFactory(
        group=group,
        title="Seventh meeting",
        date=datetime.date(2014, 3, 4),
        status=Meeting.Status.MINUTES_CIRCULATED,
    )
    public = AgendaItemFactory(meeting=meeting, order=1, title="Open point")
    secret = AgendaItemFactory(meeting=meeting, order=2, title="Closed point", internal=True)
    DecisionFactory(meeting=meeting, number=1, agenda_item=public, text="Plain decision")
    DecisionFactory(
        meeting=meeting, number=2, agenda_item=public, text="Quiet decision", internal=True
    )
    DecisionFactory(meeting=meeting, number=3, agenda_item=secret, text="Decision on closed point")
    DecisionFactory(meeting=meeting, number=4, agenda_item=None, text="Decision on no item")
    ActionItemFactory(
        meeting=meeting,
        number=1,
        agenda_item=public,
        owner=institution,
        description="Publish the calendar",
        due_date=datetime.date(2030, 4, 30),
    )
    ActionItemFactory(
        meeting=meeting,
        number=2,
        agenda_item=secret,
        owner=institution,
        owner_person=representative.person,
        description="Hire a second secretary",
        due_date=datetime.date(2030, 4, 30),
    )
    services.attachment_add(
        meeting=meeting,
        agenda_item=secret,
        upload=SimpleUploadedFile("staffing-plan.pdf", b"%PDF staff", "application/pdf"),
    )
    services.minutes_save(
        meeting=meeting,
        summary="The group met.",
        discussions={public.pk: "Calendar agreed.", secret.pk: "Budget for staff was raised."},
        by=None,
    )
    return meeting


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRET_TEXTS if secret in text]


PAGES = [
    lambda m: m.get_absolute_url(),
    lambda m: reverse("meetings:decisions"),
    lambda m: reverse("meetings:decisions") + "?q=decision",
    lambda m: reverse("meetings:decisions") + f"?q={m.number}/D3",
    lambda m: reverse("meetings:actions"),
    lambda m: reverse("home"),
]


@pytest.mark.parametrize("page", range(len(PAGES)))
def test_representative_pages_leave_out_internal_items(
    client_for, meeting, representative, other_representative, page
):
    url = PAGES[page](meeting)
    for user in (representative, other_representative):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert leaks(response.content.decode()) == [], url


def test_secretariat_and_coordinator_read_internal_items(
    client_for, meeting, secretariat, coordinator
):
    for user in (secretariat, coordinator):
        detail = client_for(user).get(meeting.get_absolute_url()).content.decode()
        assert leaks(detail) == list(SECRET_TEXTS)
        register = client_for(user).get(reverse("meetings:decisions")).content.decode()
        assert "Quiet decision" in register and "Decision on closed point" in register
        actions = client_for(user).get(reverse("meetings:actions")).content.decode()
        assert "Hire a second secretary" in actions


def test_representative_home_panel_lists_only_open_action_items(
    client_for, meeting, representative
):
    page = client_for(representative).get(reverse("home")).content.decode()
    assert "Publish the calendar" in page
    assert "Hire a second secretary" not in page


def test_meeting_list_counts_only_what_the_reader_may_see(
    client_for, meeting, representative, coordinator
):
    def counts(user):
        response = client_for(user).get(reverse("meetings:list"))
        (row,) = [m for m in response.context["past"] if m.pk == meeting.pk]
        return row.item_count, row.decision_count

    assert counts(representative) == (1, 2)
    assert counts(coordinator) == (2, 4)


def test_representative_cannot_download_a_file_of_an_internal_item(
    client_for, meeting, representative, coordinator
):
    attachment = meeting.attachments.get()
    url = attachment.get_absolute_url()
    assert client_for(representative).get(url).status_code == 404
    assert client_for(coordinator).get(url).status_code == 200


def test_representative_cannot_mark_an_internal_action_item_done(
    client_for, meeting, representative
):
    item = meeting.action_items.get(number=2)
    response = client_for(representative).post(reverse("meetings:action_done", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_institution_report_leaves_out_action_items_of_internal_items(meeting, institution):
    kind = documents.get("institution")
    _name, data = kind.renderer.render(institution, {"language": "en"})
    text = " ".join(pdf_text(data).split())
    assert "Publish the calendar" in text
    assert "Hire a second secretary" not in text


def test_action_item_reminders_leave_out_internal_items(
    meeting, institution, representative, settings, time_machine
):
    settings.ACTION_ITEM_REMINDER_DAYS = [3]
    public = meeting.action_items.get(number=1)
    public.owner_person = PersonFactory(institution=institution, email="owner@example.org")
    public.save()
    now = datetime.datetime(2030, 4, 29, 7, 0, tzinfo=TZ)
    time_machine.move_to(now, tick=False)
    run_rules(now=now)
    send_due(now=now)
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert "Publish the calendar" in mail.outbox[0].body
    assert leaks(mail.outbox[0].subject + mail.outbox[0].body) == []


def test_calendar_file_leaves_out_internal_items(client_for, meeting, representative):
    ics = client_for(representative).get(reverse("meetings:ics", args=[meeting.pk]))
    assert ics.status_code == 200
    assert leaks(ics.content.decode()) == []


def test_matters_arising_keeps_internal_action_items_internal(
    client_for, meeting, group, representative, coordinator
):
    later = MeetingFactory(group=group, title="Eighth meeting", date=datetime.date(2014, 6, 4))
    services.agenda_add_matters_arising(meeting=later)
    page = client_for(representative).get(later.get_absolute_url()).content.decode()
    assert "Publish the calendar" in page
    assert "Hire a second secretary" not in page
    page = client_for(coordinator).get(later.get_absolute_url()).content.decode()
    assert "Publish the calendar" in page and "Hire a second secretary" in page
    assert later.agenda_items.filter(internal=False, description__contains="Hire").count() == 0
