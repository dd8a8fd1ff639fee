"""An editor's whole way in a real browser: log in, add a partner, publish it, find it."""

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.usefixtures("four_eyes_off")]


def test_editor_adds_a_partner_publishes_it_and_finds_it_on_the_public_list(
    live_server, desktop_page, live_network
):
    from playwright.sync_api import expect

    from tests.factories import make_staff
    from tests.two_factor import sign_in

    make_staff(username="redaktion", password="ein-langes-passwort")
    group = live_network.partner.group
    page = desktop_page

    page.goto(live_server.url + "/admin/")
    sign_in(page, live_server.url, "redaktion", "ein-langes-passwort")
    expect(page.locator("h2#faellig")).to_be_visible()

    page.goto(live_server.url + "/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially("Beschaffungsportal Ökologie")
    assert page.input_value("#id_slug") == "beschaffungsportal-okologie"
    page.fill("#id_teaser", "Ein Portal, das im Browsertest angelegt wurde.")
    page.fill("#id_website", "https://example.org")
    page.click(".field-group .select2-selection")
    page.keyboard.type(group.name[:8])
    page.locator(".select2-results__option", has_text=group.name).click()
    page.fill("#id_tags", "Testwort")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("erfolgreich hinzugefügt")

    row = page.locator("#result_list tr", has_text="Beschaffungsportal Ökologie")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 Eintrag veröffentlicht.")

    page.goto(live_server.url + "/partner/")
    link = page.get_by_role("link", name="Beschaffungsportal Ökologie")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_have_text("Beschaffungsportal Ökologie")
    assert page.locator(".draft-banner").count() == 0
