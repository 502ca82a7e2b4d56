"""The representative's part of the plan cycle, in a real browser on the demo data."""

from playwright.sync_api import expect

from commsplans.models import CommunicationPlan


def test_representative_answers_recommendations_revises_and_sends_the_plan(demo, login):
    page = login("statistics")
    panel = page.get_by_test_id("unanswered")
    expect(panel.get_by_role("link")).to_have_count(2)
    page.get_by_test_id("main-nav").get_by_role("link", name="Communication plans").click()
    page.get_by_role("link", name="BHAS", exact=True).click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Reviewed")

    # Answer the two open recommendations: one accepted, one declined with a reason.
    page.get_by_role("link", name="Answer 2", exact=True).click()
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your answer was saved.")).to_be_visible()
    page.get_by_role("link", name="Answer 3", exact=True).click()
    page.get_by_label("Declined").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Say why the recommendation is declined.")).to_be_visible()
    page.get_by_label("Comment or reason").fill("The schools are funded by the ministry.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Not answered")).to_have_count(0)

    # Revise: a new risk, then the revision page shows it as added.
    page.get_by_role("link", name="Edit Risks").click()
    page.locator("#id_risks-1-description").fill("Budget cuts in the autumn")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Risks saved.")).to_be_visible()
    page.get_by_role("link", name="Changes since the review").click()
    expect(page.get_by_test_id("diff-risks")).to_contain_text("+ Budget cuts in the autumn")
    expect(page.get_by_test_id("diff-activities")).to_contain_text("unchanged")
    page.get_by_role("link", name="BHAS 2014").click()

    page.get_by_role("button", name="Send the revised plan").click()
    expect(page.get_by_text("The revised plan was sent to the group.")).to_be_visible()
    expect(page.get_by_test_id("plan-status")).to_have_text("Revised")
    expect(page.get_by_role("button", name="Send the revised plan")).to_have_count(0)
    assert CommunicationPlan.objects.get(institution__acronym="BHAS").status == "revised"


def test_representative_starts_next_year_as_a_copy_and_submits_it(demo, login):
    page = login("statistics")
    page.get_by_test_id("main-nav").get_by_role("link", name="Communication plans").click()
    page.get_by_role("link", name="New plan").click()
    page.get_by_label("First year").fill("2015")
    page.get_by_label("Last year").fill("2015")
    page.get_by_label("Start as a copy of the previous period's plan").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Communication plan 2015")
    expect(page.get_by_text("Release calendar published on the website")).to_be_visible()

    # An activity that ends before it starts is refused on the form.
    page.get_by_role("link", name="Edit Activities").click()
    page.locator("#id_activities-0-end").fill("2015-01-01")
    page.locator("#id_activities-0-start").fill("2015-02-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The activity cannot end before it starts.")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The plan was submitted for review.")).to_be_visible()
    expect(page.get_by_test_id("plan-status")).to_have_text("Submitted for review")
