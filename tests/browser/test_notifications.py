from django.core import mail
from playwright.sync_api import expect

from portal.notifications.models import Notification
from tests.notifications.factories import NotificationFactory


def test_secretariat_finds_a_failed_email_in_the_outbox_and_retries_it(demo, login):
    NotificationFactory(subject="Poziv: sastanak 8", email="amra@example.org", status="sent")
    failed = NotificationFactory(
        subject="Reminder: meeting 8",
        email="nobody@example.org",
        status=Notification.Status.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: 550 No such user",
    )
    page = login("secretariat")
    page.get_by_test_id("main-nav").get_by_role("link", name="Outbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    page.get_by_label("Status", exact=True).select_option("failed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.get_by_text("550 No such user")).to_be_visible()
    page.get_by_role("button", name="Retry nobody@example.org").click()
    expect(page.get_by_role("alert")).to_contain_text("queued again")
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [["nobody@example.org"]]


def test_representative_turns_reminders_off_from_my_account(demo, login):
    page = login("statistics")
    page.goto("/account/")
    page.get_by_role("link", name="E-mail notifications").click()
    reminders = page.get_by_label("Reminders before meetings")
    expect(reminders).to_be_checked()
    reminders.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("preferences were saved")
    expect(page.get_by_label("Reminders before meetings")).not_to_be_checked()
    expect(page.get_by_label("Meeting invitations, changes and cancellations")).to_be_checked()
    nav = page.get_by_test_id("main-nav")
    expect(nav.get_by_role("link", name="Outbox")).to_have_count(0)
