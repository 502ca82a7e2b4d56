"""The secretariat's outbox page: what went to whom and when, what failed and why, retry."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from tests.notifications.factories import NotificationFactory


def test_secretariat_sees_what_went_to_whom_and_why_one_failed(client_for, secretariat):
    NotificationFactory(
        email="amra@example.org",
        recipient_name="Amra",
        subject="Poziv: WG sastanak 8",
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        kind="meeting_invitations",
    )
    NotificationFactory(
        email="bad@example.org",
        subject="Reminder: WG meeting 8",
        status=Notification.Status.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: No such user",
    )
    html = client_for(secretariat).get(reverse("notifications:outbox")).content.decode()
    assert "amra@example.org" in html and "Poziv: WG sastanak 8" in html
    assert "Meeting invitations, changes and cancellations" in html
    assert "SMTPRecipientsRefused: No such user" in html
    assert html.count(">Retry<") == 1


def test_outbox_filters_by_status_and_kind(client_for, secretariat):
    NotificationFactory(subject="Sent one", status=Notification.Status.SENT)
    NotificationFactory(subject="Failed one", status=Notification.Status.FAILED)
    NotificationFactory(subject="Minutes one", kind="meeting_minutes")
    client = client_for(secretariat)
    html = client.get(reverse("notifications:outbox"), {"status": "failed"}).content.decode()
    assert "Failed one" in html and "Sent one" not in html
    html = client.get(reverse("notifications:outbox"), {"kind": "meeting_minutes"}).content.decode()
    assert "Minutes one" in html and "Failed one" not in html


def test_retry_sends_a_failed_row_again(
    client_for, secretariat, django_capture_on_commit_callbacks
):
    row = NotificationFactory(
        status=Notification.Status.FAILED,
        attempts=8,
        last_error="SMTPServerDisconnected",
        next_attempt_at=timezone.now() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(
            reverse("notifications:retry", args=[row.pk]), {"query": "status=failed"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:outbox") + "?status=failed"
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [[row.email]]


def test_retry_of_a_sent_row_sends_nothing(client_for, secretariat):
    row = NotificationFactory(status=Notification.Status.SENT)
    response = client_for(secretariat).post(
        reverse("notifications:retry", args=[row.pk]), follow=True
    )
    assert "Only failed e-mails can be retried." in response.content.decode()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT


def test_outbox_nav_item_is_for_the_secretariat_only(
    client_for, secretariat, representative, coordinator
):
    url = reverse("notifications:outbox")
    assert url in client_for(secretariat).get(reverse("home")).content.decode()
    assert url not in client_for(coordinator).get(reverse("home")).content.decode()
    assert url not in client_for(representative).get(reverse("home")).content.decode()


def test_outbox_query_count_does_not_grow_with_rows(
    client_for, secretariat, django_assert_max_num_queries
):
    client = client_for(secretariat)
    NotificationFactory.create_batch(3, status=Notification.Status.FAILED)
    client.get(reverse("notifications:outbox"))  # warm the session and content types
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("notifications:outbox"))
    NotificationFactory.create_batch(60, status=Notification.Status.FAILED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("notifications:outbox"))
    assert response.context["page"].paginator.count == 63
