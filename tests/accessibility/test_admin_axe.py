"""WCAG 2.1 AA in the back office (BITV covers intranet pages too): axe-core on the pages
a member of "Redaktion" works with, signed in, forms with an error shown."""

import pytest

from tests.browser.admin_harness import show_required_field_error
from tests.browser.harness import axe_violations
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def history_url(entry):
    from django.urls import reverse

    opts = entry._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[entry.pk])


PAGES = {
    "start page": lambda network: "/admin/",
    "partner list": lambda network: "/admin/partners/partner/",
    "actor list": lambda network: "/admin/stakeholders/actor/",
    "partner history": lambda network: history_url(network.long_partner),
    "actor history": lambda network: history_url(network.actor),
    "barrier reports": lambda network: "/admin/pages/barrierreport/",
    "entry reports": lambda network: "/admin/partners/entryreport/",
    "new partner": lambda network: "/admin/partners/partner/add/",
}
FORMS = {
    "partner": lambda network: network.long_partner.admin_url,
    "actor": lambda network: network.actor.admin_url,
}


@pytest.mark.parametrize("name", PAGES)
def test_admin_page_has_no_axe_violations(live_server, editor_page, admin_network, name):
    response = editor_page.goto(live_server.url + PAGES[name](admin_network))
    assert response.status == 200
    violations, report = axe_violations(editor_page)
    assert violations == [], report


@pytest.mark.parametrize("name", FORMS)
def test_admin_form_with_an_error_has_no_axe_violations(
    live_server, editor_page, admin_network, name
):
    show_required_field_error(editor_page, live_server.url + FORMS[name](admin_network))
    violations, report = axe_violations(editor_page)
    assert violations == [], report


def test_partner_history_version_has_no_axe_violations(live_server, editor_page, admin_network):
    from playwright.sync_api import expect

    editor_page.goto(live_server.url + history_url(admin_network.long_partner))
    editor_page.locator("#content a[href*='/history/']").first.click()
    expect(editor_page.locator("#content h1")).to_be_visible()
    violations, report = axe_violations(editor_page)
    assert violations == [], report
