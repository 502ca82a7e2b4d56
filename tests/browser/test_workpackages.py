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


def test_secretariat_reports_and_approves_a_group_value(demo, login):
    page = login("secretariat")
    page.get_by_role("link", name="1 group indicator still to report").click()
    expect(page.get_by_role("heading", name="Report for the group", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Work package 2014–2016: 2016 H2")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="G7.3")
    expect(row).to_contain_text("Not reported")
    row.get_by_role("link", name="Report G7.3").click()
    page.get_by_label("Value").fill("6")
    page.get_by_label("Narrative").fill("The study visit to Ljubljana made six.")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    expect(page.get_by_test_id("value")).to_have_text("6")

    page.goto("/workpackages/review/")
    queue_row = page.get_by_role("row").filter(has_text="G7.3")
    expect(queue_row).to_contain_text("Whole group")
    queue_row.get_by_role("link").first.click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Review saved.")).to_be_visible()

    page.goto("/workpackages/")
    page.get_by_role("link", name="Work package 2014–2016").click()
    indicator_row = page.get_by_role("row").filter(has_text="G7.3")
    expect(indicator_row).to_contain_text("6 (2016 H2)")
    expect(indicator_row).to_contain_text("On track")
