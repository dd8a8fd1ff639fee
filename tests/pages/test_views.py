"""The pages a public body must have: the fixed pages, the accessibility statement, the
sign language videos and the form to report a barrier."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from pages.models import BarrierReport, Page, SignLanguageVideo
from tests.factories import BARRIER_FORM, MP4_HEAD, make_office, make_page, make_statement
from tests.public_pages import public_urls

REPORT = BARRIER_FORM


@pytest.mark.django_db
def test_accessibility_statement_follows_the_eu_model(client):
    make_statement(
        written_on=datetime.date(2026, 1, 15),
        reviewed_on=datetime.date(2026, 2, 1),
        enforcement="Die Ombudsstelle hilft.\n\n- Website: https://ombudsstelle.example\n"
        "- E-Mail: ombudsstelle@example.org",
    )
    response = client.get("/barrierefreiheit/")
    for heading in [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontakt",
        "Durchsetzungsverfahren",
    ]:
        assertContains(response, f"<h2>{heading}</h2>", html=True)
    assertContains(response, "<strong>teilweise vereinbar</strong>", html=True)
    assertContains(response, "am 15. Januar 2026 erstellt und zuletzt am 1. Februar 2026")
    assertContains(response, "Ein Testinhalt ist nicht barrierefrei.")
    assertContains(response, "Selbstbewertung für Tests.")
    assertContains(response, 'href="/barriere-melden/"')
    assertContains(response, 'href="https://ombudsstelle.example"')
    assertContains(response, "mailto:ombudsstelle@example.org")


@pytest.mark.django_db
def test_accessibility_statement_shows_what_staff_change(client):
    statement = make_statement()
    statement.non_accessible = "## Neu\n- Ein neuer Punkt mit <b>Markup</b>"
    statement.save()
    response = client.get("/barrierefreiheit/")
    assertContains(response, "<li>Ein neuer Punkt mit &lt;b&gt;Markup&lt;/b&gt;</li>", html=True)


@pytest.mark.django_db
def test_accessibility_statement_reads_well_while_missing(client):
    response = client.get("/barrierefreiheit/")
    assertContains(response, "Die Erklärung wird gerade überarbeitet.")
    assertContains(response, 'href="/barriere-melden/"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "template_text"),
    [
        ("impressum", "Anbieter"),
        ("datenschutz", "Wer diese Seiten nur liest, bekommt kein Cookie."),
        ("leichte-sprache", "Die Telefon-Nummer ist:"),
        ("gebaerdensprache", "Zurzeit gibt es hier noch kein Video in Gebärdensprache."),
    ],
)
def test_fixed_pages_show_their_content_and_the_office(client, office, slug, template_text):
    make_page(
        slug, title=f"Titel von {slug}", body=f"## Abschnitt\nWas die Redaktion zu {slug} schreibt."
    )
    response = client.get(f"/{slug}/")
    assertContains(response, f"<h1>Titel von {slug}</h1>", html=True)
    assertContains(response, "<h2>Abschnitt</h2>", html=True)
    assertContains(response, f"Was die Redaktion zu {slug} schreibt.")
    assertContains(response, template_text)
    assertContains(response, f'href="{office.phone_uri}"')


@pytest.mark.django_db
def test_imprint_shows_the_office_address_and_what_staff_write(client, office):
    make_page("impressum", body="## Verantwortlich\nEine Person, die das Büro einträgt.")
    response = client.get("/impressum/")
    assertContains(response, office.street)
    assertContains(response, f"{office.postal_code} {office.city}")
    assertContains(response, "<h2>Verantwortlich</h2>", html=True)


@pytest.mark.django_db
def test_imprint_shows_the_phone_number_nationally_and_links_it_internationally(client):
    make_office(phone="+49 (0)211/837-1622")
    response = client.get("/impressum/")
    assertContains(response, '<a href="tel:+492118371622">0211 8371622</a>', html=True)
    assertNotContains(response, "(0)211")


@pytest.mark.django_db
def test_imprint_names_the_person_responsible_for_the_content_once_filled_in(client):
    make_office(content_responsible="Erika Muster\nStadttor 1\n40190 Düsseldorf")
    response = client.get("/impressum/")
    assertContains(
        response, "<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>", html=True
    )
    assertContains(response, "<p>Erika Muster<br>Stadttor 1<br>40190 Düsseldorf</p>", html=True)


@pytest.mark.django_db
def test_imprint_and_privacy_statement_read_well_while_facts_are_missing(client, office):
    imprint = client.get("/impressum/")
    assertNotContains(imprint, "§ 18 Abs. 2 MStV")
    assertNotContains(imprint, "mailto:")
    assertContains(imprint, "<h2>Anbieter</h2>", html=True)
    privacy = client.get("/datenschutz/")
    assertNotContains(privacy, "Datenschutzbeauftragten")
    assertContains(privacy, "<h2>Verantwortliche Stelle</h2>", html=True)


@pytest.mark.django_db
def test_privacy_statement_names_the_data_protection_officer_once_filled_in(client):
    make_office(data_protection_officer="Behördlicher Datenschutz\ndatenschutz@example.org")
    response = client.get("/datenschutz/")
    assertContains(response, "<h2>Kontakt der oder des Datenschutzbeauftragten</h2>", html=True)
    assertContains(response, "Behördlicher Datenschutz<br>")
    assertContains(response, '<a href="mailto:datenschutz@example.org">datenschutz@example.org</a>')


@pytest.mark.django_db
def test_privacy_statement_names_the_retention_period_the_command_applies(client, settings):
    settings.BARRIER_REPORT_RETENTION_DAYS = 90
    response = client.get("/datenschutz/")
    assertContains(response, "Nach 90 Tagen wird die Meldung automatisch gelöscht.")
    assertContains(response, "kein Tracking")


@pytest.mark.django_db
@pytest.mark.parametrize("slug", Page.Slug.values)
def test_fixed_pages_read_well_before_staff_write_them(client, slug):
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
    assertContains(response, f"<h1>{Page.Slug(slug).label}</h1>", html=True)


@pytest.mark.django_db
def test_sign_language_page_offers_the_video_from_our_own_host(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    video = SignLanguageVideo.objects.create(
        title="Das Büro in Gebärdensprache",
        file=SimpleUploadedFile("buero.mp4", MP4_HEAD),
        duration=datetime.timedelta(minutes=4, seconds=30),
    )
    response = client.get("/gebaerdensprache/")
    url = f"/gebaerdensprache/video/{video.pk}/"
    assertContains(response, f'<source src="{url}" type="video/mp4">', html=True)
    assertContains(response, f'<a href="{url}" download>Video herunterladen</a>', html=True)
    assertContains(response, f"(MP4, {len(MP4_HEAD)}\xa0Bytes, Laufzeit 4:30 min)")
    served = client.get(url)
    assert served["Content-Type"] == "video/mp4"
    assert b"".join(served.streaming_content) == MP4_HEAD


@pytest.mark.django_db
def test_missing_video_file_answers_404(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    video = SignLanguageVideo.objects.create(
        title="Weg", file="gebaerdensprache/fehlt.mp4", duration=datetime.timedelta(minutes=1)
    )
    assert client.get(f"/gebaerdensprache/video/{video.pk}/").status_code == 404


@pytest.mark.django_db
def test_easy_language_and_sign_language_are_linked_from_every_page_header(client, network):
    for url in public_urls(network):
        header = client.get(url).content.decode().split("</header>")[0]
        assert 'href="/leichte-sprache/"' in header, url
        assert 'href="/gebaerdensprache/"' in header, url


@pytest.mark.django_db
def test_legal_pages_are_linked_from_every_footer(client, network):
    for url in public_urls(network):
        footer = client.get(url).content.decode().split("<footer")[1]
        for page in ["/barrierefreiheit/", "/barriere-melden/", "/impressum/", "/datenschutz/"]:
            assert f'href="{page}"' in footer, url


# --- The form to report a barrier ---------------------------------------------------------


@pytest.mark.django_db
def test_report_is_stored_mailed_and_thanked(client, settings, office):
    settings.BARRIER_REPORT_RECIPIENTS = ["barrieren@example.org"]
    response = client.post("/barriere-melden/", REPORT)
    assertRedirects(response, "/barriere-melden/danke/")
    report = BarrierReport.objects.get()
    assert (report.name, report.email, report.page) == (
        "Erika Muster",
        "erika@example.org",
        "/partner/",
    )
    assert report.message == REPORT["message"]
    assert not report.done
    [message] = mail.outbox
    assert message.to == ["barrieren@example.org"]
    assert "/partner/" in message.subject
    assert REPORT["message"] in message.body
    assert f"/admin/pages/barrierreport/{report.pk}/change/" in message.body
    assert message.message()["Reply-To"] == "erika@example.org"
    assert "Eine Antwort auf diese E-Mail geht an erika@example.org." in message.body
    assertContains(client.get("/barriere-melden/danke/"), "Vielen Dank für Ihre Meldung")


@pytest.mark.django_db
def test_report_without_name_and_email_goes_to_the_office_address(client, settings):
    settings.BARRIER_REPORT_RECIPIENTS = []
    office = make_office(email="buero@example.org")
    client.post("/barriere-melden/", {"page": "Startseite", "message": "Zu wenig Kontrast."})
    assert BarrierReport.objects.get().email == ""
    [message] = mail.outbox
    assert message.to == [office.email]
    assert "Reply-To" not in message.message()
    assert "Eine Antwort auf diese E-Mail" not in message.body


@pytest.mark.django_db
def test_report_is_kept_when_no_address_is_known_or_mail_fails(
    client, settings, monkeypatch, office
):
    assert not office.email
    settings.BARRIER_REPORT_RECIPIENTS = []
    client.post("/barriere-melden/", REPORT)
    assert mail.outbox == []  # no address stored yet: nothing to send, nothing invented

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    settings.BARRIER_REPORT_RECIPIENTS = ["barrieren@example.org"]
    monkeypatch.setattr("pages.notifications.EmailMessage.send", broken)
    response = client.post("/barriere-melden/", REPORT)
    assertRedirects(response, "/barriere-melden/danke/")
    assert BarrierReport.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"page": "", "message": "Text"},
            "page",
            "Bitte geben Sie an, auf welcher Seite die Barriere ist.",
        ),
        ({"page": "/", "message": ""}, "message", "Bitte beschreiben Sie die Barriere."),
        (
            {"page": "/", "message": "Text", "email": "keine-adresse"},
            "email",
            "Bitte geben Sie eine gültige E-Mail-Adresse ein",
        ),
        ({"page": "/", "message": "x" * 5001}, "message", "Bitte höchstens 5000 Zeichen."),
        ({"page": "/" * 501, "message": "Text"}, "page", "Bitte höchstens 500 Zeichen."),
        ({"page": "/", "message": "Null\x00Byte"}, "message", "Nullzeichen sind nicht erlaubt."),
    ],
)
def test_bad_report_shows_clear_messages_and_keeps_the_typed_text(client, data, field, message):
    data = {"name": "Erika Muster", **data}
    response = client.post("/barriere-melden/", data)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, 'value="Erika Muster"')
    assertContains(response, f'aria-describedby="id_{field}_error')
    assertContains(response, 'aria-invalid="true"')
    assert BarrierReport.objects.count() == 0


@pytest.mark.django_db
def test_form_link_can_name_the_page_the_visitor_came_from(client):
    response = client.get("/barriere-melden/", {"seite": "/partner/siegelklarheit/"})
    assertContains(response, 'value="/partner/siegelklarheit/"')
