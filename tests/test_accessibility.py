"""WCAG 2.1 AA in a real browser: axe-core on every public page, and what axe cannot see.

axe-core comes bundled with the axe-playwright-python package; nothing is
downloaded at run time.
"""

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

GERMAN_PAGES = [
    "/",
    "/partner/",
    "/partner/?q=Beschaffung&gruppe=politik-und-verwaltung",
    "/partner/?tag=recht",
    "/partner/?gruppe=gibt-es-nicht",
    "/partner/kompass-nachhaltigkeit/",
    "/akteure/",
    "/akteure/wissenschaftliche-institute/",
    "/akteure/wissenschaftliche-institute/wuppertal-institut/",
    "/kontakt/",
    "/suche/",
    "/suche/?q=Umwelt",
    "/suche/?q=!!!",
    "/barrierefreiheit/",
    "/barriere-melden/",
    "/barriere-melden/danke/",
    "/partner/siegelklarheit/melden/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
    "/impressum/",
    "/datenschutz/",
    "/gibt-es-nicht/",
]
ALL_PAGES = GERMAN_PAGES + [f"/en{url}" for url in GERMAN_PAGES]


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return results.response["violations"], results.generate_report()


def test_axe_check_finds_known_violations(desktop_page):
    """The harness itself works: a page with known faults does not pass."""
    desktop_page.set_content('<html><body><img src="x.png"><a href="/"></a></body></html>')
    violations, _report = axe_violations(desktop_page)
    assert {"html-has-lang", "image-alt", "link-name"} <= {v["id"] for v in violations}


@pytest.mark.parametrize("path", ALL_PAGES)
def test_page_has_no_axe_violations(live_server, desktop_page, path):
    desktop_page.goto(live_server.url + path)
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


@pytest.mark.parametrize("path", ["/", "/partner/", "/barrierefreiheit/", "/en/leichte-sprache/"])
def test_text_stays_readable_at_200_percent_zoom(browser, initial_network, live_server, path):
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


@pytest.mark.parametrize("path", ALL_PAGES[::3])
def test_one_h1_logical_headings_and_landmarks(live_server, desktop_page, path):
    page = desktop_page
    page.goto(live_server.url + path)
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    landmarks = page.evaluate(
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


def test_motion_follows_the_visitors_setting(browser, initial_network, live_server):
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


def test_print_shows_the_content_without_navigation(live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/partner/kompass-nachhaltigkeit/")
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
    assert "kompass-nachhaltigkeit.de" in link_suffix or "attr(href)" in link_suffix


def test_reading_sets_no_cookie_and_calls_no_other_host(browser, initial_network, live_server):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in GERMAN_PAGES:
        if not path.endswith("melden/"):  # the forms set the CSRF cookie
            page.goto(live_server.url + path)
    cookies = context.cookies()
    context.close()
    assert cookies == []
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
