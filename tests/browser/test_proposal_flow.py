"""'Partner werden' in real browsers: a visitor on a 320 px phone proposes a resource from
the home page, gets the mail, opens the link and confirms; a second organisation proposes
itself with JavaScript off. A member of "Redaktion" finds both under "Neue Vorschläge" on
the start page, accepts the first (and lands on its entry's form, where the normal
editing goes on) and declines the second with a message that its proposer receives.
Screenshots land in the test's temporary folder, and also in SCREENSHOT_DIR when set."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "ein-langes-passwort"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


class Shots:
    def __init__(self, folder):
        self.folder = folder
        self.copy_to = os.environ.get("SCREENSHOT_DIR")

    def __call__(self, page, name):
        path = self.folder / f"proposal-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if self.copy_to:
            shutil.copy(path, Path(self.copy_to) / path.name)


@pytest.fixture
def shots(tmp_path):
    return Shots(tmp_path)


@pytest.fixture
def redaktion(live_network, settings, live_server):
    from tests.factories import make_staff

    settings.SITE_URL = live_server.url
    return make_staff(
        username="redaktion", password=PASSWORD, email="redaktion@example.org", first_name="Rita"
    )


def link_in(message):
    [link] = re.findall(r"https?://\S+/mitmachen/bestaetigen/\S+/", message.body)
    return link


def fill_form(page, kind, organisation, email, description):
    page.check(f"input[name=kind][value={kind}]")
    page.fill("#id_organisation", organisation)
    page.select_option("#id_group", label="Gruppe Bringt Fachwissen ein")
    page.fill("#id_website", "https://example.org/angebot")
    page.fill("#id_description", description)
    page.fill("#id_contact_name", "Erika Muster")
    page.fill("#id_contact_email", email)
    page.fill("#id_contact_phone", "0211 5550199")


def test_a_proposal_from_the_phone_form_to_staffs_accept_and_decline(
    browser, live_server, live_network, redaktion, mailoutbox, shots
):
    from playwright.sync_api import expect

    from stakeholders.models import Proposal
    from tests.two_factor import sign_in

    # A visitor on a small phone finds the form on the home page and forgets the consent.
    phone = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
    page = phone.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Partner werden")).click()
    expect(page.locator("h1")).to_have_text("Partner werden")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    fill_form(
        page,
        "angebot",
        "Kompetenzzentrum Faire Textilien",
        "erika@textil.example",
        "Wir beraten Vergabestellen zu fairen Textilien. Dazu gibt es Schulungen.",
    )
    page.click("main form button[type=submit]")
    errors = page.locator(".notice[role=alert]")
    expect(errors).to_contain_text("Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu")
    expect(page.locator("#id_description")).to_have_value(re.compile("fairen Textilien"))
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shots(page, "form-errors-320")
    errors.get_by_role("link", name="Einverständnis").click()
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    shots(page, "sent-320")
    assert Proposal.objects.get().confirmed_at is None

    # The mail's link opens a page that only shows the proposal; the button confirms.
    [link_mail] = mailoutbox
    assert link_mail.to == ["erika@textil.example"]
    page.goto(link_in(link_mail))
    expect(page.locator("h1")).to_have_text("Vorschlag bestätigen")
    expect(page.locator("main")).to_contain_text("Kompetenzzentrum Faire Textilien")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shots(page, "confirm-320")
    assert Proposal.objects.get().confirmed_at is None
    page.get_by_role("button", name="Vorschlag bestätigen").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank, Ihr Vorschlag ist bestätigt")
    shots(page, "confirmed-320")
    page.goto(link_in(link_mail))
    expect(page.locator("h1")).to_have_text("Ihr Vorschlag ist schon bestätigt")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shots(page, "used-link-320")
    phone.close()
    assert mailoutbox[1].to == [redaktion.email]
    assert "Kompetenzzentrum Faire Textilien" in mailoutbox[1].subject

    # A second organisation, JavaScript off: the form still works.
    plain = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = plain.new_page()
    page.goto(live_server.url + "/mitmachen/")
    fill_form(page, "akteur", "Stadt Musterhausen", "max@musterhausen.example", "Wir kaufen ein.")
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    page.goto(link_in(mailoutbox[2]))
    page.get_by_role("button", name="Vorschlag bestätigen").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank, Ihr Vorschlag ist bestätigt")
    plain.close()

    # Redaktion finds both on the start page and accepts the first.
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = office.new_page()
    page.goto(live_server.url + "/admin/")
    sign_in(page, live_server.url, "redaktion", PASSWORD)
    panel = page.locator("section[aria-labelledby=vorschlaege]")
    expect(panel).to_contain_text("Kompetenzzentrum Faire Textilien")
    expect(panel).to_contain_text("Stadt Musterhausen")
    shots(page, "start-page-1280")
    panel.get_by_role("link", name="Kompetenzzentrum Faire Textilien").click()
    expect(page.locator("h1")).to_have_text("Vorschlag: Kompetenzzentrum Faire Textilien")
    shots(page, "admin-review-1280")
    page.get_by_role("button", name="Annehmen").click()
    partner = Proposal.objects.get(organisation="Kompetenzzentrum Faire Textilien").entry
    expect(page).to_have_url(re.compile(rf"/admin/partners/partner/{partner.pk}/change/$"))
    expect(page.locator(".messagelist .success")).to_contain_text("ist angenommen")
    expect(page.locator("#id_name")).to_have_value("Kompetenzzentrum Faire Textilien")
    expect(page.locator("input[name=_submit_for_release]")).to_be_visible()
    shots(page, "accepted-entry-1280")

    # … and declines the second with a message; its proposer gets it by mail.
    page.goto(live_server.url + "/admin/")
    panel = page.locator("section[aria-labelledby=vorschlaege]")
    expect(panel).not_to_contain_text("Kompetenzzentrum Faire Textilien")
    panel.get_by_role("link", name="Stadt Musterhausen").click()
    message = page.locator("#id_message")
    expect(message).to_have_value(re.compile("vielen Dank für Ihren Vorschlag"))
    message.fill("vielen Dank! Kommunen sind bei uns schon über ihren Verband vertreten.")
    page.get_by_role("button", name="Ablehnen und Nachricht senden").click()
    expect(page.locator(".messagelist .success")).to_contain_text("ist abgelehnt")
    expect(page.locator(".messagelist .success")).to_contain_text("ist gelöscht")
    expect(page.locator("section[aria-labelledby=vorschlaege]")).to_contain_text(
        "Keine neuen Vorschläge"
    )
    shots(page, "declined-start-page-1280")
    declined = mailoutbox[-1]
    assert declined.to == ["max@musterhausen.example"]
    assert "über ihren Verband vertreten" in declined.body
    office.close()
    assert Proposal.objects.get(organisation="Stadt Musterhausen").decision == "abgelehnt"
