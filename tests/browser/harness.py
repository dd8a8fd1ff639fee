"""What the tests in a real browser share: the sample network on the live server, a
phone's and a desktop's browser page on it, and the axe-core check.

A folder's conftest.py imports the fixtures; there they take the place of
tests/conftest.py's `phone_page` and `desktop_page`, which show the initial content.
axe-core comes bundled with the axe-playwright-python package; nothing is downloaded
at run time.
"""

import pytest

from tests import initial_content
from tests.factories import SampleNetwork
from tests.public_pages import PUBLIC_PAGES

# The pages a visitor reaches, by what they show: every kind of public page, the pages
# of the pages app, the forms and their thank-you pages, and pages for odd input.
BROWSER_PAGES = {
    **PUBLIC_PAGES,
    "partners of an unknown group": lambda network: "/partner/?gruppe=gibt-es-nicht",
    "search without results": lambda network: "/suche/?q=!!!",
    "search for another word": lambda network: "/suche/?q=Umwelt",
    "accessibility statement": lambda network: "/barrierefreiheit/",
    "barrier form": lambda network: "/barriere-melden/",
    "barrier thanks": lambda network: "/barriere-melden/danke/",
    "entry report form": lambda network: f"{network.partner.get_absolute_url()}melden/",
    "proposal form": lambda network: "/mitmachen/",
    "proposal sent": lambda network: "/mitmachen/gesendet/",
    "easy language": lambda network: "/leichte-sprache/",
    "sign language": lambda network: "/gebaerdensprache/",
    "imprint": lambda network: "/impressum/",
    "privacy": lambda network: "/datenschutz/",
    "unknown page": lambda network: "/gibt-es-nicht/",
}
# The visitor forms among them: opening one sets the CSRF cookie.
FORM_PAGES = {"barrier form", "entry report form", "proposal form"}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page):
    """The WCAG 2.1 AA violations axe-core finds on the page, and a readable report."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return results.response["violations"], results.generate_report()


def restore_staff_roles():
    """The staff roles of the data migrations; the live server's database is emptied
    after each test, roles included."""
    initial_content.load_staff_roles()


@pytest.fixture
def live_network(transactional_db):
    """The sample network (tests/factories.py), for the live server."""
    restore_staff_roles()
    return SampleNetwork()


@pytest.fixture
def phone_page(browser, live_network):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_page(browser, live_network):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


class StaffBrowser:
    """One staff member in their own 1280 px browser context, signed in to the back office
    with password and second factor (tests/two_factor.py)."""

    def __init__(self, browser, live_server, username, password):
        from tests.two_factor import sign_in

        self.url, self.username = live_server.url, username
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        self.page = self.context.new_page()
        self.page.goto(self.url + "/admin/")
        sign_in(self.page, self.url, username, password)

    def goto(self, path):
        response = self.page.goto(self.url + path)
        assert response.status < 400, path

    def close(self):
        self.context.close()


def public_text(browser, url):
    """What a visitor without a session sees in the main part of the page at `url`."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        return page.locator("main").inner_text()
    finally:
        context.close()
