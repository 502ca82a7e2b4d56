"""Log-in limits: per username and address, and per address whatever the usernames."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def log_in(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_thirty_usernames_tried_from_one_address_lock_that_address_out(
    client, secretariat, settings
):
    answers = [log_in(client, f"guess{n}", "wrong", ATTACKER).status_code for n in range(30)]
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit < 30
    assert set(answers[: limit - 1]) == {200}, "each wrong guess before the limit is a form error"
    assert set(answers[limit:]) == {429}, "then the address is locked out"

    # Even the right password does not get through from that address...
    response = log_in(client, "sec", "pw", ATTACKER)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    # ...while the same person logs in from another address.
    assert log_in(client, "sec", "pw", OFFICE).status_code == 302


def test_an_office_mistyping_a_few_times_is_not_locked_out(client, secretariat, settings):
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        assert log_in(client, f"colleague{n}", "wrong", OFFICE).status_code == 200
    assert log_in(client, "sec", "pw", OFFICE).status_code == 302


def test_one_username_is_still_locked_after_the_smaller_limit(client, secretariat, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "sec", "wrong", OFFICE)
    assert log_in(client, "sec", "pw", OFFICE).status_code == 429
    assert log_in(client, "other", "wrong", OFFICE).status_code == 200, (
        "another username from the address is not locked by one username's failures"
    )
