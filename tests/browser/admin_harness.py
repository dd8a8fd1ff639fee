"""The back office in a browser, signed in as a member of "Redaktion": the sample it
shows (the initial network and entries with very long names) and the signed-in page."""

import pytest

from tests import initial_content
from tests.two_factor import sign_in

PASSWORD = "ein-langes-passwort"
LONG_NAME = (
    "Kompetenzstelle für nachhaltige Beschaffung beim Beschaffungsamt des "
    "Bundesministeriums des Innern und für Heimat – Leitfaden Gütezeichen"
)
# 181 characters: long, and still within a URLField's 200, which PostgreSQL enforces.
LONG_URL = "https://www.example.org/" + "ein-sehr-langer-pfad/" * 7 + "index.html"

LISTS = {
    "partners": "/admin/partners/partner/",
    "actors": "/admin/stakeholders/actor/",
    "contact persons": "/admin/stakeholders/contactperson/",
    "barrier reports": "/admin/pages/barrierreport/",
    "entry reports": "/admin/partners/entryreport/",
}


class AdminNetwork:
    """The initial network of the data migrations, a partner with a very long name,
    address and contact person, reports on it, and an account in "Redaktion"."""

    def __init__(self):
        from partners.models import Partner
        from stakeholders.models import Actor
        from tests.factories import (
            make_barrier_report,
            make_contact,
            make_entry_report,
            make_partner,
            make_staff,
        )

        initial_content.load()
        self.user = make_staff(username="redaktion", password=PASSWORD)
        self.long_partner = make_partner(
            name=LONG_NAME,
            website=LONG_URL,
            group=Partner.objects.first().group,
        )
        make_contact(
            self.long_partner,
            name="Ansprechperson mit einem sehr langen Doppelnamen-Bindestrich",
            role="Referentin für nachhaltige öffentliche Beschaffung und Vergaberecht",
            email="sehr.lange.adresse.der.ansprechperson@beschaffungsamt.example.org",
            phone="+49 211 5550100",
        )
        make_entry_report(partner=self.long_partner, problem="Der Link führt ins Leere. " * 8)
        make_barrier_report(page="/partner/" + "sehr-lange-adresse/" * 6)
        self.actor = Actor.objects.first()


@pytest.fixture
def admin_network(transactional_db):
    """For the live server (its database is emptied after each test, roles included)."""
    initial_content.load_staff_roles()
    return AdminNetwork()


@pytest.fixture
def editor_page(browser, live_server, admin_network):
    """A 1280 x 900 browser page, signed in as the "Redaktion" account."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    sign_in(page, live_server.url, admin_network.user.username, PASSWORD)
    expect(page.locator("#user-tools")).to_be_visible()
    yield page
    context.close()


def show_required_field_error(page, url):
    """Open the change form at `url`, empty its name and save: the form shows an error."""
    from playwright.sync_api import expect

    page.goto(url)
    page.fill("#id_name", "")
    page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-name .errorlist")).to_contain_text("Dieses Feld ist zwingend")
