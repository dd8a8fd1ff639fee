"""WCAG 2.1 AA with axe-core on the pages of "Partner werden", in German and English: the
form, the form with errors, the page asking to confirm, the link's page with its button,
the thanks, the pages for a link that does not work, and the back office's proposal page."""

import pytest

from tests.browser.harness import axe_violations
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

LANGUAGES = ["", "/en"]


def assert_axe_clean(page):
    violations, report = axe_violations(page)
    assert violations == [], report


def make_proposal(group, **fields):
    from stakeholders.models import Proposal

    fields = {
        "kind": Proposal.Kind.RESOURCE,
        "organisation": "Kompetenzzentrum Faire Textilien",
        "group": group,
        "website": "https://textil.example",
        "description": "Wir beraten Vergabestellen zu Textilien.\n\nDazu gibt es Schulungen.",
        "contact_name": "Erika Muster",
        "contact_email": "erika@textil.example",
        "contact_phone": "+492115550199",
        **fields,
    }
    return Proposal.objects.create(**fields)


@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize("path", ["/mitmachen/", "/mitmachen/gesendet/", "/mitmachen/bestaetigt/"])
def test_form_and_its_pages_have_no_axe_violations(live_server, desktop_page, prefix, path):
    desktop_page.goto(f"{live_server.url}{prefix}{path}")
    assert_axe_clean(desktop_page)


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_form_with_errors_has_no_axe_violations(live_server, phone_page, prefix):
    from playwright.sync_api import expect

    page = phone_page
    page.goto(f"{live_server.url}{prefix}/mitmachen/")
    page.fill("#id_contact_email", "keine-adresse")
    page.click("main form button[type=submit]")
    expect(page.locator(".notice[role=alert]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_axe_clean(page)


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_links_page_has_no_axe_violations(live_server, phone_page, live_network, prefix):
    from stakeholders import proposals

    proposal = make_proposal(live_network.partner.group)
    phone_page.goto(
        f"{live_server.url}{prefix}/mitmachen/bestaetigen/{proposals.make_token(proposal)}/"
    )
    assert phone_page.locator("main button[type=submit]").is_visible()
    assert_axe_clean(phone_page)


@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize("problem", ["ungueltig", "benutzt", "abgelaufen"])
def test_a_bad_links_page_has_no_axe_violations(
    live_server, phone_page, live_network, prefix, problem, monkeypatch
):
    import time

    from django.core import signing

    from stakeholders import proposals

    proposal = make_proposal(live_network.partner.group)
    if problem == "benutzt":
        proposals.confirm(proposal)
    if problem == "abgelaufen":
        long_ago = time.time() - 30 * 24 * 60 * 60
        monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    token = proposals.make_token(proposal)
    monkeypatch.undo()
    if problem == "ungueltig":
        token = token[:-4] + "abcd"
    response = phone_page.goto(f"{live_server.url}{prefix}/mitmachen/bestaetigen/{token}/")
    assert response.status in (400, 410)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_axe_clean(phone_page)


@pytest.mark.parametrize("decided", [False, True])
def test_the_back_offices_proposal_page_has_no_axe_violations(
    live_server, editor_page, admin_network, decided
):
    from stakeholders import proposals
    from stakeholders.models import StakeholderGroup

    proposal = make_proposal(StakeholderGroup.objects.first(), language="en")
    proposals.confirm(proposal)
    if decided:
        proposals.decline(proposal, admin_network.user, "Thank you, but no.")
    editor_page.goto(f"{live_server.url}/admin/stakeholders/proposal/{proposal.pk}/change/")
    assert_axe_clean(editor_page)
    editor_page.goto(f"{live_server.url}/admin/stakeholders/proposal/")
    assert_axe_clean(editor_page)
    editor_page.goto(f"{live_server.url}/admin/")
    assert_axe_clean(editor_page)


def test_the_proposal_page_with_a_missing_message_has_no_axe_violations(
    live_server, editor_page, admin_network
):
    from playwright.sync_api import expect

    from stakeholders import proposals
    from stakeholders.models import StakeholderGroup

    proposal = make_proposal(StakeholderGroup.objects.first())
    proposals.confirm(proposal)
    editor_page.goto(f"{live_server.url}/admin/stakeholders/proposal/{proposal.pk}/change/")
    editor_page.fill("#id_message", "")
    editor_page.get_by_role("button", name="Ablehnen und Nachricht senden").click()
    expect(editor_page.locator("#message-error")).to_be_visible()
    assert_axe_clean(editor_page)
