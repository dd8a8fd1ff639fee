"""Everything works with the keyboard alone, with a visible focus."""

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_skip_link_is_first_and_moves_focus_to_the_content(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate("document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    assert phone_page.locator(".skip-link").bounding_box()["y"] >= 0
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("document.activeElement.id") == "inhalt"


@pytest.mark.parametrize("path", ["/", "/partner/", "/barriere-melden/", "/en/kontakt/"])
def test_every_control_is_reached_by_tab_with_a_visible_focus(live_server, desktop_page, path):
    page = desktop_page
    page.goto(live_server.url + path)
    controls = """[...document.querySelectorAll(
            'a[href], button, input, select, textarea, summary')]
        .filter(el => el.offsetParent !== null && el.tabIndex >= 0)"""
    count = page.evaluate(f"{controls}.length")
    reached = set()
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            f"""() => {{
                const el = document.activeElement, style = getComputedStyle(el);
                return {{index: {controls}.indexOf(el), html: el.outerHTML.slice(0, 120),
                        outline: style.outlineStyle, shadow: style.boxShadow}};
            }}"""
        )
        if focused["index"] < 0:
            break
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused["html"]
        reached.add(focused["index"])
    assert reached == set(range(count))


def test_visitor_searches_from_the_header_by_keyboard(live_server, phone_page, live_network):
    from playwright.sync_api import expect

    partner = live_network.partner
    phone_page.goto(live_server.url + "/kontakt/")
    field = phone_page.get_by_role("search").get_by_label("Suchbegriff")
    expect(field).to_be_visible()
    field.fill("Siegel")
    field.press("Enter")
    expect(phone_page.locator("h1")).to_have_text("Suche")
    expect(phone_page.locator(".result-count")).to_contain_text("für „Siegel“")
    result = phone_page.get_by_role("link", name=partner.name)
    expect(result).to_be_visible()
    expect(phone_page.locator("mark").first).to_be_visible()
    result.click()
    expect(phone_page.locator("h1")).to_have_text(partner.name)


def test_visitor_reports_a_barrier_with_the_keyboard_alone(live_server, desktop_page):
    from playwright.sync_api import expect

    from pages.models import BarrierReport

    page = desktop_page
    page.goto(live_server.url + "/barrierefreiheit/")
    page.get_by_role("link", name="Barriere melden (Formular)").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Barriere melden")
    page.locator("#id_name").focus()
    page.keyboard.type("Erika Muster")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # e-mail stays empty
    page.keyboard.type("/partner/")
    page.keyboard.press("Tab")  # to the message, left empty
    page.keyboard.press("Tab")  # to the button; the hidden trap field is skipped
    page.keyboard.press("Enter")  # the message is missing: an error, the text stays
    expect(page.locator(".notice")).to_contain_text("Bitte beschreiben Sie die Barriere.")
    expect(page.locator("#id_name")).to_have_value("Erika Muster")
    page.locator(".notice a[href='#id_message']").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Der Kontrast der Schlagwörter ist zu schwach.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Meldung absenden"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Meldung")
    report = BarrierReport.objects.get()
    assert (report.name, report.page) == ("Erika Muster", "/partner/")
