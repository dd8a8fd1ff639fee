"""Publishing on a date in a real browser: staff set "Veröffentlichen ab/bis" in the back
office, and the entry appears and disappears on the public list by itself as the clock
moves on (the live server runs in the test's process and reads the moved clock)."""

import os

import pytest
from django.utils import timezone

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

# Where the screenshot of the fieldset goes, to look at it (unset: none is taken).
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")


def fill_moment(page, field, moment):
    local = timezone.localtime(moment)
    page.fill(f"#id_{field}_0", local.strftime("%d.%m.%Y"))
    page.fill(f"#id_{field}_1", local.strftime("%H:%M"))


def test_staff_schedule_a_partner_and_it_appears_and_disappears_on_its_own(
    live_server, browser, desktop_page, live_network, clock, settings
):
    from playwright.sync_api import expect

    from tests.factories import make_staff
    from tests.two_factor import sign_in

    settings.FOUR_EYES = False  # one person: the save goes live (four eyes: core/release.py)
    partner = live_network.other_partner
    make_staff(username="redaktion", password="ein-langes-passwort")
    page = desktop_page
    sign_in(page, live_server.url, "redaktion", "ein-langes-passwort")

    page.goto(f"{live_server.url}/admin/partners/partner/{partner.pk}/change/")
    fieldset = page.locator("fieldset", has=page.locator("h2", has_text="Veröffentlichung"))
    expect(fieldset.get_by_text("Leer: sofort sichtbar, sobald veröffentlicht.")).to_be_visible()
    fill_moment(page, "publish_from", clock.at(hours=1))
    fill_moment(page, "publish_until", clock.at(hours=3))
    if SCREENSHOT_DIR:
        fieldset.screenshot(path=f"{SCREENSHOT_DIR}/veroeffentlichung-fieldset.png")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    row = page.locator("#result_list tr", has_text=partner.name)
    expect(row.locator(".field-visibility")).to_contain_text("geplant ab ")

    visitor = browser.new_context(locale="de-DE").new_page()
    visitor.goto(f"{live_server.url}/partner/")
    expect(visitor.get_by_role("link", name="Testportal Siegel")).to_be_visible()
    expect(visitor.get_by_role("link", name=partner.name)).to_have_count(0)
    clock(hours=1, minutes=1)
    visitor.reload()
    expect(visitor.get_by_role("link", name=partner.name)).to_be_visible()
    clock(hours=2)
    visitor.reload()
    expect(visitor.get_by_role("link", name="Testportal Siegel")).to_be_visible()
    expect(visitor.get_by_role("link", name=partner.name)).to_have_count(0)
    visitor.goto(f"{live_server.url}{partner.get_absolute_url()}")
    expect(visitor.locator("h1")).not_to_have_text(partner.name)  # the page "not found"
    visitor.context.close()
