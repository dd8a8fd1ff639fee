import pytest
from pytest_django.asserts import assertContains

from core.vcard import VCard, escape_value, fold
from stakeholders.models import Office


def unfold(text):
    """The logical lines of a vCard (RFC 2426 §2.6: CRLF plus a space continues a line)."""
    return text.replace("\r\n ", "").split("\r\n")


def properties(text):
    lines = unfold(text)
    return dict(line.split(":", 1) for line in lines if line)


@pytest.mark.django_db
def test_vcard_carries_the_offices_phone_name_and_address(client):
    response = client.get("/kontakt.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="newtrade-nrw.vcf"'
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    card = properties(text)
    assert card["FN"] == "newtrade nrw"
    assert card["ORG"] == "newtrade nrw;Büro für Nachhaltige Beschaffung"
    assert card["TEL;TYPE=WORK,VOICE"] == "+492118371622"
    assert card["ADR;TYPE=WORK"] == ";;Stadttor 1;Düsseldorf;;40190;Deutschland"
    assert card["URL"] == "http://testserver/"
    assert "EMAIL;TYPE=INTERNET,WORK" not in card  # none stored yet, none invented
    assert "NOTE" not in card


@pytest.mark.django_db
def test_vcard_adds_email_and_hours_once_staff_fill_them_in(client, office):
    office.email = "info@example.org"
    office.opening_hours = "Mo–Do 9–16 Uhr; Fr 9–12 Uhr, außer an Feiertagen\nund nach Absprache"
    office.save()
    card = properties(client.get("/kontakt.vcf").content.decode())
    assert card["EMAIL;TYPE=INTERNET,WORK"] == "info@example.org"
    assert card["NOTE"] == (
        "Erreichbarkeit: Mo–Do 9–16 Uhr\\; Fr 9–12 Uhr\\, außer an Feiertagen\\nund nach Absprache"
    )


@pytest.mark.django_db
def test_vcard_answers_404_without_office_record(client):
    Office.objects.all().delete()
    assert client.get("/kontakt.vcf").status_code == 404


@pytest.mark.django_db
def test_contact_page_links_to_the_vcard(client):
    assertContains(client.get("/kontakt/"), 'href="/kontakt.vcf" download="newtrade-nrw.vcf"')


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "NOTE:" + "Öffnungszeiten für Bürgerinnen und Bürger " * 5
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 2
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped():
    assert escape_value("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    card = VCard()
    card.add("ORG", "Name; mit Semikolon", "Abteilung")
    assert "ORG:Name\\; mit Semikolon;Abteilung\r\n" in card.serialize()
