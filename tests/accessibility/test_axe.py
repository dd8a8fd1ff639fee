"""WCAG 2.1 AA in a real browser: axe-core on every page a visitor reaches, in German and
in English."""

import pytest

from tests.browser.harness import BROWSER_PAGES, axe_violations
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

# Each page in German and under /en/ in English.
ALL_PAGES = [(language, page) for language in ["de", "en"] for page in BROWSER_PAGES]


def address(live_server, network, language, page):
    prefix = "/en" if language == "en" else ""
    return f"{live_server.url}{prefix}{BROWSER_PAGES[page](network)}"


def test_axe_check_finds_known_violations(desktop_page):
    """The harness itself works: a page with known faults does not pass."""
    desktop_page.set_content('<html><body><img src="x.png"><a href="/"></a></body></html>')
    violations, _report = axe_violations(desktop_page)
    assert {"html-has-lang", "image-alt", "link-name"} <= {v["id"] for v in violations}


@pytest.mark.parametrize(("language", "page"), ALL_PAGES)
def test_page_has_no_axe_violations(live_server, desktop_page, live_network, language, page):
    desktop_page.goto(address(live_server, live_network, language, page))
    violations, report = axe_violations(desktop_page)
    assert violations == [], report


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_form_with_errors_shown_has_no_axe_violations(live_server, desktop_page, prefix):
    from playwright.sync_api import expect

    page = desktop_page
    page.goto(f"{live_server.url}{prefix}/barriere-melden/")
    page.fill("#id_email", "keine-adresse")
    page.click("button[type=submit] >> text=/Meldung absenden|Send report/")
    expect(page.locator(".notice[role=alert]")).to_be_visible()
    violations, report = axe_violations(page)
    assert violations == [], report


@pytest.mark.parametrize(("language", "page"), ALL_PAGES[::3])
def test_one_h1_logical_headings_and_landmarks(
    live_server, desktop_page, live_network, language, page
):
    desktop_page.goto(address(live_server, live_network, language, page))
    levels = desktop_page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    landmarks = desktop_page.evaluate(
        """() => ({
            main: document.querySelectorAll('main').length,
            banner: document.querySelectorAll('body > header').length,
            footer: document.querySelectorAll('body > footer').length,
            navs: [...document.querySelectorAll('nav')].map(n => n.getAttribute('aria-label')
                || document.getElementById(n.getAttribute('aria-labelledby'))?.textContent),
        })"""
    )
    assert landmarks["main"] == landmarks["banner"] == landmarks["footer"] == 1
    assert all(landmarks["navs"]) and len(set(landmarks["navs"])) == len(landmarks["navs"])


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_preview_with_its_banner_has_no_axe_violations(live_server, desktop_page, prefix):
    """A change waiting for release, previewed by a member of "Freigabe" on the public
    page (core.views.PreviewMixin)."""
    from playwright.sync_api import expect

    from core import release
    from tests.factories import make_partner, make_staff
    from tests.two_factor import sign_in

    partner = make_partner(teaser="Der freigegebene Kurztext.")
    partner.teaser = "Der Kurztext, der auf Freigabe wartet."
    change = release.submit(partner, make_staff(group="Redaktion"))
    reviewer = make_staff(group="Freigabe", password="ein-langes-passwort")
    page = desktop_page
    sign_in(page, live_server.url, reviewer.username, "ein-langes-passwort")
    page.goto(f"{live_server.url}{prefix}{partner.get_absolute_url()}?vorschau={change.pk}")
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("Der Kurztext, der auf Freigabe wartet.")
    violations, report = axe_violations(page)
    assert violations == [], report
