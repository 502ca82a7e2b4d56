from pathlib import Path

from playwright.sync_api import expect

from meetings.models import Meeting
from tests.documents.conftest import pdf_text


def test_coordinator_requests_public_minutes_from_the_meeting_page(demo, login, live_server):
    seventh = Meeting.objects.get(number=7, title="Seventh meeting of the working group")
    page = login("coordinator")
    page.goto(live_server.url + seventh.get_absolute_url())
    panel = page.get_by_role("region", name="Minutes").last
    expect(panel.get_by_label("Include internal agenda items and decisions")).to_be_checked()
    panel.get_by_label("Include internal agenda items and decisions").uncheck()
    panel.get_by_label("Include action items").uncheck()
    panel.get_by_label("Language of the document").select_option("en")
    panel.get_by_role("button", name="Request").click()
    expect(page.get_by_role("alert")).to_contain_text("Minutes of the 7th meeting")
    expect(page).to_have_url(live_server.url + seventh.get_absolute_url())
    link = page.get_by_test_id("document-panel-list").get_by_role("link", name="Download").first
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("minutes-")
    text = " ".join(pdf_text(Path(download.path()).read_bytes()).split())
    assert "Minutes of the 7th meeting" in text
    assert "Agency for Statistics of BiH" in text
    assert "7/D1" in text and "7/D2" in text
    assert "7/D3" not in text  # the internal decision
    assert "7/A1" not in text  # action items were left out
