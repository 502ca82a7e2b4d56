"""Two tabs on one plan: the second save is refused and shows both versions, in Chromium."""

from playwright.sync_api import expect

from tests.commsplans.factories import plan_with_content


def test_second_tab_sees_both_versions_and_saves_after_copying(
    representative, institution, group, login, page
):
    plan = plan_with_content(institution=institution, group=group, context="Old context.")
    representative.set_password("demo")
    representative.save()
    login(representative.username)
    other = page.context.new_page()
    edit = f"/plans/{plan.pk}/edit/"
    page.goto(edit)
    other.goto(edit)

    page.get_by_label("Context").fill("Context from the first tab.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The plan was saved.")).to_be_visible()

    other.get_by_label("Context").fill("Context from the second tab.")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_text("Nothing was saved")).to_be_visible()
    table = other.get_by_role("region", name="Their version and yours")
    expect(table).to_contain_text("Context from the first tab.")
    expect(table).to_contain_text("Context from the second tab.")
    plan.refresh_from_db()
    assert plan.context == "Context from the first tab."

    # The refused form now carries the saved version: saving again is accepted.
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_text("The plan was saved.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.context == "Context from the second tab."
