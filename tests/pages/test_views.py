import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from pages.models import AccessibilityStatement, BarrierReport, Page

REPORT = {
    "name": "Erika Muster",
    "email": "erika@example.org",
    "page": "/partner/",
    "message": "Der Filter lässt sich mit dem Bildschirmleser nicht bedienen.",
}


@pytest.fixture(autouse=True)
def empty_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_accessibility_statement_follows_the_eu_model(client):
    response = client.get("/barrierefreiheit/")
    statement = AccessibilityStatement.objects.get()
    for heading in [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontakt",
        "Durchsetzungsverfahren",
    ]:
        assertContains(response, f"<h2>{heading}</h2>", html=True)
    assertContains(response, "<strong>teilweise vereinbar</strong>", html=True)
    assertContains(response, "am 27. November 2026 erstellt und zuletzt am 27. November 2026")
    assertContains(response, 'href="/barriere-melden/"')
    assertContains(response, 'href="https://www.lbbp.nrw.de/ombudsstelle"')
    assertContains(response, "mailto:ombudsstelle-barrierefreie-it@mags.nrw.de")
    assertContains(response, "Gebärdensprache")
    assert statement.compliance == "teilweise"


@pytest.mark.django_db
def test_accessibility_statement_shows_what_staff_change(client):
    statement = AccessibilityStatement.objects.get()
    statement.non_accessible = "## Neu\n- Ein neuer Punkt mit <b>Markup</b>"
    statement.save()
    response = client.get("/barrierefreiheit/")
    assertContains(response, "<li>Ein neuer Punkt mit &lt;b&gt;Markup&lt;/b&gt;</li>", html=True)


@pytest.mark.django_db
def test_accessibility_statement_reads_well_while_missing(client):
    AccessibilityStatement.objects.all().delete()
    response = client.get("/barrierefreiheit/")
    assertContains(response, "Die Erklärung wird gerade überarbeitet.")
    assertContains(response, 'href="/barriere-melden/"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/impressum/", "Ministerium für Bundesangelegenheiten, Europa und Medien"),
        ("/datenschutz/", "Wer diese Seiten nur liest, bekommt kein Cookie."),
        ("/leichte-sprache/", "Das Büro hilft Ämtern beim Einkaufen."),
        ("/gebaerdensprache/", "Zurzeit gibt es hier noch kein Video in Gebärdensprache."),
    ],
)
def test_fixed_pages_show_their_content_and_the_office(client, url, text):
    response = client.get(url)
    assertContains(response, text)
    assertContains(response, 'href="tel:+492118371622"')


@pytest.mark.django_db
def test_imprint_shows_the_office_address_and_what_staff_write(client):
    page = Page.objects.get(slug="impressum")
    page.body = "## Verantwortlich\nEine Person, die das Büro einträgt."
    page.save()
    response = client.get("/impressum/")
    assertContains(response, "Stadttor 1")
    assertContains(response, "40190 Düsseldorf")
    assertContains(response, "<h2>Verantwortlich</h2>", html=True)


@pytest.mark.django_db
def test_privacy_statement_names_the_retention_period_the_command_applies(client, settings):
    settings.BARRIER_REPORT_RETENTION_DAYS = 90
    response = client.get("/datenschutz/")
    assertContains(response, "Nach 90 Tagen wird die Meldung automatisch gelöscht.")
    assertContains(response, "kein Tracking")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug", ["impressum", "datenschutz", "leichte-sprache", "gebaerdensprache"]
)
def test_fixed_pages_read_well_before_staff_write_them(client, slug):
    Page.objects.filter(slug=slug).delete()
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.django_db
def test_easy_language_and_sign_language_are_linked_from_every_page_header(client):
    from tests.test_pages import PUBLIC_URLS

    for url in PUBLIC_URLS:
        header = client.get(url).content.decode().split("</header>")[0]
        assert 'href="/leichte-sprache/"' in header
        assert 'href="/gebaerdensprache/"' in header


@pytest.mark.django_db
def test_legal_pages_are_linked_from_every_footer(client):
    html = client.get("/partner/").content.decode()
    footer = html.split("<footer")[1]
    for url in ["/barrierefreiheit/", "/barriere-melden/", "/impressum/", "/datenschutz/"]:
        assert f'href="{url}"' in footer


# --- The feedback form ----------------------------------------------------------------


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
    assertContains(client.get("/barriere-melden/danke/"), "Vielen Dank für Ihre Meldung")


@pytest.mark.django_db
def test_report_without_name_and_email_goes_to_the_office_address(client, settings, office):
    settings.BARRIER_REPORT_RECIPIENTS = []
    office.email = "buero@example.org"
    office.save()
    client.post("/barriere-melden/", {"page": "Startseite", "message": "Zu wenig Kontrast."})
    assert BarrierReport.objects.get().email == ""
    assert mail.outbox[0].to == ["buero@example.org"]


@pytest.mark.django_db
def test_report_is_kept_when_no_address_is_known_or_mail_fails(client, settings, monkeypatch):
    settings.BARRIER_REPORT_RECIPIENTS = []
    client.post("/barriere-melden/", REPORT)
    assert mail.outbox == []  # no address stored yet: nothing to send, nothing invented

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    settings.BARRIER_REPORT_RECIPIENTS = ["barrieren@example.org"]
    monkeypatch.setattr("pages.notifications.send_mail", broken)
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
def test_honeypot_reports_are_thanked_but_not_stored(client):
    response = client.post("/barriere-melden/", {**REPORT, "homepage": "http://spam.example"})
    assertRedirects(response, "/barriere-melden/danke/")
    assert BarrierReport.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_more_than_five_reports_an_hour_from_one_address_are_refused(client):
    for _ in range(5):
        assert client.post("/barriere-melden/", REPORT).status_code == 302
    response = client.post("/barriere-melden/", {**REPORT, "message": "Noch eine Meldung"})
    assert response.status_code == 429
    assertContains(response, "sehr viele Meldungen", status_code=429)
    assertContains(response, "Noch eine Meldung", status_code=429)
    assert BarrierReport.objects.count() == 5
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post("/barriere-melden/", REPORT).status_code == 302


@pytest.mark.django_db
def test_report_without_valid_token_comes_back_with_the_typed_text():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/barriere-melden/", REPORT)
    assert response.status_code == 403
    assertContains(response, "Bitte senden Sie das Formular noch einmal", status_code=403)
    assertContains(response, REPORT["message"], status_code=403)
    assertContains(response, 'name="csrfmiddlewaretoken"', status_code=403)
    assert BarrierReport.objects.count() == 0


@pytest.mark.django_db
def test_other_form_without_valid_token_gets_the_sites_own_403_page():
    response = Client(enforce_csrf_checks=True).post("/partner/")
    assertContains(response, "Das Formular konnte nicht gesendet werden", status_code=403)


@pytest.mark.django_db
def test_form_link_can_name_the_page_the_visitor_came_from(client):
    response = client.get("/barriere-melden/", {"seite": "/partner/siegelklarheit/"})
    assertContains(response, 'value="/partner/siegelklarheit/"')


# --- Cookies --------------------------------------------------------------------------


@pytest.mark.django_db
def test_reading_sets_no_cookie_and_only_the_form_sets_a_session_long_one(client):
    from tests.test_pages import PUBLIC_URLS

    reading = [*PUBLIC_URLS, "/barrierefreiheit/", "/impressum/", "/datenschutz/", "/en/"]
    reading += ["/leichte-sprache/", "/gebaerdensprache/", "/gibt-es-nicht/", "/partner.json"]
    for url in reading:
        assert not Client().get(url).cookies, url
    cookie = Client().get("/barriere-melden/").cookies["csrftoken"]
    assert cookie["max-age"] == ""  # gone when the browser closes
    assert cookie["samesite"] == "Lax"
    assertNotContains(client.get("/"), "csrfmiddlewaretoken")
