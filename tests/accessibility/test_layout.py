"""Pages reflow on a phone and at 200 % zoom, respect reduced motion and print cleanly."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

PHONE_PAGES = {
    "home": lambda network: "/",
    "partner list": lambda network: "/partner/",
    "partner search": lambda network: "/partner/?q=Beschaffung",
    "partner": lambda network: network.partner.get_absolute_url(),
    "groups": lambda network: "/akteure/",
    "contact": lambda network: "/kontakt/",
    "search results": lambda network: "/suche/?q=Umwelt",
    "accessibility statement": lambda network: "/barrierefreiheit/",
    "barrier form": lambda network: "/barriere-melden/",
    "easy language": lambda network: "/leichte-sprache/",
    "English privacy": lambda network: "/en/datenschutz/",
}


@pytest.mark.parametrize("page", PHONE_PAGES)
def test_page_fits_a_320px_phone_without_horizontal_scrolling(
    live_server, phone_page, live_network, page
):
    response = phone_page.goto(live_server.url + PHONE_PAGES[page](live_network))
    assert response.status == 200
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert phone_page.locator("h1").count() == 1


def test_phone_number_is_a_tel_link_on_the_phone_screen(live_server, phone_page, live_network):
    phone = live_network.office.phone_uri
    phone_page.goto(live_server.url + "/partner/")
    assert phone_page.locator(f'footer a[href="{phone}"]').is_visible()
    assert phone_page.locator(f'header a[href="{phone}"]').is_visible()


@pytest.mark.parametrize("path", ["/", "/partner/", "/barrierefreiheit/", "/en/leichte-sprache/"])
def test_text_stays_readable_at_200_percent_zoom(browser, live_network, live_server, path):
    # 200 % zoom of a 1280 px window: half as many CSS pixels, each twice as large.
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server.url + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('main *:not(.visually-hidden)')].filter(el =>
            el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden'
        ).map(el => el.outerHTML.slice(0, 120))"""
    )
    context.close()
    assert overflow <= 0
    assert clipped == []


def test_motion_follows_the_visitors_setting(browser, live_network, live_server):
    behaviours = {}
    for setting in ["reduce", "no-preference"]:
        context = browser.new_context(reduced_motion=setting)
        page = context.new_page()
        page.goto(live_server.url + "/")
        behaviours[setting] = page.evaluate(
            "getComputedStyle(document.documentElement).scrollBehavior"
        )
        context.close()
    assert behaviours == {"reduce": "auto", "no-preference": "smooth"}


def test_print_shows_the_content_without_navigation(live_server, desktop_page, live_network):
    page = desktop_page
    page.goto(live_server.url + live_network.partner.get_absolute_url())
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """['.site-nav', '.service-bar', '.site-search', '.skip-link']
            .map(s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none"] * 4
    assert page.locator("h1").is_visible()
    link_suffix = page.evaluate(
        "getComputedStyle(document.querySelector('a.button'), '::after').content"
    )
    host = urlsplit(live_network.partner.website).netloc
    assert host in link_suffix or "attr(href)" in link_suffix
