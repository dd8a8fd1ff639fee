"""Importing partners and actors from a spreadsheet (core/spreadsheets/): the preview
shows every row as new, changed, unchanged or wrong; nothing is stored until confirmed;
the confirmed import runs in one transaction and records one version per entry by the
importing person; bad files are refused with a German message and change nothing."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook
from pytest_django.asserts import assertContains, assertNotContains

from core.models import PendingChange
from partners.models import Partner
from stakeholders.models import Actor, PartnershipStatus
from tests.factories import make_group, make_partner, make_staff

IMPORT = reverse("admin:partners_partner_import")
ACTOR_IMPORT = reverse("admin:stakeholders_actor_import")


def csv_file(rows, name="partner.csv", delimiter=";", encoding="utf-8-sig"):
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    upload = io.BytesIO(text.encode(encoding))
    upload.name = name
    return upload


def xlsx_file(rows, name="partner.xlsx", formula_at=None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    if formula_at:
        sheet[formula_at] = "=1+1"
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    output.name = name
    return output


def preview(client, upload, url=IMPORT):
    return client.post(url, {"file": upload})


def token_of(response):
    match = re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode())
    assert match, "the preview offers no confirmation"
    return match.group(1)


def confirm(client, response, url=IMPORT):
    return client.post(url, {"token": token_of(response)})


def row_results(response):
    """(row number, result, name) of each preview row."""
    html = response.content.decode()
    return re.findall(
        r'<tr class="import-\w+">\s*<td>(\d+)</td>\s*<td><span class="import-kind">([^<]+)</span>'
        r'.*?<th scope="row">([^<]*)</th>',
        html,
        flags=re.S,
    )


HEADER = ["Name", "Kurzname in der Adresse", "Akteursgruppe", "Website", "Kurztext", "Schlagwörter"]


@pytest.fixture
def groups(db):
    return {
        "politik": make_group(name="Politik und Verwaltung", slug="politik-und-verwaltung"),
        "forschung": make_group(name="Wissenschaft und Forschung", slug="wissenschaft"),
    }


@pytest.fixture
def existing(groups):
    return make_partner(
        name="Kompass Nachhaltigkeit",
        slug="kompass-nachhaltigkeit",
        group=groups["politik"],
        website="https://www.kompass-nachhaltigkeit.de/",
        teaser="Nachhaltigkeitsstandards im Überblick.",
        tags=["Siegel"],
    )


@pytest.fixture
def unchanged(groups):
    return make_partner(
        name="Siegelklarheit",
        slug="siegelklarheit",
        group=groups["politik"],
        website="https://www.siegelklarheit.de/",
        teaser="Siegel bewertet.",
    )


def mixed_table(existing, unchanged):
    return [
        HEADER,
        [
            "Neues Portal",
            "",
            "wissenschaft und forschung",
            "https://portal.example",
            "Neu.",
            "Siegel, Textilien",
        ],
        [
            existing.name,
            existing.slug,
            "Politik und Verwaltung",
            "https://kompass.example/",
            existing.teaser,
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
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_the_preview_shows_each_row_and_stores_nothing(editor_client, existing, unchanged):
    before, versions = Partner.objects.count(), existing.history.count()
    response = preview(editor_client, csv_file(mixed_table(existing, unchanged)))
    assert response.status_code == 200
    assert row_results(response) == [
        ("2", "neu", "Neues Portal"),
        ("3", "geändert", "Kompass Nachhaltigkeit"),
        ("4", "unverändert", "Siegelklarheit"),
    ]
    assertContains(response, "1 neu, 1 geändert, 1 unverändert, 0 fehlerhaft")
    # The changed row names its changed column with old and new value, and nothing else:
    # "siegel" is the existing tag "Siegel" whatever the case.
    html = response.content.decode()
    changes = re.findall(
        r"<li><strong>([^<]+):</strong> <del>([^<]*)</del> → <ins>([^<]*)</ins>", html
    )
    assert changes == [("Website", existing.website, "https://kompass.example/")]
    assertContains(response, "Import bestätigen")
    # Nothing stored: no new partner, no changed website, no new tag, no version.
    assert Partner.objects.count() == before
    existing.refresh_from_db()
    assert existing.website == "https://www.kompass-nachhaltigkeit.de/"
    assert not Partner.objects.filter(name="Neues Portal").exists()
    assert existing.history.count() == versions


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_confirming_imports_in_one_go_with_one_version_per_entry(
    editor, editor_client, existing, unchanged, groups
):
    response = preview(
        editor_client, csv_file(mixed_table(existing, unchanged), name="Netzwerk.csv")
    )
    versions_before, unchanged_versions = existing.history.count(), unchanged.history.count()
    done = confirm(editor_client, response)
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:partners_partner_changelist")
    messages = [str(m) for m in done.wsgi_request._messages]
    assert messages == [
        "Import aus „Netzwerk.csv“ abgeschlossen: 1 neu, 1 geändert, 1 unverändert, 0 fehlerhaft."
    ]

    new = Partner.objects.get(name="Neues Portal")
    assert new.group == groups["forschung"]  # matched by name, whatever the case
    assert new.slug == "neues-portal"
    assert not new.is_published  # an import never publishes
    assert sorted(new.tags.names()) == ["Siegel", "Textilien"]
    assert new.history.count() == 1  # one version, with its tags
    version = new.history.get()
    assert version.history_type == "+"
    assert version.history_user == editor
    assert version.history_change_reason == "Import aus „Netzwerk.csv“"
    assert version.history_tags == ["Siegel", "Textilien"]

    existing.refresh_from_db()
    assert existing.website == "https://kompass.example/"
    assert existing.tags.names()[0] == "Siegel"
    assert existing.history.count() == versions_before + 1
    assert existing.history.first().history_user == editor
    assert unchanged.history.count() == unchanged_versions  # unchanged: no new version

    # The preview's file is used once: a second confirmation stores nothing more.
    again = confirm(editor_client, response)
    assert again.status_code == 302
    assert Partner.objects.filter(name="Neues Portal").count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_a_wrong_row_names_row_and_column_in_german_and_nothing_is_stored(
    editor_client, existing, unchanged
):
    table = mixed_table(existing, unchanged) + [
        ["Kaputt", "", "Gibt es nicht", "keine adresse", "Text.", ""],
        ["", "", "Politik und Verwaltung", "", "Ohne Namen.", ""],
    ]
    response = preview(editor_client, csv_file(table))
    results = row_results(response)
    assert [kind for _number, kind, _name in results] == [
        "neu",
        "geändert",
        "unverändert",
        "fehlerhaft",
        "fehlerhaft",
    ]
    assertContains(response, "Nichts wurde gespeichert. 2 Zeilen sind fehlerhaft")
    html = response.content.decode()
    assert (
        "Spalte „Akteursgruppe“: „Gibt es nicht“ gibt es nicht. "
        "Vorhanden: „Politik und Verwaltung“, „Wissenschaft und Forschung“." in html
    )
    assert "Spalte „Website“: Bitte eine gültige Adresse eingeben." in html
    assert "Spalte „Name“: Dieses Feld darf nicht leer sein." in html
    assertNotContains(response, "Import bestätigen")
    assertNotContains(response, 'name="token"')
    assert not Partner.objects.filter(name__in=["Neues Portal", "Kaputt"]).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_xlsx_with_german_values_round_trips_the_partnership_fields(editor_client, groups):
    person = make_staff("Redaktion", username="mm", first_name="Maria", last_name="Muster")
    rows = [
        [
            "Name",
            "Akteursgruppe",
            "Kurztext",
            "Stand der Partnerschaft",
            "fällig am",
            "Nächster Schritt",
            "zuständig",
            "Angebot beendet",
            "veröffentlicht",
        ],
        [
            "Umweltbundesamt",
            "Politik und Verwaltung",
            "Leitfäden.",
            "im Gespräch",
            "24.12.2026",
            "Anrufen",
            "Maria Muster",
            "nein",
            "ja",
        ],
    ]
    response = preview(editor_client, xlsx_file(rows))
    assert row_results(response) == [("2", "neu", "Umweltbundesamt")]
    assertContains(response, "„veröffentlicht“")  # named as a column the import does not read
    confirm(editor_client, response)
    partner = Partner.objects.get(name="Umweltbundesamt")
    assert partner.partnership_status == PartnershipStatus.IN_TALKS
    assert partner.next_step_due.isoformat() == "2026-12-24"
    assert partner.responsible == person
    assert partner.is_published is False


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_a_wrong_choice_lists_what_is_possible(editor_client, existing):
    rows = [
        ["Name", "Kurzname in der Adresse", "Stand der Partnerschaft", "fällig am"],
        [existing.name, existing.slug, "läuft super", "31.02.2026"],
    ]
    response = preview(editor_client, csv_file(rows))
    html = response.content.decode()
    assert (
        "Spalte „Stand der Partnerschaft“: „läuft super“ ist hier nicht möglich. "
        "Möglich sind: „angebahnt“, „im Gespräch“" in html
    )
    assert (
        "Spalte „fällig am“: „31.02.2026“ ist kein Datum. Bitte so schreiben: 24.12.2026." in html
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_windows_csv_with_commas_is_read(editor_client, existing):
    rows = [
        ["Name", "Kurzname in der Adresse", "Betrieben von"],
        [existing.name, existing.slug, "Bundesministerium für Umwelt"],
    ]
    response = preview(editor_client, csv_file(rows, delimiter=",", encoding="cp1252"))
    assertContains(
        response, "<del>(leer)</del> → <ins>Bundesministerium für Umwelt</ins>", html=False
    )


@pytest.mark.django_db
def test_actors_import_too(editor_client, groups, four_eyes_off):
    rows = [["Name", "Akteursgruppe", "Ort"], ["Stadt Köln", "Politik und Verwaltung", "Köln"]]
    response = preview(editor_client, csv_file(rows, name="akteure.csv"), url=ACTOR_IMPORT)
    assert row_results(response) == [("2", "neu", "Stadt Köln")]
    confirm(editor_client, response, url=ACTOR_IMPORT)
    actor = Actor.objects.get(name="Stadt Köln")
    assert (actor.place, actor.is_public, actor.slug) == ("Köln", False, "stadt-koln")


# --- Four eyes -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_under_four_eyes_a_public_entry_change_waits_for_release(editor, editor_client, existing):
    rows = [
        ["Name", "Kurzname in der Adresse", "Kurztext", "Nächster Schritt"],
        [existing.name, existing.slug, "Ein neuer Kurztext.", "Nachfassen"],
    ]
    response = preview(editor_client, csv_file(rows))
    assertContains(response, "wartet auf Freigabe")
    confirm(editor_client, response)
    existing.refresh_from_db()
    assert existing.teaser == "Nachhaltigkeitsstandards im Überblick."  # public: unchanged
    assert existing.next_step == "Nachfassen"  # internal: saved at once
    change = PendingChange.objects.open().for_object(existing).get()
    assert change.submitted_by == editor
    assert change.data["teaser"] == "Ein neuer Kurztext."
    assert change.data["tags"] == ["Siegel"]


# --- Bad files ----------------------------------------------------------------------------


def zip_bomb():
    """An .xlsx-looking archive whose sheet unpacks to 100 MB of zeros."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (100 * 1024 * 1024))
    output.seek(0)
    output.name = "bombe.xlsx"
    return output


def entity_bomb():
    """A real .xlsx whose sheet defines nested XML entities ("billion laughs")."""
    plain = xlsx_file([["Name"], ["Portal"]])
    output = io.BytesIO()
    laughs = '<!DOCTYPE x [<!ENTITY a "hahahahahaha">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)
    )
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                sheet = data.decode().replace("Portal", "&i;")
                data = (laughs + "]>" + sheet).encode()
            target.writestr(item, data)
    output.seek(0)
    output.name = "lachen.xlsx"
    return output


def named(content, name):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


BAD_FILES = {
    "pdf": (
        lambda: named(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n\x00\x00", "liste.pdf"),
        "keine Tabelle, die wir lesen können",
    ),
    "pdf named csv": (
        lambda: named(b"%PDF-1.7\n\x00\x01\x02\x00", "liste.csv"),
        "keine Tabelle, die wir lesen können",
    ),
    "old xls": (
        lambda: named(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "liste.xls"),
        "Ältere Excel-Dateien (.xls)",
    ),
    "broken xlsx": (
        lambda: named(b"PK\x03\x04kaputt", "liste.xlsx"),
        "keine Tabelle, die wir lesen können",
    ),
    "zip bomb": (zip_bomb, "entpackt sich auf 100,0\xa0MB"),
    "xml entities": (entity_bomb, "keine Tabelle, die wir lesen können"),
    "empty": (lambda: named(b"   ", "leer.csv"), "Die Datei ist leer."),
    "partly ours": (
        lambda: csv_file([["Kurztext", "Umsatz"], ["x", "100"]]),
        "Diese Tabelle passt nicht: es fehlt die Spalte „Name“. Gefunden: „Kurztext“, „Umsatz“.",
    ),
    "foreign": (
        lambda: csv_file([["Kundennummer", "Umsatz"], ["4711", "100"]], name="umsatz.csv"),
        "Keine Spalte dieser Tabelle ist bekannt; sie stammt wohl nicht aus dem Backoffice. "
        "Es fehlt die Spalte „Name“. Gefunden: „Kundennummer“, „Umsatz“.",
    ),
    "formula csv": (
        lambda: csv_file([["Name", "Kurztext"], ['=HYPERLINK("http://böse.example")', "x"]]),
        "Die Tabelle enthält Formeln (Zeile 2, Spalte A)",
    ),
    "formula xlsx": (
        lambda: xlsx_file([["Name", "Kurztext"], ["Portal", "x"]], formula_at="B2"),
        "Die Tabelle enthält Formeln (Zeile 2, Spalte B)",
    ),
    "duplicate column": (
        lambda: csv_file([["Name", "name"], ["a", "b"]]),
        "Die Spalte „name“ kommt zweimal vor.",
    ),
    "headers only": (
        lambda: csv_file([["Name", "Kurztext"]]),
        "Die Tabelle enthält nur die Spaltenüberschriften und keine Zeile darunter.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(editor_client, existing, kind):
    make_file, message = BAD_FILES[kind]
    before = list(Partner.objects.values_list("pk", "name", "updated_at"))
    response = preview(editor_client, make_file())
    assert response.status_code == 200
    assertNotContains(response, 'name="token"')
    html = response.content.decode()
    assert message in html, html[html.find("errornote") : html.find("errornote") + 600]
    assert list(Partner.objects.values_list("pk", "name", "updated_at")) == before


@pytest.mark.django_db
def test_a_file_over_the_limit_is_not_even_read(editor_client, settings):
    settings.SPREADSHEET_MAX_BYTES = 1024
    response = preview(editor_client, named(b"Name\n" + b"x" * 2048, "gross.csv"))
    assertContains(
        response, "Die Datei ist zu groß (2,0\xa0KB). Es gehen höchstens 1,0\xa0KB auf einmal"
    )


@pytest.mark.django_db
def test_50_megabytes_are_refused(editor_client):
    response = preview(
        editor_client, named(b"Name;Kurztext\n" + b"a;b\n" * (50 * 1024 * 1024 // 4), "riesig.csv")
    )
    assertContains(
        response, "Die Datei ist zu groß (50,0\xa0MB). Es gehen höchstens 5,0\xa0MB auf einmal"
    )


@pytest.mark.django_db
def test_too_many_rows_are_refused(editor_client, settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    rows = [["Name"]] + [[f"Portal {n}"] for n in range(5)]
    response = preview(editor_client, csv_file(rows))
    assertContains(response, "Die Tabelle hat mehr als 3 Zeilen")


# --- The confirmation ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_a_token_of_another_session_imports_nothing(editor_client, existing, client):
    response = preview(
        editor_client,
        csv_file([["Name", "Akteursgruppe", "Kurztext"], ["Fremd", existing.group.name, "x"]]),
    )
    other = make_staff("Redaktion", username="andere")
    client.force_login(other)
    refused = client.post(IMPORT, {"token": token_of(response)}, follow=True)
    assertContains(refused, "Diese Vorschau ist abgelaufen oder gehört zu einer anderen Sitzung")
    assert not Partner.objects.filter(name="Fremd").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_a_change_since_the_preview_stores_nothing(editor_client, existing, groups):
    rows = [
        ["Name", "Akteursgruppe", "Kurztext"],
        ["Neu A", "Politik und Verwaltung", "a"],
        ["Neu B", "Wissenschaft und Forschung", "b"],
    ]
    response = preview(editor_client, csv_file(rows))
    groups["forschung"].name = "Umbenannt"
    groups["forschung"].save()
    refused = confirm(editor_client, response)
    assert refused.status_code == 200
    assertContains(
        refused, "Es wurde nichts gespeichert: seit der Vorschau hat sich etwas geändert."
    )
    # Row 2 was still right, yet nothing of it stays: one transaction for the whole file.
    assert not Partner.objects.filter(name__startswith="Neu ").exists()


@pytest.mark.django_db
def test_import_needs_the_right_to_add_and_change(client, existing):
    viewer = make_staff(None, username="nurlesen")
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_partner"))
    client.force_login(viewer)
    assert client.get(IMPORT).status_code == 403
    listing = client.get(reverse("admin:partners_partner_changelist"))
    assertNotContains(listing, "Aus Tabelle importieren")
    assertContains(listing, "Liste als Excel-Datei")


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_a_confirmed_import_renews_the_kept_pages_once(
    editor_client, existing, unchanged, monkeypatch
):
    from core import page_cache

    response = preview(editor_client, csv_file(mixed_table(existing, unchanged)))
    renewals = []
    real_set = page_cache.cache.set

    def counting_set(key, *args, **kwargs):
        if key == page_cache.VERSION_KEY:
            renewals.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "set", counting_set)
    before = page_cache.content_version()
    confirm(editor_client, response)
    assert page_cache.content_version() != before
    assert len(renewals) == 1  # two entries saved, tags set: the kept pages renewed once


@pytest.mark.django_db
@pytest.mark.usefixtures("four_eyes_off")
def test_rows_find_their_entry_by_name_whatever_the_case_and_twice(editor_client, existing):
    rows = [
        ["Name", "Betrieben von"],
        ["KOMPASS nachhaltigkeit", "Erste Zeile"],
        ["Kompass Nachhaltigkeit", "Zweite Zeile"],
    ]
    response = preview(editor_client, csv_file(rows))
    assert [kind for _number, kind, _name in row_results(response)] == ["geändert", "geändert"]
    html = response.content.decode()
    # The second row sees what the first one changed.
    assert "<del>Erste Zeile</del> → <ins>Zweite Zeile</ins>" in html
    confirm(editor_client, response)
    existing.refresh_from_db()
    assert existing.operator == "Zweite Zeile"
    assert Partner.objects.filter(name__iexact="kompass nachhaltigkeit").count() == 1
