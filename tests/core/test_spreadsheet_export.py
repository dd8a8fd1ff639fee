"""The partner and actor lists as spreadsheets (core/spreadsheets/): the list as filtered
and searched, as .xlsx and CSV, with German headers and values; nothing becomes a formula;
an exported file imported again changes nothing."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains

from stakeholders.models import PartnershipStatus
from tests.factories import make_actor, make_group, make_partner, make_staff

EXPORT = reverse("admin:partners_partner_export")


def xlsx_rows(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def csv_records(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


@pytest.fixture
def partners(db):
    person = make_staff("Redaktion", username="mm", first_name="Maria", last_name="Muster")
    politik = make_group(name="Politik und Verwaltung")
    forschung = make_group(name="Wissenschaft und Forschung")
    return {
        "uba": make_partner(
            name="Umweltbundesamt",
            group=politik,
            partnership_status=PartnershipStatus.ACTIVE,
            next_step="Leitfaden abstimmen",
            next_step_due=datetime.date(2026, 12, 24),
            responsible=person,
            tags=["Umweltkriterien", "Blauer Engel"],
        ),
        "formel": make_partner(name="=HYPERLINK(1)", group=politik, teaser="+49 211 1234"),
        "forschung": make_partner(name="Institut", group=forschung, is_published=False),
    }


@pytest.mark.django_db
def test_the_filtered_list_as_xlsx_with_german_headers_and_values(editor_client, partners):
    group = partners["uba"].group
    response = editor_client.get(EXPORT, {"format": "xlsx", "group__id__exact": group.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="partner-')
    sheet, rows = xlsx_rows(response)
    header, records = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert header[:4] == ["Name", "Kurzname in der Adresse", "Akteursgruppe", "Website"]
    assert {record["Name"] for record in records} == {"Umweltbundesamt", "=HYPERLINK(1)"}
    uba = next(record for record in records if record["Name"] == "Umweltbundesamt")
    assert uba["Akteursgruppe"] == "Politik und Verwaltung"
    assert uba["Stand der Partnerschaft"] == "aktiv"
    assert uba["fällig am"] == "24.12.2026"
    assert uba["zuständig"] == "Maria Muster"
    assert uba["veröffentlicht"] == "ja"
    assert uba["Angebot beendet"] == "nein"
    assert uba["Schlagwörter"] == "Blauer Engel, Umweltkriterien"
    # A text that starts like a formula stays a text cell.
    formula_row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("="))
    assert formula_row[0].data_type == "s"


@pytest.mark.django_db
def test_the_searched_list_as_csv(editor_client, partners):
    response = editor_client.get(EXPORT, {"format": "csv", "q": "Institut"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    records = csv_records(response)
    assert [record["Name"] for record in records] == ["Institut"]
    assert records[0]["veröffentlicht"] == "nein"


@pytest.mark.django_db
def test_csv_keeps_formulas_from_running(editor_client, partners):
    records = csv_records(editor_client.get(EXPORT, {"format": "csv"}))
    formula = next(record for record in records if "HYPERLINK" in record["Name"])
    assert formula["Name"] == "'=HYPERLINK(1)"
    assert formula["Kurztext"] == "'+49 211 1234"


@pytest.mark.django_db
def test_the_list_links_to_its_export_with_its_filters(editor_client, partners):
    group = partners["uba"].group
    listing = editor_client.get(
        reverse("admin:partners_partner_changelist"), {"group__id__exact": group.pk}
    )
    assertContains(listing, f"{EXPORT}?group__id__exact={group.pk}&amp;format=xlsx", html=False)
    assertContains(listing, f"{EXPORT}?group__id__exact={group.pk}&amp;format=csv", html=False)


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.usefixtures("four_eyes_off")
def test_an_exported_list_imported_again_changes_nothing(editor_client, partners, file_format):
    response = editor_client.get(EXPORT, {"format": file_format})
    content = response.content if file_format == "xlsx" else b"".join(response.streaming_content)
    upload = io.BytesIO(content)
    upload.name = f"partner.{file_format}"
    preview = editor_client.post(reverse("admin:partners_partner_import"), {"file": upload})
    assertContains(preview, "0 neu, 0 geändert, 3 unverändert, 0 fehlerhaft")


@pytest.mark.django_db
def test_the_actions_export_the_selected_entries(editor_client, partners):
    response = editor_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "export_xlsx", "_selected_action": [partners["uba"].pk]},
    )
    _sheet, rows = xlsx_rows(response)
    assert [row[0] for row in rows[1:]] == ["Umweltbundesamt"]


@pytest.mark.django_db
def test_actors_export_too(editor_client):
    make_actor(name="Stadt Köln", place="Köln", group=make_group(name="Kommunen"))
    records = csv_records(
        editor_client.get(reverse("admin:stakeholders_actor_export"), {"format": "csv"})
    )
    assert [
        (r["Name"], r["Ort"], r["Akteursgruppe"], r["öffentlich sichtbar"]) for r in records
    ] == [("Stadt Köln", "Köln", "Kommunen", "ja")]


@pytest.mark.django_db
def test_a_wrong_filter_is_no_500(editor_client, partners):
    response = editor_client.get(EXPORT, {"format": "xlsx", "gibtsnicht": "1"}, follow=True)
    assert response.redirect_chain == [(reverse("admin:partners_partner_changelist"), 302)]
    assertContains(response, "Dieser Filter ist unbekannt")
