"""Pages in a real browser: headless Debian Chromium driven by Playwright."""

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


PAGES = [
    "/",
    "/partner/",
    "/partner/?q=Beschaffung",
    "/partner/kompass-nachhaltigkeit/",
    "/akteure/",
    "/kontakt/",
    "/suche/?q=Umwelt",
    "/barrierefreiheit/",
    "/barriere-melden/",
    "/leichte-sprache/",
    "/en/datenschutz/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_320px_phone_without_horizontal_scrolling(live_server, phone_page, path):
    response = phone_page.goto(live_server.url + path)
    assert response.status == 200
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert phone_page.locator("h1").count() == 1


def test_skip_link_is_first_and_moves_focus_to_the_content(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate("document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    assert phone_page.locator(".skip-link").bounding_box()["y"] >= 0
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("document.activeElement.id") == "inhalt"


def test_visitor_searches_from_the_header_by_keyboard(live_server, phone_page):
    from playwright.sync_api import expect

    phone_page.goto(live_server.url + "/kontakt/")
    field = phone_page.get_by_role("search").get_by_label("Suchbegriff")
    expect(field).to_be_visible()
    field.fill("Siegel")
    field.press("Enter")
    expect(phone_page.locator("h1")).to_have_text("Suche")
    expect(phone_page.locator(".result-count")).to_contain_text("für „Siegel“")
    result = phone_page.get_by_role("link", name="Siegelklarheit")
    expect(result).to_be_visible()
    expect(phone_page.locator("mark").first).to_be_visible()
    result.click()
    expect(phone_page.locator("h1")).to_have_text("Siegelklarheit")


def test_phone_number_is_a_tel_link_on_the_phone_screen(live_server, phone_page):
    phone_page.goto(live_server.url + "/partner/")
    assert phone_page.locator('footer a[href="tel:+492118371622"]').is_visible()
    assert phone_page.locator('header a[href="tel:+492118371622"]').is_visible()


def test_editor_adds_a_partner_publishes_it_and_finds_it_on_the_public_list(
    live_server, desktop_page
):
    from django.contrib.auth.models import Group, User
    from playwright.sync_api import expect

    editor = User.objects.create_user("redaktion", password="ein-langes-passwort", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    page = desktop_page

    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "redaktion")
    page.fill("#id_password", "ein-langes-passwort")
    page.click("input[type=submit]")
    expect(page.locator("h2#faellig")).to_be_visible()

    page.goto(live_server.url + "/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially("Beschaffungsportal Ökologie")
    assert page.input_value("#id_slug") == "beschaffungsportal-okologie"
    page.fill("#id_teaser", "Ein Portal, das im Browsertest angelegt wurde.")
    page.fill("#id_website", "https://example.org")
    page.click(".field-group .select2-selection")
    page.keyboard.type("Politik")
    page.locator(".select2-results__option", has_text="Politik und Verwaltung").click()
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


def test_no_page_breaks_the_content_security_policy(live_server, desktop_page):
    from django.contrib.auth.models import User

    from pages.models import AccessibilityStatement
    from partners.models import Partner

    User.objects.create_superuser("chefin", password="ein-sehr-langes-passwort")
    partner = Partner.objects.first().pk
    statement = AccessibilityStatement.objects.get().pk
    page = desktop_page
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.on("pageerror", lambda error: violations.append(str(error)))
    for path in ["/", "/partner/kompass-nachhaltigkeit/", "/suche/?q=Siegel", "/barriere-melden/"]:
        page.goto(live_server.url + path)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "chefin")
    page.fill("#id_password", "ein-sehr-langes-passwort")
    page.click("input[type=submit]")
    for path in [
        "/admin/",
        "/admin/partners/partner/",
        "/admin/partners/partner/add/",
        f"/admin/partners/partner/{partner}/change/",
        f"/admin/partners/partner/{partner}/history/",
        f"/admin/pages/accessibilitystatement/{statement}/change/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("#content").is_visible()
    page.goto(live_server.url + "/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially("Ökologie")
    assert page.input_value("#id_slug") == "okologie"  # the admin's own scripts run
    assert [text for text in violations if "Content Security Policy" in text] == []
