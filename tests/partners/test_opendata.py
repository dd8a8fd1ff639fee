import csv
import io
import json

import pytest

from partners.models import OPEN_DATA_FIELDS, Partner
from tests.factories import make_partner

INTERNAL_VALUES = ["GEHEIME-NOTIZ-4711", "Vertrag nachverhandeln", "Frau Beispiel"]


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def partner_with_internal_data():
    partner = make_partner(
        name="Offenes Angebot",
        slug="offenes-angebot",
        teaser="Öffentlich; mit Semikolon, Komma und „Anführungszeichen“.",
        description="Erste Zeile.\nZweite Zeile.",
        website="https://example.org/angebot",
        operator="Musterbehörde",
        internal_notes=INTERNAL_VALUES[0],
        next_step=INTERNAL_VALUES[1],
        tags=["Mehrweg", "Gütezeichen"],
    )
    partner.contacts.create(name=INTERNAL_VALUES[2], email="person@example.org")
    make_partner(name="Entwurf", is_published=False)
    return partner


@pytest.mark.django_db
def test_json_lists_every_listed_partner_with_the_documented_fields(
    client, office, partner_with_internal_data
):
    make_partner(name="Beendetes Angebot", ended=True)
    make_partner(name="Späteres Angebot")
    response = client.get("/partner.json")
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(body(response))
    assert document["publisher"] == office.full_name
    assert document["source"] == "http://testserver/partner/"
    assert document["fields"] == OPEN_DATA_FIELDS
    records = document["partners"]
    assert [r["name"] for r in records] == ["Offenes Angebot", "Späteres Angebot"]
    assert all(list(record) == OPEN_DATA_FIELDS for record in records)
    record = next(r for r in records if r["slug"] == "offenes-angebot")
    partner = partner_with_internal_data
    assert record == {
        "name": "Offenes Angebot",
        "slug": "offenes-angebot",
        "url": "http://testserver/partner/offenes-angebot/",
        "website": "https://example.org/angebot",
        "teaser": partner.teaser,
        "description": "Erste Zeile.\nZweite Zeile.",
        "operator": "Musterbehörde",
        "group": partner.group.name,
        "group_slug": partner.group.slug,
        "tags": ["Gütezeichen", "Mehrweg"],
        "updated_at": record["updated_at"],
    }
    assert record["updated_at"].endswith("+01:00")  # local time with its offset


@pytest.mark.django_db
def test_csv_opens_in_a_german_spreadsheet_with_the_same_fields(client, partner_with_internal_data):
    response = client.get("/partner.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="partner.csv"'
    text = body(response)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == OPEN_DATA_FIELDS
    assert len(rows) == 1 + Partner.objects.published().count()
    record = next(
        dict(zip(rows[0], row, strict=True)) for row in rows if row[1] == "offenes-angebot"
    )
    assert record["teaser"] == partner_with_internal_data.teaser
    assert record["description"] == "Erste Zeile.\nZweite Zeile."
    assert record["tags"] == "Gütezeichen, Mehrweg"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/partner.json", "/partner.csv"])
def test_open_data_never_contains_internal_fields_or_drafts(
    client, partner_with_internal_data, url
):
    text = body(client.get(url))
    for value in [*INTERNAL_VALUES, "person@example.org", "Entwurf"]:
        assert value not in text
    for field in ["internal_notes", "next_step", "partnership_status", "is_published"]:
        assert field not in text


@pytest.mark.django_db
def test_csv_cells_never_start_a_spreadsheet_formula(client):
    make_partner(name='=HYPERLINK("http://example.org")', slug="formel")
    text = body(client.get("/partner.csv"))
    row = next(r for r in csv.reader(io.StringIO(text), delimiter=";") if "formel" in r)
    assert row[0] == '\'=HYPERLINK("http://example.org")'


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/partner.json", "/partner.csv"])
def test_open_data_reads_well_when_nothing_is_published(client, url):
    make_partner(is_published=False)
    text = body(client.get(url))
    if url.endswith(".json"):
        assert json.loads(text)["partners"] == []
    else:
        assert text == "\ufeff" + ";".join(OPEN_DATA_FIELDS) + "\r\n"


@pytest.mark.django_db
def test_open_data_is_linked_from_the_footer(client):
    html = client.get("/").content.decode()
    assert 'href="/partner.json"' in html
    assert 'href="/partner.csv"' in html
