"""Visitors report an outdated partner entry ("Eintrag veraltet oder fehlerhaft?").

How staff handle the reports is tested with the admin (tests/partners/test_admin.py).
"""

import pytest
from django.core import mail
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partners.models import EntryReport
from tests.factories import make_entry_report, make_partner

URL = "/partner/kompass-nachhaltigkeit/melden/"


@pytest.fixture
def partner(db):
    return make_partner(name="Kompass Nachhaltigkeit", slug="kompass-nachhaltigkeit")


@pytest.mark.django_db
def test_visitor_reports_an_outdated_entry_from_its_page(client, partner):
    page = client.get(partner.get_absolute_url())
    assertContains(page, "Eintrag veraltet oder fehlerhaft?")
    assertContains(page, f'href="{URL}"')
    form = client.get(URL)
    assertContains(form, partner.name)
    response = client.post(URL, {"problem": "Der Gütezeichen-Finder ist umgezogen.", "email": ""})
    assertRedirects(response, f"{URL}danke/")
    report = EntryReport.objects.get()
    assert (report.partner, report.problem, report.done) == (
        partner,
        "Der Gütezeichen-Finder ist umgezogen.",
        False,
    )
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"problem": ""}, "Bitte beschreiben Sie kurz, was nicht stimmt."),
        ({"problem": "x" * 2001}, "Bitte höchstens 2000 Zeichen."),
        ({"problem": "Falsch", "email": "keine"}, "Bitte geben Sie eine gültige E-Mail-Adresse"),
    ],
)
def test_bad_entry_report_gets_a_clear_message(client, partner, data, message):
    response = client.post(URL, data)
    assert response.status_code == 200
    assertContains(response, message)
    assert EntryReport.objects.count() == 0


@pytest.mark.django_db
def test_entry_reports_are_protected_against_spam(client, partner):
    assertRedirects(client.post(URL, {"problem": "Spam", "homepage": "x"}), f"{URL}danke/")
    assert EntryReport.objects.count() == 0
    for _ in range(5):
        client.post(URL, {"problem": "Veraltet"})
    limited = client.post(URL, {"problem": "Noch einmal"})
    assert limited.status_code == 429
    assertContains(limited, "Noch einmal", status_code=429)
    assert EntryReport.objects.count() == 5


@pytest.mark.django_db
def test_only_published_partners_can_be_reported(client):
    assert client.get("/partner/gibt-es-nicht/melden/").status_code == 404
    draft = make_partner(is_published=False)
    assert client.get(f"/partner/{draft.slug}/melden/").status_code == 404
    assert client.post(f"/partner/{draft.slug}/melden/", {"problem": "x"}).status_code == 404
    assert EntryReport.objects.count() == 0


@pytest.mark.django_db
def test_entry_report_without_valid_token_comes_back_with_the_typed_text(partner):
    response = Client(enforce_csrf_checks=True).post(URL, {"problem": "Link geht nicht mehr"})
    assertContains(response, "Bitte senden Sie das Formular noch einmal", status_code=403)
    assertContains(response, "Link geht nicht mehr", status_code=403)
    assert EntryReport.objects.count() == 0


@pytest.mark.django_db
def test_view_on_site_of_a_report_opens_the_partners_public_page(editor_client, partner):
    report = make_entry_report(partner)
    change = editor_client.get(f"/admin/partners/entryreport/{report.pk}/change/")
    assertContains(change, f'<a href="{partner.get_absolute_url()}" class="viewsitelink">')
    partner.is_published = False
    partner.save()
    change = editor_client.get(f"/admin/partners/entryreport/{report.pk}/change/")
    assertNotContains(change, "viewsitelink")  # an unpublished page has nothing to show


@pytest.mark.django_db
def test_privacy_statement_describes_the_entry_report_form_and_its_optional_email(client):
    page = client.get("/datenschutz/").content.decode()
    section = page.split("<h2>Wenn Sie einen Eintrag melden</h2>")[1].split("<h2")[0]
    assert "„Eintrag melden“" in section
    assert "E-Mail-Adresse nur, wenn Sie sie angeben" in section
    english = client.get("/en/datenschutz/").content.decode()
    section = english.split("<h2>When you report an entry</h2>")[1].split("<h2")[0]
    assert "e-mail address only if you give it" in section


@pytest.mark.django_db
def test_reporters_address_is_a_reply_link_quoting_the_report(editor_client, partner):
    report = make_entry_report(partner, email="erika@example.org", problem="Link tot.")
    day = report.received_on
    href = (
        f"mailto:erika@example.org?subject=Ihre%20Meldung%20vom%20{day}"
        f"&amp;body=%0D%0A%0D%0AAm%20{day}%20schrieben%20Sie%3A%0D%0A%3E%20Link%20tot."
    )
    link = f'<a href="{href}">erika@example.org</a>'
    assertContains(editor_client.get("/admin/partners/entryreport/"), link)
    assertContains(editor_client.get(f"/admin/partners/entryreport/{report.pk}/change/"), link)
