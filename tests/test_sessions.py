"""Sessions end after the idle time, and when the password changes (or is reset)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
HOME = "/"


def logged_in(username="sec", password="pw") -> Client:
    client = Client()
    assert (
        client.post(reverse("login"), {"username": username, "password": password}).status_code
        == 302
    )
    assert client.get(HOME).status_code == 200
    return client


def test_a_session_idle_for_longer_than_the_limit_ends(secretariat, settings, time_machine):
    assert settings.SESSION_IDLE_MINUTES == 8 * 60
    time_machine.move_to(START, tick=False)
    client = logged_in()

    time_machine.move_to(START + datetime.timedelta(hours=7, minutes=59), tick=False)
    assert client.get(HOME).status_code == 200, "seven hours idle: still logged in"
    # Activity moves the limit on: 14 hours after the login but 7 after the last request.
    time_machine.move_to(START + datetime.timedelta(hours=14), tick=False)
    assert client.get(HOME).status_code == 200

    time_machine.move_to(START + datetime.timedelta(hours=22, minutes=1), tick=False)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_idle_limit_is_a_setting(secretariat, settings, time_machine):
    settings.SESSION_IDLE_MINUTES = 30
    time_machine.move_to(START, tick=False)
    client = logged_in()
    time_machine.move_to(START + datetime.timedelta(minutes=31), tick=False)
    assert client.get(HOME).status_code == 302


def test_a_password_change_ends_the_other_sessions_but_not_this_one(representative):
    laptop, phone = logged_in("rep"), logged_in("rep")
    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": "pw",
            "new_password1": "Konjic-4-march",
            "new_password2": "Konjic-4-march",
        },
    )
    assert response.status_code == 302
    assert laptop.get(HOME).status_code == 200
    assert phone.get(HOME).status_code == 302


def test_a_password_reset_ends_every_session(secretariat):
    forgotten = logged_in()
    client = Client()
    client.post(reverse("password_reset"), {"email": secretariat.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-pass-2014", "new_password2": "a-long-new-pass-2014"},
    )
    assert done.status_code == 302
    assert forgotten.get(HOME).status_code == 302
