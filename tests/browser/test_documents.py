from pathlib import Path

from playwright.sync_api import expect

from tests.documents.conftest import pdf_text


def test_coordinator_requests_the_institution_report_and_downloads_it(demo, login):
    page = login("coordinator")
    page.get_by_test_id("main-nav").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    card = page.get_by_role("region", name="Institution report")
    card.get_by_label("Institution").select_option(label="Agency for Statistics of BiH (BHAS)")
    card.get_by_label("Language of the document").select_option("bs")
    card.get_by_role("button", name="Request").click()
    expect(page.get_by_role("alert")).to_contain_text("Izvještaj o instituciji")
    row = page.locator("#document-list tbody tr").first
    expect(row).to_contain_text("Izvještaj o instituciji: Agencija za statistiku BiH")
    expect(row).to_contain_text("Ready", timeout=30_000)
    with page.expect_download() as info:
        row.get_by_role("link", name="Download").click()
    download = info.value
    assert download.suggested_filename == "institution-report-bhas-bs.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Agencija za statistiku BiH" in text
    assert "Amra Čaušević" in text
