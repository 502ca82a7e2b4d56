from pathlib import Path

from playwright.sync_api import expect

from tests.documents.conftest import pdf_text


def test_coordinator_requests_the_progress_report_for_a_period_and_downloads_it(demo, login):
    page = login("coordinator")
    page.get_by_test_id("main-nav").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    card = page.get_by_role("region", name="Work-package progress report")
    # The demo's only work package is chosen already.
    expect(card.get_by_label("Work package").locator("option:checked")).to_have_text(
        "Work package 2014–2016"
    )
    card.get_by_label("Reporting period").select_option(label="2015 H2")
    card.get_by_label("Language of the document").select_option("en")
    card.get_by_role("button", name="Request").click()
    expect(page.get_by_role("alert")).to_contain_text("Progress report 2015 H2")
    row = page.locator("#document-list tbody tr").first
    expect(row).to_contain_text("Progress report 2015 H2: Work package 2014")
    expect(row).to_contain_text("Ready", timeout=30_000)
    with page.expect_download() as info:
        row.get_by_role("link", name="Download").click()
    download = info.value
    assert download.suggested_filename.endswith("-2015-h2-en.pdf")
    text = " ".join(pdf_text(Path(download.path()).read_bytes()).split())
    assert "Progress report 2015 H2" in text
    assert "G1 Cooperation with civil society" in text
    assert "Public consultations held with civil-society organisations" in text
    assert "Latest approved value" in text
    assert "On track" in text and "At risk" in text
    assert "Results by institution" in text
    assert "Agency for Statistics of BiH (BHAS)" in text
