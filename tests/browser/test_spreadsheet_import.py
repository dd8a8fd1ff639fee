"""The spreadsheet import of the back office as a member of "Redaktion" does it in a browser:
from the partner list to the upload page, a CSV with a wrong row (its German message, no
"Import bestätigen", nothing stored), the corrected .xlsx (new, changed and unchanged rows,
the old and new value), the confirmation and the message on the list. The file input and
the buttons are reached by keyboard, and at 375 px the page does not scroll sideways (only
the preview table may, in its own box). Under four eyes a change to a public partner waits
for release. Screenshots at 1280 and 375 px land in the test's temporary folder, and also
in SCREENSHOT_DIR when that is set."""

import csv
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "ein-langes-passwort"
LIST = "/admin/partners/partner/"
HEADER = ["Name", "Kurzname in der Adresse", "Akteursgruppe", "Website", "Kurztext", "Schlagwörter"]
OLD_WEBSITE = "https://www.kompass-nachhaltigkeit.de/"
NEW_WEBSITE = "https://kompass.example/"
UNKNOWN_GROUP = "Gibt es nicht"
GROUP_ERROR = f"Spalte „Akteursgruppe“: „{UNKNOWN_GROUP}“ gibt es nicht. Vorhanden:"
OLD_TEASER = "Nachhaltigkeitsstandards im Überblick."
NEW_TEASER = "Ein neuer Kurztext aus der Tabelle."
WIDTHS = {"desktop": (1280, 900), "phone": (375, 800)}


def csv_file(folder, name, rows, delimiter=";", encoding="utf-8-sig"):
    """A CSV file as Excel writes it for German settings (semicolons, a BOM)."""
    path = folder / name
    with path.open("w", encoding=encoding, newline="") as output:
        csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


def xlsx_file(folder, name, rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    path = folder / name
    book.save(path)
    return path


@pytest.fixture
def office(transactional_db):
    """The staff roles, two groups, a public partner the import changes and one it
    leaves as it is, and a member of "Redaktion" (for the live server's database)."""
    from tests.browser.harness import restore_staff_roles
    from tests.factories import make_group, make_partner, make_staff

    restore_staff_roles()
    politik = make_group(name="Politik und Verwaltung", slug="politik-und-verwaltung")
    make_group(name="Wissenschaft und Forschung", slug="wissenschaft")
    make_staff("Redaktion", username="redaktion", password=PASSWORD, first_name="Rita")
    return {
        "changed": make_partner(
            name="Kompass Nachhaltigkeit",
            slug="kompass-nachhaltigkeit",
            group=politik,
            website=OLD_WEBSITE,
            teaser=OLD_TEASER,
            tags=["Siegel"],
        ),
        "unchanged": make_partner(
            name="Siegelklarheit",
            slug="siegelklarheit",
            group=politik,
            website="https://www.siegelklarheit.de/",
            teaser="Siegel bewertet.",
        ),
    }


@pytest.fixture
def shots(tmp_path):
    """Saves a full-page screenshot at each width; checks at 375 px that the page does not
    scroll sideways (a table may, inside its own box)."""
    folder = tmp_path / "shots"
    folder.mkdir()
    copy_to = os.environ.get("SCREENSHOT_DIR")

    def shoot(page, name):
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            path = folder / f"import-{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            if copy_to:
                Path(copy_to).mkdir(parents=True, exist_ok=True)
                shutil.copy(path, copy_to)
            if width < 1000:
                sizes = page.evaluate(
                    "() => [document.documentElement.scrollWidth, window.innerWidth]"
                )
                assert sizes[0] <= sizes[1], f"{name} scrolls sideways at {width} px: {sizes}"
        page.set_viewport_size({"width": 1280, "height": 900})

    return shoot


@pytest.fixture
def page(browser, live_server, office):
    """A 1280 x 900 browser page, signed in as the member of "Redaktion"."""
    from playwright.sync_api import expect

    from tests.two_factor import sign_in

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    sign_in(page, live_server.url, "redaktion", PASSWORD)
    expect(page.locator("#user-tools")).to_be_visible()
    yield page
    context.close()


def open_import(page, live_server):
    """From the partner list, by its button "Aus Tabelle importieren"."""
    from playwright.sync_api import expect

    page.goto(live_server.url + LIST)
    tools = page.locator(".object-tools")
    expect(tools.get_by_role("link", name="Liste als Excel-Datei")).to_be_visible()
    expect(tools.get_by_role("link", name="Liste als CSV")).to_be_visible()
    tools.get_by_role("link", name="Aus Tabelle importieren").click()
    page.wait_for_url("**/admin/partners/partner/import/")
    expect(page.locator("h1")).to_contain_text("aus einer Tabelle importieren")
    expect(page.get_by_label("Tabelle (.xlsx oder .csv)")).to_be_visible()


def tab_to(page, selector, limit=80):
    """Press Tab until the element at `selector` has the focus; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} not reached by Tab; the focus is on {focused}")


def upload(page, path, by_keyboard=False):
    """Choose `path` in the file input and press "Vorschau zeigen"."""
    page.set_input_files("#id_file", str(path))
    button = page.get_by_role("button", name="Vorschau zeigen")
    if by_keyboard:
        page.focus("#id_file")
        tab_to(page, "input[type=submit][value='Vorschau zeigen']")
        page.keyboard.press("Enter")
    else:
        button.click()
    page.wait_for_load_state()
    page.locator("#vorschau").wait_for()


def preview_rows(page):
    """(row number, result, name) of each row of the preview table."""
    rows = page.locator("table.import-preview tbody tr")
    return [
        (
            row.locator("td").nth(0).inner_text().strip(),
            row.locator(".import-kind").inner_text().strip(),
            row.locator("th").inner_text().strip(),
        )
        for row in rows.all()
    ]


def stored():
    from partners.models import Partner

    return sorted(Partner.objects.values_list("name", "website", "teaser", "is_published"))


@pytest.mark.usefixtures("four_eyes_off")
def test_a_redaktion_member_imports_partners_from_a_table(
    page, live_server, office, shots, tmp_path
):
    from playwright.sync_api import expect

    from partners.models import Partner

    changed, unchanged = office["changed"], office["unchanged"]
    before = stored()
    versions = changed.history.count()

    open_import(page, live_server)
    # By keyboard: the file input and both buttons of the form are reached with Tab.
    tab_to(page, "#id_file")
    tab_to(page, "input[type=submit][value='Vorschau zeigen']")
    shots(page, "upload")

    # A CSV with a wrong row: the row and its column are named in German, nothing is
    # stored, and there is nothing to confirm.
    wrong = csv_file(
        tmp_path,
        "partner-mit-fehler.csv",
        [
            HEADER,
            [
                "Neues Portal",
                "",
                "Wissenschaft und Forschung",
                "https://portal.example",
                "Neu.",
                "",
            ],
            ["Kaputtes Portal", "", UNKNOWN_GROUP, "https://kaputt.example", "Text.", ""],
        ],
    )
    upload(page, wrong)
    expect(page.locator("#vorschau")).to_have_text(
        "Vorschau: 1 neu, 0 geändert, 0 unverändert, 1 fehlerhaft"
    )
    expect(page.locator(".errornote").first).to_contain_text(
        "Nichts wurde gespeichert. 1 Zeile ist fehlerhaft"
    )
    assert preview_rows(page) == [
        ("2", "neu", "Neues Portal"),
        ("3", "fehlerhaft", "Kaputtes Portal"),
    ]
    wrong_row = page.locator("table.import-preview tr.import-error")
    expect(wrong_row.locator(".import-errors")).to_contain_text(GROUP_ERROR)
    expect(page.get_by_role("button", name="Import bestätigen")).to_have_count(0)
    expect(page.locator("input[name=token]")).to_have_count(0)
    assert stored() == before
    shots(page, "preview-errors")

    # The corrected table as .xlsx: a new partner, a changed one, an unchanged one.
    corrected = xlsx_file(
        tmp_path,
        "partner-korrigiert.xlsx",
        [
            HEADER,
            [
                "Neues Portal",
                "",
                "wissenschaft und forschung",
                "https://portal.example",
                "Neu.",
                "Siegel",
            ],
            [
                changed.name,
                changed.slug,
                "Politik und Verwaltung",
                NEW_WEBSITE,
                changed.teaser,
                "siegel",
            ],
            [
                unchanged.name,
                unchanged.slug,
                "Politik und Verwaltung",
                unchanged.website,
                unchanged.teaser,
                "",
            ],
        ],
    )
    upload(page, corrected, by_keyboard=True)
    expect(page.locator("#vorschau")).to_have_text(
        "Vorschau: 1 neu, 1 geändert, 1 unverändert, 0 fehlerhaft"
    )
    expect(page.locator(".errornote")).to_have_count(0)
    assert preview_rows(page) == [
        ("2", "neu", "Neues Portal"),
        ("3", "geändert", changed.name),
        ("4", "unverändert", unchanged.name),
    ]
    expect(page.locator("tr.import-new")).to_contain_text("wird als Entwurf angelegt")
    change = page.locator("tr.import-update .import-changes li")
    expect(change).to_have_count(1)  # only the website; "siegel" is the tag "Siegel"
    expect(change.locator("strong")).to_have_text("Website:")
    expect(change.locator("del")).to_have_text(OLD_WEBSITE)
    expect(change.locator("ins")).to_have_text(NEW_WEBSITE)
    assert stored() == before  # still only a preview
    shots(page, "preview-ok")

    # "Import bestätigen" by keyboard: Tab to it, then Enter.
    tab_to(page, "input[type=submit][value='Import bestätigen']")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + LIST)
    expect(page.locator(".messagelist .success")).to_have_text(
        "Import aus „partner-korrigiert.xlsx“ abgeschlossen: "
        "1 neu, 1 geändert, 1 unverändert, 0 fehlerhaft."
    )
    expect(page.locator("#result_list")).to_contain_text("Neues Portal")
    shots(page, "list-after-import")

    new = Partner.objects.get(name="Neues Portal")
    assert new.is_published is False  # a draft
    assert new.group.name == "Wissenschaft und Forschung"
    assert new.tags.names()[0] == "Siegel"
    assert not Partner.objects.filter(name="Kaputtes Portal").exists()
    changed.refresh_from_db()
    assert changed.website == NEW_WEBSITE
    assert changed.is_published is True
    assert changed.history.count() == versions + 1
    assert changed.history.first().history_change_reason == "Import aus „partner-korrigiert.xlsx“"


def four_eyes_preview(page, live_server, office, tmp_path):
    """The preview of a table that changes the public partner's short text."""
    changed = office["changed"]
    open_import(page, live_server)
    table = csv_file(
        tmp_path,
        "kurztext.csv",
        [["Name", "Kurzname in der Adresse", "Kurztext"], [changed.name, changed.slug, NEW_TEASER]],
    )
    upload(page, table)
    return page.locator("tr.import-update")


def test_under_four_eyes_a_change_to_a_public_partner_waits_for_release(
    page, live_server, office, shots, tmp_path
):
    from playwright.sync_api import expect

    from core.models import PendingChange

    changed = office["changed"]
    row = four_eyes_preview(page, live_server, office, tmp_path)
    expect(page.locator("#vorschau")).to_have_text(
        "Vorschau: 0 neu, 1 geändert, 0 unverändert, 0 fehlerhaft"
    )
    expect(row.locator(".import-kind")).to_have_text("geändert")
    expect(row.locator("small")).to_have_text("wartet auf Freigabe")
    expect(page.locator(".import-confirm")).to_contain_text("wartet danach auf Freigabe")
    shots(page, "preview-four-eyes")
    assert not PendingChange.objects.open().for_object(changed).exists()

    page.get_by_role("button", name="Import bestätigen").click()
    page.wait_for_url("**" + LIST)
    expect(page.locator(".messagelist .success")).to_contain_text(
        "1 Änderung an einem öffentlichen Eintrag wartet auf Freigabe."
    )
    changed.refresh_from_db()
    assert changed.teaser == OLD_TEASER  # the public keeps the released text
    pending = PendingChange.objects.open().for_object(changed).get()
    assert pending.submitted_by.username == "redaktion"
    assert pending.data["teaser"] == NEW_TEASER


def test_under_four_eyes_the_preview_shows_the_old_and_the_new_value(
    page, live_server, office, tmp_path
):
    from playwright.sync_api import expect

    row = four_eyes_preview(page, live_server, office, tmp_path)
    expect(row.locator("del")).to_have_text(OLD_TEASER, timeout=1000)
    expect(row.locator("ins")).to_have_text(NEW_TEASER, timeout=1000)
