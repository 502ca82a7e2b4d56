"""Two meetings created at the same instant in the same group get different numbers."""

import datetime
import threading

import pytest
from django.db import connection, connections

from meetings import services
from meetings.models import Meeting
from tests.factories import WorkingGroupFactory

DETAILS = services.MeetingDetails(
    title="Race",
    date=datetime.date(2014, 3, 4),
    start_time=datetime.time(10),
    end_time=datetime.time(12),
    city="Konjic",
)


@pytest.mark.django_db(transaction=True)
def test_two_meetings_created_at_once_in_one_group_get_different_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database and has no row locks; CI runs PostgreSQL")
    group = WorkingGroupFactory(short_name="WG-RACE")
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def create():
        try:
            barrier.wait(timeout=10)
            numbers.append(services.meeting_create(group=group, details=DETAILS).number)
        except Exception as error:  # reported below, so a failure shows its cause
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(numbers) == [1, 2]
    assert sorted(Meeting.objects.filter(group=group).values_list("number", flat=True)) == [1, 2]
