"""Plain-text e-mails say what was typed; the HTML part escapes it; one-line fields stay one line."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from portal.notifications.emails import render_email
from portal.notifications.services import run_rules, send_due
from tests.factories import WorkingGroupFactory
from tests.notifications.factories import MeetingFactory, delegate

TZ = ZoneInfo("Europe/Sarajevo")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


@pytest.fixture
def invitation(db, time_machine):
    """The English invitation to a meeting whose title and place hold HTML and CR/LF."""

    def send(**meeting_fields):
        group = WorkingGroupFactory(short_name="WG-Q")
        delegate(group, name="Dan <b>Deputy</b>", email="dan@example.org", language="en")
        time_machine.move_to(at(2026, 11, 2, 9, 0), tick=False)
        MeetingFactory(group=group, date=datetime.date(2026, 12, 10), **meeting_fields)
        time_machine.move_to(at(2026, 11, 2, 9, 6), tick=False)
        run_rules(now=at(2026, 11, 2, 9, 6))
        send_due(now=at(2026, 11, 2, 9, 6))
        (message,) = mail.outbox
        return message

    return send


def test_text_part_and_subject_are_not_html_escaped(invitation):
    message = invitation(title="Q&A <script>", city="Banja Luka", venue="Hall \"A\" & 'B'")

    assert message.subject.startswith("Invitation: WG-Q meeting 1, Q&A <script>")
    assert "&amp;" not in message.subject and "&lt;" not in message.subject
    assert "Q&A <script>" in message.body
    assert "Hall \"A\" & 'B', Banja Luka" in message.body
    assert "Dear Dan <b>Deputy</b>," in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    assert "&#x27;" not in message.body and "&quot;" not in message.body

    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Q&amp;A &lt;script&gt;" in html
    assert "<script>" not in html
    assert "Dan &lt;b&gt;Deputy&lt;/b&gt;" in html


def test_line_breaks_in_one_line_fields_do_not_start_a_new_line(invitation):
    message = invitation(title="Budget\r\nBcc: title@evil.example", city="Konjic\r\nBcc: x")

    lines = message.body.splitlines()
    assert not any(line.startswith("Bcc:") for line in lines), message.body
    (place,) = [line for line in lines if line.startswith("Place:")]
    assert "Konjic Bcc: x" in place
    (meeting_line,) = [line for line in lines if line.startswith("Meeting:")]
    assert "Budget Bcc: title@evil.example" in meeting_line
    assert "\r" not in message.subject and "\n" not in message.subject
    assert message.to == ["dan@example.org"] and message.bcc == []
    assert "Bcc" not in message.message()


def test_control_characters_are_dropped_from_one_line_fields(invitation):
    message = invitation(title="Plan\x07\x1b[31m\u2028next", city="Mostar\x0b")

    (meeting_line,) = [line for line in message.body.splitlines() if line.startswith("Meeting:")]
    assert "Plan [31m next" in meeting_line
    assert "\x1b" not in message.body and "\x07" not in message.body
    assert "\u2028" not in message.body and "\x0b" not in message.body


def test_the_builder_keeps_html_escaping_for_the_html_template_only(settings, db):
    recipient = type("Recipient", (), {"name": "Q&A <script>"})()
    subject, text, html = render_email("emails/test/hello", {"recipient": recipient}, language="en")
    assert subject == "Hello Q&A <script>"
    assert "Q&A <script>" in text
    assert "Q&amp;A &lt;script&gt;" in html
