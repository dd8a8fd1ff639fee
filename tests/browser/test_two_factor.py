"""The second factor in a real browser: a new account sets up a passkey (Chromium's virtual
authenticator over the DevTools protocol) or an authenticator app, sees its recovery codes,
reaches the back office and signs in with the factor next time, under the admin's CSP.
Screenshots of the pages (desktop 1280 x 900 and phone 375 wide) land in the test's folder."""

import pytest

from tests.conftest import needs_chromium
from tests.two_factor import app_code

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "ein-langes-passwort"
# The virtual authenticator may take some seconds for a ceremony.
CEREMONY = 20_000
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


class Browser:
    """A browser page on the live server that notes every CSP violation and script error."""

    def __init__(self, browser, live_server, viewport="desktop"):
        self.context = browser.new_context(viewport=VIEWPORTS[viewport], locale="de-DE")
        self.page = self.context.new_page()
        self.url = live_server.url
        self.problems = []
        self.page.on("console", self.note_console)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("response", self.note_response)

    def note_console(self, message):
        # A failed request is noted by `note_response`, with its address.
        if "Failed to load resource" in message.text:
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(message.text)

    def note_response(self, response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.problems.append(f"{response.status} {response.url}")

    def sign_in_with_password(self, username):
        self.page.goto(self.url + "/admin/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")

    def sign_out(self):
        self.page.click("#logout-form button")
        self.page.wait_for_url("**/logout/")

    def virtual_authenticator(self):
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("WebAuthn.enable")
        options = {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
        }
        return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def press_once_ready(page, button):
    """django-otp-webauthn's script inserts the button and then, after loading its
    translations, listens to it: a click in between would do nothing."""
    page.wait_for_load_state("networkidle")
    page.click(button)


@pytest.fixture
def live_roles(transactional_db):
    from tests import initial_content

    initial_content.load_staff_roles()


def test_a_new_account_sets_up_a_passkey_and_signs_in_with_it(browser, live_server, live_roles):
    from django_otp_webauthn.models import WebAuthnCredential
    from playwright.sync_api import expect

    from tests.factories import make_staff

    make_staff(username="passkey", password=PASSWORD)
    window = Browser(browser, live_server)
    page = window.page
    window.virtual_authenticator()

    window.sign_in_with_password("passkey")
    expect(page.locator("h1")).to_have_text("Zweiten Faktor einrichten")
    page.click("text=Passkey oder Sicherheitsschlüssel")
    expect(page.locator("h1")).to_have_text("Passkey oder Sicherheitsschlüssel einrichten")
    press_once_ready(page, "#passkey-register-button")
    expect(page.locator("h1")).to_have_text("Ihre Wiederherstellungscodes", timeout=CEREMONY)
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert WebAuthnCredential.objects.filter(user__username="passkey", confirmed=True).count() == 1
    page.click("text=Weiter zum Backoffice")
    expect(page.locator("#user-tools")).to_be_visible()
    assert page.url == live_server.url + "/admin/"

    window.sign_out()
    window.sign_in_with_password("passkey")
    expect(page.locator("h1")).to_have_text("Anmeldung bestätigen")
    press_once_ready(page, "#passkey-verification-button")
    expect(page.locator("#user-tools")).to_be_visible(timeout=CEREMONY)
    page.goto(live_server.url + "/admin/partners/partner/")
    expect(page.locator("#changelist")).to_be_visible()
    assert window.problems == []
    window.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_new_account_sets_up_the_app_with_the_keyboard(
    browser, live_server, live_roles, viewport, tmp_path
):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    from tests.factories import make_staff

    make_staff(username="app", password=PASSWORD)
    window = Browser(browser, live_server, viewport)
    page = window.page

    def shot(name):
        page.screenshot(path=str(tmp_path / f"{name}-{viewport}.png"), full_page=True)

    window.sign_in_with_password("app")
    expect(page.locator("h1")).to_have_text("Zweiten Faktor einrichten")
    shot("setup")
    page.focus("text=Authenticator-App")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Authenticator-App einrichten")
    assert page.evaluate("document.activeElement.id") == "id_code"  # autofocus
    expect(page.locator("svg.qr-code")).to_be_visible()
    page.click("summary")
    secret = page.locator(".two-factor-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user__username="app")
    assert len(secret) == 32
    shot("setup-app")
    page.focus("#id_code")
    page.keyboard.type(app_code(device))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ihre Wiederherstellungscodes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    expect(page.locator("text=Codes drucken")).to_be_visible()
    shot("codes")
    page.click("text=Weiter zum Backoffice")
    expect(page.locator("#user-tools")).to_be_visible()

    window.sign_out()
    window.sign_in_with_password("app")
    expect(page.locator("h1")).to_have_text("Anmeldung bestätigen")
    assert page.evaluate("document.activeElement.id") == "id_code"
    page.keyboard.type("000000" if app_code(device) != "000000" else "111111")
    page.keyboard.press("Enter")
    expect(page.locator(".errornote")).to_contain_text("Der Code stimmt nicht")
    shot("verify-error")
    page.goto(live_server.url + "/admin/zweiter-faktor/bestaetigen/")
    shot("verify")
    assert window.problems == []
    window.context.close()
