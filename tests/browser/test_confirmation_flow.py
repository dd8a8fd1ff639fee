"""The yearly confirmation as the contact person and the office do it, each in their own
browser: `request_confirmations` mails the link; the contact opens it on a 320 px phone,
proposes a change, and a member of "Freigabe" releases it on the review page, after which
the public sees it. A second contact confirms with "Alles ist aktuell", and the entry's
history in the back office shows the version "bestätigt durch Ansprechperson". One run
goes without JavaScript.

Screenshots land in the test's temporary folder, or in $CONFIRMATION_SHOTS when it is set
(named confirmation-*.png)."""

import datetime
import os
import re
from pathlib import Path

import pytest

from tests.browser.harness import StaffBrowser, public_text
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "ein-langes-passwort"
LONG_AGO = datetime.date(2020, 5, 4)
OLD_TEASER = "Der veröffentlichte Kurztext des Testportals."
NEW_TEASER = "Der Kurztext, wie ihn die Ansprechperson vorschlägt."
LONG_URL = "https://www.example.org/" + "ein-sehr-langer-pfad/" * 7 + "index.html"


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("CONFIRMATION_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=str(folder / f"confirmation-{name}.png"), full_page=True)

    return shot


@pytest.fixture
def mailed(settings, live_server):
    """Run the command against the live server's address; the links mailed, by address."""
    settings.SITE_URL = live_server.url
    settings.REVIEW_INTERVAL_DAYS = 365

    def run():
        import io

        from django.core import mail
        from django.core.management import call_command

        call_command("request_confirmations", stdout=io.StringIO())
        links = {}
        for message in mail.outbox:
            found = re.search(
                re.escape(live_server.url) + r"/eintrag-bestaetigen/\S+/", message.body
            )
            if found:
                links[message.to[0]] = found.group(0)
        return links

    return run


def due(entry, name, address):
    from tests.factories import make_contact

    entry.last_reviewed = LONG_AGO
    entry.save()
    make_contact(entry, name=name, email=address)
    return entry


def phone(browser, javascript=True):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="de-DE", java_script_enabled=javascript
    )
    return context, context.new_page()


def no_horizontal_scrolling(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, page.url


def signed_in(browser, live_server, username):
    return StaffBrowser(browser, live_server, username, PASSWORD)


def test_a_contact_proposes_a_change_on_a_phone_and_freigabe_releases_it(
    browser, live_server, live_network, mailed, shots
):
    from playwright.sync_api import expect

    from core.models import PendingChange
    from tests.factories import make_staff

    partner = live_network.partner
    partner.teaser = OLD_TEASER
    partner.website = LONG_URL
    partner.save()
    due(partner, "Erika Muster", "erika@example.org")
    make_staff(username="freigabe", password=PASSWORD, group="Freigabe", first_name="Frieda")
    link = mailed()["erika@example.org"]

    # The contact opens the link on a phone: the entry as published, three answers.
    context, page = phone(browser)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Ist Ihr Eintrag noch aktuell?")
    expect(page.locator("main")).to_contain_text(OLD_TEASER)
    expect(page.locator("main")).to_contain_text(LONG_URL)
    no_horizontal_scrolling(page)
    shots(page, "choice-320")

    # ... proposes a change to the short text.
    page.get_by_role("link", name="Änderungen vorschlagen").click()
    expect(page.locator("h1")).to_have_text("Änderungen vorschlagen")
    expect(page.locator("#id_teaser")).to_have_value(OLD_TEASER)
    no_horizontal_scrolling(page)
    shots(page, "form-320")
    page.fill("#id_teaser", NEW_TEASER)
    page.get_by_role("button", name="Vorschlag absenden").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihren Vorschlag")
    no_horizontal_scrolling(page)
    shots(page, "thanks-changes-320")

    # The public still sees the published text; the link is used up.
    public_url = live_server.url + partner.get_absolute_url()
    assert OLD_TEASER in public_text(browser, public_url)
    assert NEW_TEASER not in public_text(browser, public_url)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Dieser Link wurde schon benutzt")
    no_horizontal_scrolling(page)
    shots(page, "used-320")
    context.close()

    # Freigabe finds it on the start page, reviews it and releases it.
    reviewer = signed_in(browser, live_server, "freigabe")
    reviewer.goto("/admin/")
    panel = reviewer.page.locator("section[aria-labelledby=freigabe]")
    expect(panel).to_contain_text(partner.name)
    expect(panel).to_contain_text("Ansprechperson (extern): Erika Muster")
    panel.get_by_role("link", name=partner.name).click()
    review = reviewer.page.locator(".release-review")
    expect(review).to_contain_text("Ansprechperson (extern): Erika Muster")
    expect(review).to_contain_text(NEW_TEASER)
    expect(review).to_contain_text("erika@example.org")
    shots(reviewer.page, "review-1280")
    reviewer.page.click("input[name=_release]")
    expect(reviewer.page.locator(".messagelist")).to_contain_text("freigegeben")
    reviewer.close()

    assert NEW_TEASER in public_text(browser, public_url)
    change = PendingChange.objects.for_object(partner).get()
    assert change.state == PendingChange.State.RELEASED
    assert change.submitted_by is None and change.decided_by.username == "freigabe"


def test_all_is_current_shows_in_the_entrys_history(
    browser, live_server, live_network, mailed, shots
):
    from playwright.sync_api import expect

    from tests.factories import make_staff

    partner = due(live_network.other_partner, "Max Beispiel", "max@example.org")
    make_staff(username="redaktion", password=PASSWORD, group="Redaktion")
    link = mailed()["max@example.org"]

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(link)
    shots(page, "choice-1280")
    page.get_by_role("button", name="Alles ist aktuell").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Bestätigung")
    shots(page, "thanks-current-1280")
    context.close()

    staff = signed_in(browser, live_server, "redaktion")
    staff.goto(f"/admin/partners/partner/{partner.pk}/history/")
    newest = staff.page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("bestätigt durch Ansprechperson")
    shots(staff.page, "history-1280")
    staff.goto("/admin/stakeholders/entryconfirmation/?answer__exact=aktuell")
    expect(staff.page.locator("#result_list")).to_contain_text("Max Beispiel")
    expect(staff.page.locator("#result_list")).to_contain_text("Alles ist aktuell")
    shots(staff.page, "list-1280")
    staff.close()


def test_without_javascript_every_answer_works(browser, live_server, live_network, mailed, shots):
    from playwright.sync_api import expect

    from stakeholders.models import EntryConfirmation

    partner = due(live_network.partner, "Erika Muster", "erika@example.org")
    actor = due(live_network.actor, "Max Beispiel", "max@example.org")
    links = mailed()

    context, page = phone(browser, javascript=False)
    # A proposal with an error comes back in German with the typed text, then goes through.
    page.goto(links["erika@example.org"] + "aendern/")
    page.fill("#id_name", "")
    page.fill("#id_teaser", NEW_TEASER)
    page.get_by_role("button", name="Vorschlag absenden").click()
    expect(page.locator(".notice[role=alert]")).to_contain_text("Bitte füllen Sie dieses Feld aus.")
    expect(page.locator("#id_teaser")).to_have_value(NEW_TEASER)
    no_horizontal_scrolling(page)
    shots(page, "form-errors-320")
    page.fill("#id_name", partner.name)
    page.get_by_role("button", name="Vorschlag absenden").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihren Vorschlag")

    # "Ich bin nicht mehr zuständig" on the other entry.
    page.goto(links["max@example.org"])
    page.get_by_role("button", name="Ich bin nicht mehr zuständig").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Nachricht")
    no_horizontal_scrolling(page)
    shots(page, "thanks-not-responsible-320")

    # A changed link.
    page.goto(live_server.url + "/eintrag-bestaetigen/verändert/")
    expect(page.locator("h1")).to_have_text("Dieser Link funktioniert nicht")
    no_horizontal_scrolling(page)
    shots(page, "invalid-320")
    context.close()

    answers = dict(EntryConfirmation.objects.values_list("email", "answer"))
    assert answers == {"erika@example.org": "aenderungen", "max@example.org": "nicht_zustaendig"}
    actor.refresh_from_db()
    assert actor.last_reviewed == LONG_AGO


def test_the_bad_link_page_at_1280px(browser, live_server, live_network, shots):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/eintrag-bestaetigen/verändert/")
    expect(page.locator("main")).to_contain_text(live_network.office.phone_display)
    shots(page, "invalid-1280")
    context.close()
