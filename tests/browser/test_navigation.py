import pytest
from playwright.sync_api import expect

COMMON = ["Meetings", "Work package", "Communication plans", "Reports", "Institutions"]
EXPECTED_NAV = {
    "secretariat": [*COMMON, "Outbox"],
    "coordinator": COMMON,
    "statistics": COMMON,
}


@pytest.mark.parametrize("username", ["secretariat", "coordinator", "statistics"])
def test_each_demo_role_sees_its_navigation(demo, login, username):
    page = login(username)
    nav = page.get_by_test_id("main-nav")
    labels = [label.strip() for label in nav.get_by_role("link").all_inner_texts()]
    assert labels == EXPECTED_NAV[username]
    assert ("Administration" in labels) is False
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_secretariat_sees_the_seven_institutions_and_can_add_one(demo, login):
    page = login("secretariat")
    page.get_by_test_id("main-nav").get_by_role("link", name="Institutions").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(8)  # the seven members and GIZ
    for acronym in ["PARCO", "DEI", "HEA", "APOSO", "BHAS", "ADS", "CBBH"]:
        expect(page.get_by_role("link", name=acronym, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="New institution")).to_be_visible()


def test_representative_is_offered_no_edit_and_is_refused_the_form(demo, login, live_server):
    page = login("statistics")
    page.get_by_test_id("main-nav").get_by_role("link", name="Institutions").click()
    expect(page.get_by_role("link", name="New institution")).to_have_count(0)
    page.get_by_role("link", name="CBBH", exact=True).click()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    response = page.goto(page.url + "edit/")
    assert response.status == 403


def test_switching_to_bosnian_translates_the_navigation(demo, login):
    page = login("secretariat")
    page.get_by_label("Language").select_option("bs")
    page.get_by_role("button", name="Change").click()
    nav = page.get_by_test_id("main-nav")
    expect(nav.get_by_role("link", name="Institucije")).to_be_visible()
    nav.get_by_role("link", name="Institucije").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Institucije")
    expect(page.get_by_text("Agencija za statistiku BiH")).to_be_visible()
