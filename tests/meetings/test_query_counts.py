"""The meetings list and the meeting page cost the same queries for 2 or 40 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Person
from meetings.models import Attendance
from tests.factories import PersonFactory, member_institution
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)


def fill(group, size: int):
    meeting = MeetingFactory(group=group)
    for n in range(size):
        institution = member_institution(group, acronym=f"I{size}-{n}")
        person = PersonFactory(institution=institution)
        attendance = Attendance.objects.create(
            meeting=meeting, institution=institution, status="present"
        )
        attendance.persons.add(person)
        item = AgendaItemFactory(meeting=meeting)
        DecisionFactory(meeting=meeting, agenda_item=item)
        ActionItemFactory(meeting=meeting, agenda_item=item, owner=institution, owner_person=person)
    for _ in range(size):
        MeetingFactory(group=group)
    return meeting


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["detail", "list"])
def test_same_queries_for_2_or_40_attendees_items_and_decisions(
    client_for, secretariat, group, view, django_assert_max_num_queries
):
    from tests.factories import WorkingGroupFactory

    client = client_for(secretariat)
    small = fill(group, 2)
    url = small.get_absolute_url() if view == "detail" else reverse("meetings:list")
    client.get(url)  # warm the session and permission caches
    small_count = count(client, url)

    big_group = WorkingGroupFactory(short_name="WG-BIG")
    big = fill(big_group, 40)
    assert Person.objects.count() >= 42
    url = big.get_absolute_url() if view == "detail" else reverse("meetings:list")
    big_count = count(client, url)
    assert big_count == small_count
    with django_assert_max_num_queries(small_count):
        client.get(url)
