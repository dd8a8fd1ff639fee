"""The daily jobs of the back office in a real 1280 x 900 browser, done by a member of
"Redaktion" (no superuser): every page opens without an error, and each step shows what
the person expects. A screenshot of each step lands in the test's temporary folder."""

import importlib
import re

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.usefixtures("four_eyes_off")]


PASSWORD = "ein-langes-passwort"
NAME = "Vergabeportal Fairer Handel"
# How many lines an element's text takes in the window.
ONE_LINE = "cell => { const r = document.createRange(); r.selectNodeContents(cell); "
ONE_LINE += "return new Set([...r.getClientRects()].map(rect => rect.top)).size; }"
ERROR_TEXTS = ["Server Error", "Kein Zugriff", "Diese Seite gibt es nicht", "schiefgegangen"]


class Walk:
    """The signed-in person's browser page: each page they reach answers below 400 and
    shows no error page; `shot` keeps a screenshot of the step."""

    def __init__(self, page, live_server, folder):
        self.page, self.url, self.folder = page, live_server.url, folder
        self.failed = []
        page.on("response", self.note_failure)

    def note_failure(self, response):
        if response.request.resource_type == "document" and response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def goto(self, path):
        response = self.page.goto(self.url + path)
        assert response.status < 400, path
        self.check()

    def check(self):
        self.page.wait_for_load_state()
        assert not self.failed
        text = self.page.locator("body").inner_text()
        assert not [error for error in ERROR_TEXTS if error in text], text[:300]
        assert "None" not in text.split()

    def shot(self, name):
        self.check()
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)

    def sign_in(self):
        from tests.factories import make_staff
        from tests.two_factor import sign_in

        make_staff(username="redaktion", password=PASSWORD)
        self.goto("/admin/")
        sign_in(self.page, self.url, "redaktion", PASSWORD)
        self.check()

    def save(self, message="erfolgreich geändert"):
        from playwright.sync_api import expect

        self.page.click("input[name=_save]")
        expect(self.page.locator(".messagelist .success")).to_contain_text(message)
        self.check()


@pytest.fixture
def walk(desktop_page, live_server, tmp_path):
    return Walk(desktop_page, live_server, tmp_path)


def add_draft_partner(walk, group, tags):
    """Fill in the form "Neuer Partner" from the start page and save it as a draft."""
    page = walk.page
    page.click("text=Neuer Partner")
    walk.check()
    page.locator("#id_name").press_sequentially(NAME)
    page.fill("#id_teaser", "Ein Portal, das die Redaktion im Browser angelegt hat.")
    page.fill("#id_website", "https://example.org")
    page.click(".field-group .select2-selection")
    page.keyboard.type(group.name[:8])
    page.locator(".select2-results__option", has_text=group.name).click()
    page.fill("#id_tags", tags)
    assert not page.is_checked("#id_is_published")
    walk.save("erfolgreich hinzugefügt")


def test_redaktion_signs_in_adds_publishes_and_follows_up_a_partner(walk, live_network):
    from playwright.sync_api import expect

    page = walk.page
    walk.sign_in()
    expect(page.locator("h2#faellig")).to_be_visible()
    expect(page.locator("h2#meldungen")).to_be_visible()
    walk.shot("1-start")
    page.locator("#user-tools").get_by_role("link", name="Hilfe").click()
    expect(page.locator("h1")).to_contain_text("Hilfe")
    walk.shot("1-hilfe")

    walk.goto("/admin/")
    add_draft_partner(walk, live_network.partner.group, "Fairer Handel, Vergabe")
    page.locator("#result_list").get_by_role("link", name=NAME).click()
    walk.check()
    page.click("a.viewsitelink")
    expect(page.locator(".draft-banner")).to_contain_text("Nicht veröffentlicht")
    expect(page.locator("h1")).to_have_text(NAME)
    walk.shot("2-vorschau")

    walk.goto("/admin/partners/partner/")
    page.locator("#result_list tr", has_text=NAME).locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 Eintrag veröffentlicht.")
    walk.shot("2-veroeffentlicht")
    walk.goto("/partner/")
    expect(page.get_by_role("link", name=NAME)).to_be_visible()
    walk.shot("2-liste")

    walk.goto("/admin/partners/partner/")
    page.locator("#result_list").get_by_role("link", name=NAME).click()
    page.select_option("#id_partnership_status", label="im Gespräch")
    page.fill("#id_next_step", "Gespräch über eine Verlinkung führen")
    page.click(".field-next_step_due .datetimeshortcuts a")  # „Heute“
    walk.save()
    walk.goto("/admin/")
    due = page.locator("section[aria-labelledby=faellig]")
    expect(due.get_by_role("link", name=NAME)).to_be_visible()
    expect(due).to_contain_text("Gespräch über eine Verlinkung führen")
    lines = due.locator("tbody td").first.evaluate(ONE_LINE)
    assert lines == 1, "the due date breaks across lines"
    walk.shot("3-faellig")


def test_redaktion_restores_an_older_version_with_its_tags(walk, live_network):
    from playwright.sync_api import expect

    from partners.models import Partner

    page = walk.page
    walk.sign_in()
    add_draft_partner(walk, live_network.partner.group, "Fairer Handel, Vergabe")
    page.locator("#result_list").get_by_role("link", name=NAME).click()
    page.fill("#id_tags", "Fairer Handel, Textilien")
    walk.save()
    partner = Partner.objects.get(name=NAME)
    assert set(partner.tags.names()) == {"Fairer Handel", "Textilien"}

    page.locator("#result_list").get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Geschichte").click()
    walk.shot("4-geschichte")
    versions = page.locator("#change-history tbody tr")
    expect(versions).to_have_count(2)
    versions.last.locator("th a").click()
    walk.shot("4-fassung")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("wiederhergestellt")
    walk.check()
    assert set(partner.tags.names()) == {"Fairer Handel", "Vergabe"}
    page.locator("#result_list").get_by_role("link", name=NAME).click()
    expect(page.locator("#id_tags")).to_have_value(re.compile("Fairer Handel.*Vergabe"))
    page.get_by_role("link", name="Geschichte").click()
    expect(page.locator("#change-history tbody tr").first).to_contain_text("wiederhergestellt")
    walk.shot("4-wiederhergestellt")


def test_redaktion_handles_an_entry_report_and_a_barrier_report(
    walk, live_network, mailoutbox, settings
):
    from playwright.sync_api import expect

    settings.BARRIER_REPORT_RECIPIENTS = ["buero@example.org"]

    page = walk.page
    partner = live_network.partner
    walk.goto(partner.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Eintrag veraltet oder fehlerhaft?")
    page.get_by_role("link", name=re.compile("^Melden")).click()
    page.fill("#id_problem", "Die Adresse der Website stimmt nicht mehr.")
    page.fill("#id_email", "leserin@example.org")
    page.click("main form [type=submit]")
    walk.shot("5-eintrag-gemeldet")
    walk.goto("/barriere-melden/")
    page.fill("#id_email", "besucher@example.org")
    page.fill("#id_page", "/impressum/")
    page.fill("#id_message", "Der Kontrast der Links ist zu schwach.")
    page.click("main form [type=submit]")
    expect(page.locator("h1")).to_be_visible()
    walk.shot("6-barriere-gemeldet")
    assert [mail.reply_to for mail in mailoutbox] == [["besucher@example.org"]]

    walk.sign_in()
    reports = page.locator("section[aria-labelledby=meldungen]")
    reports.get_by_role("link", name=partner.name).click()
    expect(page.locator(".field-problem")).to_contain_text("stimmt nicht mehr")
    walk.shot("5-eintrag-meldung")
    page.goto(walk.url + "/admin/partners/entryreport/")
    page.locator("#result_list input.action-select").first.check()
    page.select_option("select[name=action]", "mark_done")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 Meldung erledigt.")
    walk.shot("5-erledigt")

    walk.goto("/admin/")
    reports.get_by_role("link", name="/impressum/").click()
    reply = page.locator(".field-email_link a")
    expect(reply).to_have_text("besucher@example.org")
    assert reply.get_attribute("href").startswith("mailto:besucher@example.org?subject=")
    page.click(".field-answered_on .datetimeshortcuts a")  # „Heute“
    page.check("#id_done")
    walk.shot("6-barriere-meldung")
    walk.save()
    page.locator("#result_list tr", has_text="/impressum/").locator("th a").click()
    page.click("a.viewsitelink")
    expect(page).to_have_url(walk.url + "/impressum/")
    walk.shot("6-barriere-erledigt")
    walk.goto("/admin/")
    expect(reports).to_contain_text("Keine offenen Meldungen zu Barrieren.")
    expect(reports).to_contain_text("Keine offenen Meldungen zu Einträgen.")


def test_redaktion_edits_the_imprint_and_restores_the_shipped_text(walk, live_network):
    from django.apps import apps
    from playwright.sync_api import expect

    from pages.models import Page
    from tests import initial_content

    # The fixed pages as the migrations ship them, each with its first version.
    Page.objects.all().delete()
    initial_content.initial_pages.create_pages(apps, schema_editor=None)
    Page.history.all().delete()
    importlib.import_module("pages.migrations.0005_history_baseline").create_baseline(
        apps, schema_editor=None
    )
    shipped = Page.objects.get(slug=Page.Slug.IMPRINT).body
    sentence = next(line for line in shipped.splitlines() if line[:1].isalpha())

    page = walk.page
    walk.sign_in()
    walk.goto("/admin/pages/page/")
    page.locator("#result_list a", has_text="Impressum").first.click()
    page.fill("#id_body", shipped + "\n\nNeu: Die Redaktion hat diesen Satz ergänzt.")
    walk.save()
    walk.goto("/impressum/")
    expect(page.locator("main")).to_contain_text(sentence)
    expect(page.locator("main")).to_contain_text("Die Redaktion hat diesen Satz ergänzt.")
    walk.shot("7-impressum-geaendert")

    walk.goto("/admin/pages/page/")
    page.locator("#result_list a", has_text="Impressum").first.click()
    page.get_by_role("link", name="Geschichte").click()
    baseline_row = page.locator("#change-history tbody tr", has_text="Ausgangsstand")
    baseline_row.locator("th a").click()
    walk.shot("7-ausgangsstand")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("wiederhergestellt")
    walk.goto("/impressum/")
    expect(page.locator("main")).not_to_contain_text("Die Redaktion hat diesen Satz ergänzt.")
    expect(page.locator("main")).to_contain_text(sentence)
    walk.shot("7-impressum-zurueck")
