"""A logo uploaded in the admin in a browser appears on the public pages, loaded from our
own host in a format the browser takes."""

import os
from pathlib import Path

import pytest

from tests.conftest import needs_chromium
from tests.logos import image_bytes

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def shots(tmp_path):
    """Where the screenshots go: SCREENSHOT_DIR to look at them, else a temporary folder."""
    return Path(os.environ.get("SCREENSHOT_DIR", tmp_path))


def test_a_logo_uploaded_in_the_admin_shows_on_the_public_pages(
    editor_page,
    admin_network,
    live_server,
    settings,
    tmp_path,
    shots,
    browser,
):
    from playwright.sync_api import expect

    from tests.factories import make_partner

    settings.FOUR_EYES = False  # the editor's upload goes live at once
    settings.MEDIA_ROOT = tmp_path
    partner = admin_network.long_partner
    for n in range(5):  # a list with several logos for the screenshots
        make_partner(
            name=f"Partner mit Logo {n + 1}",
            group=partner.group,
            order=n,
            logo=_upload(image_bytes("PNG", (900, 300), color=(20 + n * 40, 110, 80))),
            logo_alt=f"Logo von Partner {n + 1}",
        )
    page = editor_page
    page.goto(f"{live_server.url}/admin/partners/partner/{partner.pk}/change/")
    fieldset = page.locator("fieldset", has=page.locator("#id_logo"))
    expect(fieldset.locator("h2")).to_have_text("Logo")
    expect(fieldset).to_contain_text("kein Logo")
    page.set_input_files(
        "#id_logo",
        files=[{"name": "logo.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}],
    )
    page.fill("#id_logo_alt", "Logo der langen Kompetenzstelle")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    preview = fieldset.locator("img.logo-preview")
    expect(preview).to_have_attribute("alt", "Logo der langen Kompetenzstelle")
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 160
    fieldset.scroll_into_view_if_needed()
    fieldset.screenshot(path=str(shots / "admin-logo-fieldset.png"))

    page.goto(live_server.url + partner.get_absolute_url())
    logo = page.locator(".detail picture img")
    expect(logo).to_have_attribute("alt", "Logo der langen Kompetenzstelle")
    loaded = logo.evaluate("img => [img.complete, img.naturalWidth, img.currentSrc]")
    assert loaded[0] and loaded[1] == 160
    assert loaded[2].startswith(live_server.url + "/medien/logos/") and loaded[2].endswith(".webp")

    for name, viewport in [("phone", (375, 800)), ("desktop", (1280, 900))]:
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, locale="de-DE"
        )
        public = context.new_page()
        public.goto(live_server.url + "/partner/")
        expect(public.locator(".card picture img").first).to_be_visible()
        public.screenshot(path=str(shots / f"partner-list-logos-{name}.png"), full_page=True)
        context.close()


def _upload(data):
    from tests.logos import upload

    return upload(data)
