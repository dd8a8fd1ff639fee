"""The back office in a 1280 x 900 window, signed in as a member of "Redaktion": every list
and every form with an error fits the window, however long a name or an address."""

import pytest

from tests.browser.admin_harness import LISTS, LONG_NAME, show_required_field_error
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

# Elements wider than the window, or scrolling sideways inside it (a list's table).
TOO_WIDE = """() => {
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        const style = getComputedStyle(el);
        const scrolls = ['auto', 'scroll'].includes(style.overflowX)
            && el.scrollWidth > el.clientWidth + 1;
        if (scrolls || el.getBoundingClientRect().right > window.innerWidth + 1) {
            wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string' ? '.' + el.className : ''));
        }
    }
    return wide.slice(0, 10);
}"""


def assert_fits_the_window(page):
    scroll_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= window_width, page.evaluate(TOO_WIDE)
    assert page.evaluate(TOO_WIDE) == []


@pytest.mark.parametrize("name", LISTS)
def test_admin_list_fits_a_1280_px_window(live_server, editor_page, admin_network, name):
    editor_page.goto(live_server.url + LISTS[name])
    assert editor_page.locator("#result_list tbody tr").count() > 0
    assert_fits_the_window(editor_page)


def test_partner_list_shows_a_very_long_name_whole(live_server, editor_page, admin_network):
    editor_page.goto(live_server.url + LISTS["partners"])
    cell = editor_page.locator("#result_list th.field-name", has_text="Heimat")
    assert cell.inner_text().replace("\n", " ") == LONG_NAME
    assert_fits_the_window(editor_page)


def test_partner_form_with_an_error_fits_the_window(live_server, editor_page, admin_network):
    show_required_field_error(editor_page, live_server.url + admin_network.long_partner.admin_url)
    assert editor_page.locator(".inline-group .tabular tbody tr.has_original").count() == 1
    assert_fits_the_window(editor_page)


def test_actor_form_with_an_error_fits_the_window(live_server, editor_page, admin_network):
    show_required_field_error(editor_page, live_server.url + admin_network.actor.admin_url)
    assert_fits_the_window(editor_page)


def test_long_heading_buttons_and_error_note_do_not_overlap(
    live_server, editor_page, admin_network
):
    show_required_field_error(editor_page, live_server.url + admin_network.long_partner.admin_url)
    heading = editor_page.locator("#content > h2").bounding_box()
    buttons = editor_page.locator(".object-tools").bounding_box()
    note = editor_page.locator(".errornote").bounding_box()
    assert buttons["height"] > 0
    assert heading["y"] + heading["height"] <= buttons["y"]
    assert buttons["y"] + buttons["height"] <= note["y"]
