"""The second pair of eyes as two people do it, each in their own browser: a member of
"Redaktion" changes a public partner and the imprint, a member of "Freigabe" previews the
change on the website, sends it back with a comment, and releases the next version. The
public sees the released version throughout, and nobody releases their own change.
Screenshots of the start page, the review page and the preview land in the test's
temporary folder."""

import re

import pytest

from tests.browser.harness import StaffBrowser, public_text
from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "ein-langes-passwort"
OLD_TEASER = "Der freigegebene Kurztext des Testportals."
FIRST_TEASER = "Der neue Kurztext, erster Versuch."
SECOND_TEASER = "Der neue Kurztext, mit Quelle überarbeitet."
COMMENT = "Bitte die Quelle des neuen Kurztexts nennen."


class Person(StaffBrowser):
    """A staff member of the release flow, with the steps both roles take."""

    def __init__(self, browser, live_server, folder, username):
        super().__init__(browser, live_server, username, PASSWORD)
        self.folder = folder

    def shot(self, name):
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)

    def change(self, admin_path, field, text):
        """Change one field on an entry's form and save it."""
        from playwright.sync_api import expect

        self.goto(admin_path)
        self.page.fill(field, text)
        self.page.click("input[name=_save]")
        expect(self.page.locator(".messagelist")).to_contain_text("warten auf Freigabe")

    def open_review(self, entry_name):
        """From the start page's panel "Zur Freigabe", the review page of `entry_name`."""
        from playwright.sync_api import expect

        self.goto("/admin/")
        panel = self.page.locator("section[aria-labelledby=freigabe]")
        expect(panel).to_contain_text(entry_name)
        panel.get_by_role("link", name=entry_name).click()
        expect(self.page.locator("h1")).to_contain_text("Freigabe prüfen")


@pytest.fixture
def people(browser, live_server, live_network, tmp_path):
    from tests.factories import make_staff

    make_staff(username="redaktion", password=PASSWORD, group="Redaktion", first_name="Rita")
    make_staff(username="freigabe", password=PASSWORD, group="Freigabe", first_name="Frieda")
    live_network.partner.teaser = OLD_TEASER
    live_network.partner.save()
    editor = Person(browser, live_server, tmp_path, "redaktion")
    reviewer = Person(browser, live_server, tmp_path, "freigabe")
    yield editor, reviewer
    editor.close()
    reviewer.close()


def test_a_change_is_previewed_sent_back_and_released_by_a_second_person(
    browser, live_server, live_network, people
):
    from playwright.sync_api import expect

    from core.models import PendingChange

    editor, reviewer = people
    partner = live_network.partner
    public_url = live_server.url + partner.get_absolute_url()
    change_form = f"/admin/partners/partner/{partner.pk}/change/"

    # Redaktion changes the public partner: the change waits, the public keeps the old text.
    editor.change(change_form, "#id_teaser", FIRST_TEASER)
    assert OLD_TEASER in public_text(browser, public_url)
    assert FIRST_TEASER not in public_text(browser, public_url)

    # Freigabe finds it on the start page, reviews it and opens the preview.
    reviewer.goto("/admin/")
    panel = reviewer.page.locator("section[aria-labelledby=freigabe]")
    expect(panel).to_contain_text(partner.name)
    expect(panel).to_contain_text("Rita")
    reviewer.shot("start-page-zur-freigabe")
    reviewer.open_review(partner.name)
    expect(reviewer.page.locator(".release-review")).to_contain_text(FIRST_TEASER)
    reviewer.shot("review-page")
    with reviewer.page.expect_popup() as opened:
        reviewer.page.get_by_role("link", name="Vorschau auf der Website").click()
    preview = opened.value
    preview.wait_for_load_state()
    banner = preview.locator(".preview-banner")
    expect(banner).to_contain_text("Vorschau: Diese Fassung wartet auf Freigabe")
    expect(banner).to_contain_text("Eingereicht von Rita am")
    expect(preview.locator(".lead")).to_have_text(FIRST_TEASER)
    preview.screenshot(path=str(reviewer.folder / "preview-with-banner.png"), full_page=True)
    assert banner.get_by_role("link").get_attribute("href").startswith("/admin/core/")
    preview.close()

    # ... and sends it back with a comment.
    reviewer.page.fill("#id_comment", COMMENT)
    reviewer.page.click("input[name=_return]")
    expect(reviewer.page.locator(".messagelist")).to_contain_text("zurückgegeben")

    # Redaktion reads the comment on the start page, changes again and submits.
    editor.goto("/admin/")
    own = editor.page.locator("section[aria-labelledby=eingereicht]")
    expect(own).to_contain_text("zurückgegeben")
    expect(own).to_contain_text(COMMENT)
    editor.shot("start-page-meine-eingereichten")
    editor.change(change_form, "#id_teaser", SECOND_TEASER)
    assert OLD_TEASER in public_text(browser, public_url)

    # Redaktion may not release their own change: no button, and a forged POST is refused.
    change = PendingChange.objects.open().for_object(partner).get()
    review = f"/admin/core/pendingchange/{change.pk}/change/"
    editor.goto(review)
    expect(editor.page.locator("input[name=_release]")).to_have_count(0)
    expect(editor.page.locator(".release-review")).to_contain_text("selbst eingereicht")
    token = editor.page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = editor.page.request.post(
        editor.url + review,
        form={"csrfmiddlewaretoken": token, "_release": "Freigeben"},
        headers={"Referer": editor.url + review},
    )
    assert forged.status < 500
    change.refresh_from_db()
    assert change.state == PendingChange.State.SUBMITTED
    assert OLD_TEASER in public_text(browser, public_url)

    # Freigabe releases: the public sees the new text.
    reviewer.open_review(partner.name)
    expect(reviewer.page.locator(".release-review")).to_contain_text(SECOND_TEASER)
    reviewer.page.click("input[name=_release]")
    expect(reviewer.page.locator(".messagelist")).to_contain_text("freigegeben")
    assert SECOND_TEASER in public_text(browser, public_url)
    assert OLD_TEASER not in public_text(browser, public_url)
    change.refresh_from_db()
    assert change.state == PendingChange.State.RELEASED
    assert change.decided_by.username == "freigabe"


def test_a_change_of_the_imprint_waits_for_release(browser, live_server, live_network, people):
    from playwright.sync_api import expect

    editor, reviewer = people
    page = live_network.pages["impressum"]
    public_url = live_server.url + page.get_absolute_url()
    old_text = public_text(browser, public_url)
    new_body = "Ein neuer Absatz im Impressum, der auf Freigabe wartet."

    editor.change(f"/admin/pages/page/{page.pk}/change/", "#id_body", new_body)
    assert new_body not in public_text(browser, public_url)

    reviewer.open_review("Impressum")
    preview_href = reviewer.page.get_by_role("link", name="Vorschau auf der Website")
    reviewer.goto(preview_href.get_attribute("href"))
    expect(reviewer.page.locator(".preview-banner")).to_be_visible()
    expect(reviewer.page.locator("main")).to_contain_text(new_body)
    assert reviewer.page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    reviewer.shot("imprint-preview")

    reviewer.open_review("Impressum")
    reviewer.page.click("input[name=_release]")
    expect(reviewer.page.locator(".messagelist")).to_contain_text("freigegeben")
    released = public_text(browser, public_url)
    assert new_body in released
    assert re.sub(r"\s+", " ", released) != re.sub(r"\s+", " ", old_text)
    assert "Vorschau:" not in released
