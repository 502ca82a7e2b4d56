"""What the demo's `statistics` user (a representative of BHAS) may do with meetings."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from meetings import access
from meetings.models import ActionItem, Meeting
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False


@pytest.fixture
def statistics(demo, client):
    client.force_login(get_user_model().objects.get(username="statistics"))
    return client


def seventh():
    return Meeting.objects.get(group__short_name="WG-CKM", number=7)


def test_statistics_reads_meetings(statistics):
    meeting = seventh()
    assert statistics.get(reverse("meetings:list")).status_code == 200
    page = statistics.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "7th meeting" in page.content.decode()
    assert "Edit meeting" not in page.content.decode()


def test_statistics_cannot_change_meetings(statistics):
    meeting = seventh()
    before = (meeting.title, meeting.status, meeting.agenda_items.count())
    assert statistics.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403
    response = statistics.post(
        reverse("meetings:edit", args=[meeting.pk]), {"title": "Hijacked", "city": "X"}
    )
    assert response.status_code == 403
    response = statistics.post(
        reverse("meetings:agenda_add", args=[meeting.pk]), {"title": "Extra item"}
    )
    assert response.status_code == 403
    response = statistics.post(reverse("meetings:status", args=[meeting.pk]), {"status": "held"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status, meeting.agenda_items.count()) == before


def test_statistics_marks_the_agency_for_statistics_action_item_done(statistics):
    item = ActionItem.objects.get(meeting=seventh(), owner__acronym="BHAS")
    assert item.status == ActionItem.Status.OPEN
    page = statistics.get(reverse("meetings:actions")).content.decode()
    assert f'action="{reverse("meetings:action_done", args=[item.pk])}"' in page
    response = statistics.post(reverse("meetings:action_done", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.done_date is not None


def test_statistics_gets_404_for_another_institutions_action_item(statistics):
    item = ActionItem.objects.get(meeting=seventh(), owner__acronym="CBBH")
    page = statistics.get(reverse("meetings:actions")).content.decode()
    assert reverse("meetings:action_done", args=[item.pk]) not in page
    response = statistics.post(reverse("meetings:action_done", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_statistics_comments_on_circulated_minutes(statistics):
    meeting = seventh()
    assert meeting.status == Meeting.Status.MINUTES_CIRCULATED
    response = statistics.post(
        reverse("meetings:comment", args=[meeting.pk]), {"text": "Please add our website."}
    )
    assert response.status_code == 302
    page = statistics.get(meeting.get_absolute_url()).content.decode()
    assert "Please add our website." in page
    assert "<strong>BHAS</strong>" in page


def test_home_shows_the_representative_their_open_action_items(statistics):
    page = statistics.get("/").content.decode()
    assert "open action items" in page
    assert "Send the revised communication plan of the Agency for Statistics" in page
    assert "Nominate two public-relations officers" not in page
    assert "Eighth meeting" in page or "8th meeting" in page


def test_home_shows_the_secretariat_minutes_in_draft(demo, client):
    meeting = Meeting.objects.get(group__short_name="WG-CKM", number=7)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_DRAFT)
    client.force_login(get_user_model().objects.get(username="secretariat"))
    page = client.get("/").content.decode()
    assert "Minutes still to finish" in page
    assert f'href="{meeting.get_absolute_url()}">7th meeting</a>' in page


def test_demo_is_idempotent_and_numbers_the_seventh_seven(demo, settings):
    counts = (Meeting.objects.count(), ActionItem.objects.count())
    settings.DEBUG = True
    call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Meeting.objects.count(), ActionItem.objects.count()) == counts
    meeting = seventh()
    assert meeting.city == "Konjic" and str(meeting.date) == "2014-03-04"
    assert meeting.organiser.acronym == "GIZ"
    assert meeting.attendances.filter(status="present").count() == 7
    assert all(a.persons.exists() for a in meeting.attendances.all())
    assert meeting.agenda_items.count() == 4
    assert meeting.decisions.get(number=1).register_number == "7/D1"
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED).exists()


def test_representatives_do_not_see_internal_items_or_decisions(
    client_for, representative, coordinator, group
):
    meeting = MeetingFactory(group=group)
    public = AgendaItemFactory(meeting=meeting, title="Open point")
    secret = AgendaItemFactory(meeting=meeting, title="Closed point", internal=True)
    DecisionFactory(meeting=meeting, agenda_item=public, text="Plain decision")
    DecisionFactory(meeting=meeting, agenda_item=public, text="Quiet decision", internal=True)
    DecisionFactory(meeting=meeting, agenda_item=secret, text="Decision on closed point")
    hidden = ("Closed point", "Quiet decision", "Decision on closed point")
    for url in (meeting.get_absolute_url(), reverse("meetings:decisions")):
        page = client_for(representative).get(url).content.decode()
        assert "Plain decision" in page
        assert not [text for text in hidden if text in page], url
        page = client_for(coordinator).get(url).content.decode()
        assert all(text in page for text in hidden), url
    assert set(access.visible_decisions(representative).values_list("text", flat=True)) == {
        "Plain decision"
    }
    assert access.visible_decisions(coordinator).count() == 3
