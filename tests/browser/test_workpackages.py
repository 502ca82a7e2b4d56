from playwright.sync_api import expect


def test_representative_reports_and_submits(demo, login):
    page = login("statistics")
    expect(page.get_by_text("indicators still to report")).to_be_visible()
    page.get_by_test_id("main-nav").get_by_role("link", name="Work package").click()
    page.get_by_role("link", name="Report progress").first.click()
    expect(page.get_by_role("heading", name="Report progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Work package 2014–2016: 2016 H2")).to_be_visible()

    page.get_by_role("link", name="Report G2.1").click()
    page.get_by_label("Value (%)").fill("130")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("A percentage must lie between 0 and 100.")).to_be_visible()

    page.get_by_label("Value (%)").fill("85")
    page.get_by_label("Narrative").fill("Decisions now go online the same week.")
    page.get_by_label("Evidence link").fill("https://bhas.example/odluke")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_test_id("value")).to_have_text("85 %")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Value (%)").fill("86")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.get_by_test_id("history")).to_contain_text("85 %")
    expect(page.get_by_test_id("history")).to_contain_text("86 %")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)

    page.goto("/workpackages/report/")
    row = page.get_by_role("row").filter(has_text="G2.1")
    expect(row).to_contain_text("Submitted")
    expect(row.get_by_role("link", name="View")).to_be_visible()
