"""WCAG 2.1 AA (axe-core) and 320 px on the pages of a yearly confirmation link
(stakeholders/confirmation_views.py): the entry with its answers, the form for proposed
changes with its errors shown, the thank-you page of each answer and the pages for a link
that is changed, expired or used."""

import datetime

import pytest

from tests.browser.harness import axe_violations
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

LONG_URL = "https://www.example.org/" + "ein-sehr-langer-pfad/" * 7 + "index.html"


def open_request(entry, **fields):
    """A request for `entry` as the command leaves it once its mail was sent; its path."""
    from django.utils import timezone

    from stakeholders import confirmations
    from stakeholders.models import EntryConfirmation

    fields = {
        "contact_name": "Erika Muster",
        "email": "erika@example.org",
        "sent_at": timezone.now(),
        **fields,
    }
    confirmation = EntryConfirmation.objects.create(entry=entry, **fields)
    path = confirmations.link(confirmation).split("/", 3)[3]
    return confirmation, f"/{path}"


@pytest.fixture
def request_path(live_network):
    partner = live_network.partner
    partner.last_reviewed = datetime.date(2020, 5, 4)
    partner.website = LONG_URL
    partner.save()
    return open_request(partner)[1]


def pages(request_path):
    """name → path."""
    return {
        "entry with its answers": request_path,
        "proposal form": f"{request_path}aendern/",
        "changed link": "/eintrag-bestaetigen/verändert/",
    }


def check(page):
    violations, report = axe_violations(page)
    assert violations == [], report
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, page.url
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("name", ["entry with its answers", "proposal form", "changed link"])
def test_the_pages_pass_axe_on_desktop_and_fit_a_phone(
    live_server, desktop_page, phone_page, live_network, request_path, name
):
    path = pages(request_path)[name]
    for page in (desktop_page, phone_page):
        page.goto(live_server.url + path)
        check(page)


def test_the_form_with_errors_passes_axe(live_server, desktop_page, phone_page, request_path):
    from playwright.sync_api import expect

    for page in (desktop_page, phone_page):
        page.goto(f"{live_server.url}{request_path}aendern/")
        page.fill("#id_name", "")
        page.fill("#id_website", "keine Adresse")
        page.get_by_role("button", name="Vorschlag absenden").click()
        expect(page.locator(".notice[role=alert]")).to_contain_text("Bitte füllen Sie")
        check(page)


@pytest.mark.parametrize(
    ("answer", "heading"),
    [
        ("Alles ist aktuell", "Vielen Dank für Ihre Bestätigung"),
        ("Ich bin nicht mehr zuständig", "Vielen Dank für Ihre Nachricht"),
    ],
)
def test_the_thanks_pages_pass_axe(live_server, desktop_page, request_path, answer, heading):
    from playwright.sync_api import expect

    page = desktop_page
    page.goto(live_server.url + request_path)
    page.get_by_role("button", name=answer).click()
    expect(page.locator("h1")).to_have_text(heading)
    check(page)
    # The link, used now, gets its own page.
    page.goto(live_server.url + request_path)
    expect(page.locator("h1")).to_have_text("Dieser Link wurde schon benutzt")
    check(page)


def test_the_thanks_page_of_a_proposal_passes_axe(live_server, phone_page, request_path):
    from playwright.sync_api import expect

    page = phone_page
    page.goto(f"{live_server.url}{request_path}aendern/")
    page.fill("#id_teaser", "Ein neuer Kurztext.")
    page.get_by_role("button", name="Vorschlag absenden").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihren Vorschlag")
    check(page)


def test_the_expired_link_page_passes_axe(live_server, desktop_page, live_network):
    from django.utils import timezone
    from playwright.sync_api import expect

    _confirmation, path = open_request(
        live_network.actor, sent_at=timezone.now() - datetime.timedelta(days=40)
    )
    desktop_page.goto(live_server.url + path)
    expect(desktop_page.locator("h1")).to_have_text("Dieser Link ist abgelaufen")
    check(desktop_page)


def test_the_bad_link_page_without_an_office_record_passes_axe(
    live_server, phone_page, live_network
):
    from playwright.sync_api import expect

    live_network.office.delete()
    phone_page.goto(live_server.url + "/eintrag-bestaetigen/verändert/")
    expect(phone_page.locator("main")).to_contain_text("Alle Wege zum Büro")
    check(phone_page)


def test_the_bad_link_page_without_a_phone_number_passes_axe(live_server, phone_page, live_network):
    """Only its main part: the site's footer shows an empty phone link then (reported)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    from tests.browser.harness import WCAG_AA

    office = live_network.office
    office.phone = ""
    office.save()
    phone_page.goto(live_server.url + "/eintrag-bestaetigen/verändert/")
    main = phone_page.locator("main")
    expect(main).to_contain_text("Alle Wege zum Büro")
    expect(main).not_to_contain_text("Telefon")
    results = Axe().run(phone_page, context="main", options=WCAG_AA)
    assert results.response["violations"] == [], results.generate_report()
