"""Link checks against a local server, review dates, ended partners, visitors' reports."""

import datetime
import io
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partners.models import EntryReport, Partner
from stakeholders.linkcheck import USER_AGENT, check_entries, check_url
from stakeholders.models import Actor, LinkStatus
from tests.factories import make_actor, make_partner


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/ok": (200, None),
        "/moved": (301, "/ok"),
        "/temporary": (302, "/ok"),
        "/missing": (404, None),
        "/error": (500, None),
    }

    def log_message(self, *args):
        pass

    def answer(self, with_body):
        server = self.server
        with server.lock:
            server.active += 1
            server.most_active = max(server.most_active, server.active)
            server.user_agents.add(self.headers.get("User-Agent"))
        try:
            if self.path == "/slow":
                time.sleep(2)
            if self.path == "/busy":
                time.sleep(0.2)
        finally:
            # Done before answering, so a client's next request never overlaps this one.
            with server.lock:
                server.active -= 1
        if self.path == "/no-head" and self.command == "HEAD":
            code, target = 405, None
        else:
            code, target = self.routes.get(self.path, (200, None))
        self.send_response(code)
        if target:
            self.send_header("Location", target)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self.answer(with_body=False)

    def do_GET(self):
        self.answer(with_body=True)


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.lock, server.active, server.most_active, server.user_agents = (
        threading.Lock(),
        0,
        0,
        set(),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The checker --------------------------------------------------------------------------


def test_every_outcome_of_a_check(site, closed_port):
    ok = check_url(f"{site.url}/ok")
    assert (ok.status, ok.code, ok.redirects) == (LinkStatus.OK, 200, [])
    moved = check_url(f"{site.url}/moved")
    assert moved.status == LinkStatus.REDIRECT
    assert moved.redirects == [(301, f"{site.url}/ok")]
    assert moved.permanent_target == f"{site.url}/ok"
    assert moved.summary == f"200 nach 301 {site.url}/ok"
    temporary = check_url(f"{site.url}/temporary")
    assert temporary.status == LinkStatus.REDIRECT
    assert temporary.permanent_target == ""
    assert check_url(f"{site.url}/missing").code == 404
    assert check_url(f"{site.url}/missing").status == LinkStatus.BROKEN
    assert check_url(f"{site.url}/error").code == 500
    no_head = check_url(f"{site.url}/no-head")
    assert (no_head.status, no_head.code) == (LinkStatus.OK, 200)  # GET after HEAD's 405
    slow = check_url(f"{site.url}/slow", timeout=0.5)
    assert (slow.status, slow.error) == (LinkStatus.BROKEN, "Zeitüberschreitung")
    refused = check_url(f"http://127.0.0.1:{closed_port}/")
    assert (refused.status, refused.error) == (LinkStatus.BROKEN, "Verbindung abgelehnt")
    assert site.user_agents == {USER_AGENT}


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_error_is_reported(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.lock, server.active, server.most_active, server.user_agents = (
        threading.Lock(),
        0,
        0,
        set(),
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = check_url(f"https://127.0.0.1:{server.server_address[1]}/ok", timeout=3)
    finally:
        server.shutdown()
    assert result.status == LinkStatus.BROKEN
    assert result.error.startswith("TLS-Fehler")


@pytest.mark.django_db
def test_results_are_stored_with_failing_since_and_redirect_target(site):
    fine = make_partner(website=f"{site.url}/ok")
    moved = make_partner(website=f"{site.url}/moved")
    broken = make_actor(website=f"{site.url}/missing")
    nothing = make_partner(website="")
    summary = check_entries([fine, moved, broken, nothing], workers=2)
    assert str(summary) == "3 geprüft: 1 in Ordnung, 1 umgeleitet, 1 defekt"
    fine.refresh_from_db()
    moved.refresh_from_db()
    broken.refresh_from_db()
    nothing.refresh_from_db()
    assert (fine.link_status, fine.link_result, fine.link_failing_since) == ("ok", "200", None)
    assert fine.link_checked_at is not None
    assert moved.link_redirect_to == f"{site.url}/ok"
    assert (broken.link_status, broken.link_result) == ("defekt", "404")
    first_failure = broken.link_failing_since
    assert first_failure is not None
    assert nothing.link_checked_at is None

    check_entries([broken])
    broken.refresh_from_db()
    assert broken.link_failing_since == first_failure  # still failing since the first time
    broken.website = f"{site.url}/ok"
    broken.save()
    check_entries([broken])
    broken.refresh_from_db()
    assert (broken.link_status, broken.link_failing_since) == ("ok", None)


@pytest.mark.django_db
def test_parallel_requests_are_bounded(site):
    entries = [make_partner(website=f"{site.url}/busy") for _ in range(12)]
    started = time.monotonic()
    check_entries(entries, workers=3)
    assert 2 <= site.most_active <= 3
    assert time.monotonic() - started < 12 * 0.2  # really in parallel


@pytest.mark.django_db
def test_an_interrupted_run_leaves_every_entry_consistent(site):
    entries = [make_partner(website=f"{site.url}/missing") for _ in range(6)]
    seen = []

    def interrupt(entry, result):
        seen.append(entry.pk)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_entries(entries, workers=2, on_result=interrupt)
    for partner in Partner.objects.filter(pk__in=[e.pk for e in entries]):
        checked = partner.link_checked_at is not None
        assert checked == (partner.pk in seen)
        assert (partner.link_status == "defekt") == checked
        assert (partner.link_failing_since is not None) == checked


@pytest.mark.django_db
def test_check_links_command_prints_a_summary(site):
    Partner.objects.update(website=f"{site.url}/ok")
    Actor.objects.update(website="")
    make_actor(website=f"{site.url}/error")
    out = io.StringIO()
    call_command("check_links", "--timeout", "2", "--workers", "4", stdout=out)
    assert out.getvalue().strip() == "7 geprüft: 6 in Ordnung, 0 umgeleitet, 1 defekt"


@pytest.mark.django_db
def test_admin_shows_link_state_filters_it_and_checks_selected_now(admin_client, site):
    partner = Partner.objects.get(slug="siegelklarheit")
    partner.website = f"{site.url}/missing"
    partner.save()
    response = admin_client.post(
        "/admin/partners/partner/",
        {"action": "check_links_now", "_selected_action": [partner.pk]},
        follow=True,
    )
    assertContains(response, "Linkprüfung: 1 geprüft: 0 in Ordnung, 0 umgeleitet, 1 defekt")
    listing = admin_client.get("/admin/partners/partner/?link_status=defekt")
    assert [p.name for p in listing.context["cl"].result_list] == ["Siegelklarheit"]
    assertContains(listing, '<strong class="overdue">defekt</strong>')
    overview = admin_client.get("/admin/")
    assertContains(overview, "Defekte Links")
    assertContains(overview, partner.admin_url)


@pytest.mark.django_db
def test_admin_check_refuses_more_entries_than_a_page_can_wait_for(admin_client, site, monkeypatch):
    from partners.admin import PartnerAdmin

    partners = [make_partner(website=f"{site.url}/ok") for _ in range(3)]
    monkeypatch.setattr(PartnerAdmin, "check_now_limit", 2)
    response = admin_client.post(
        "/admin/partners/partner/",
        {"action": "check_links_now", "_selected_action": [p.pk for p in partners]},
        follow=True,
    )
    assertContains(response, "Bitte höchstens 2 Einträge auf einmal prüfen.")
    assert not Partner.objects.filter(link_checked_at__isnull=False).exists()


# --- Review dates -------------------------------------------------------------------------


@pytest.mark.django_db
def test_entries_not_reviewed_for_the_interval_are_due(settings):
    settings.REVIEW_INTERVAL_DAYS = 30
    today = timezone.localdate()
    recent = make_partner(last_reviewed=today - datetime.timedelta(days=10))
    old = make_partner(last_reviewed=today - datetime.timedelta(days=40))
    never = make_partner()
    due = list(Partner.objects.review_due())
    assert never in due and old in due and recent not in due
    assert due.index(never) < due.index(old)  # never reviewed first


@pytest.mark.django_db
def test_public_pages_show_stand_and_staff_confirm_entries(admin_client, client):
    partner = Partner.objects.get(slug="siegelklarheit")
    assertContains(client.get(partner.get_absolute_url()), "<dt>Stand</dt>")
    response = admin_client.post(
        "/admin/partners/partner/",
        {"action": "mark_reviewed", "_selected_action": [partner.pk]},
        follow=True,
    )
    assertContains(response, "1 Eintrag als geprüft markiert.")
    partner.refresh_from_db()
    assert partner.last_reviewed == timezone.localdate()
    assert partner.history.first().last_reviewed == timezone.localdate()
    page = client.get(partner.get_absolute_url())
    assertContains(page, f"<dd>{timezone.localdate().day}. ")
    actor = Actor.objects.get(slug="wuppertal-institut")
    assertContains(client.get(actor.get_absolute_url()), "<dt>Stand</dt>")


# --- Ended and superseded partners ---------------------------------------------------------


@pytest.mark.django_db
def test_superseded_partner_leaves_the_lists_but_keeps_its_page_and_is_found(client):
    old = Partner.objects.get(slug="siegelklarheit")
    successor = Partner.objects.get(slug="kompass-nachhaltigkeit")
    old.successor = successor
    old.save()
    for url in ["/", "/partner/", "/akteure/politik-und-verwaltung/", "/netzwerk.svg"]:
        assertNotContains(client.get(url), 'href="/partner/siegelklarheit/"')
    assert "Siegelklarheit" not in b"".join(client.get("/partner.json").streaming_content).decode()
    assertNotContains(client.get("/feeds/partner/"), "/partner/siegelklarheit/")
    page = client.get(old.get_absolute_url())
    assertContains(page, "Dieses Angebot gibt es nicht mehr.")
    assertContains(page, f'<a href="{successor.get_absolute_url()}">{successor.name}</a>')
    assertNotContains(page, "Zum Angebot auf")
    found = client.get("/suche/", {"q": "Siegelklarheit"})
    assert "Siegelklarheit" in [p.name for p in found.context["partners"]]
    assertContains(found, "Angebot beendet")


@pytest.mark.django_db
def test_ended_partner_without_successor_points_to_the_current_ones(client):
    partner = Partner.objects.get(slug="umweltbundesamt")
    partner.ended = True
    partner.save()
    page = client.get(partner.get_absolute_url())
    assertContains(page, "Dieses Angebot gibt es nicht mehr.")
    assertContains(page, "Zu den aktuellen Partnerangeboten")
    assert partner.pk not in [p.pk for p in client.get("/partner/").context["partners"]]


# --- Reports from visitors -----------------------------------------------------------------


@pytest.mark.django_db
def test_visitor_reports_an_outdated_entry_and_staff_handle_it(client, admin_client):
    partner = Partner.objects.get(slug="kompass-nachhaltigkeit")
    page = client.get(partner.get_absolute_url())
    assertContains(page, "Eintrag veraltet oder fehlerhaft?")
    assertContains(page, 'href="/partner/kompass-nachhaltigkeit/melden/"')
    response = client.post(
        "/partner/kompass-nachhaltigkeit/melden/",
        {"problem": "Der Gütezeichen-Finder ist umgezogen.", "email": ""},
    )
    assertRedirects(response, "/partner/kompass-nachhaltigkeit/melden/danke/")
    report = EntryReport.objects.get()
    assert (report.partner, report.done) == (partner, False)
    assertContains(admin_client.get("/admin/"), "Der Gütezeichen-Finder ist umgezogen.")
    done = admin_client.post(
        "/admin/partners/entryreport/",
        {"action": "mark_done", "_selected_action": [report.pk]},
        follow=True,
    )
    assertContains(done, "1 Meldung erledigt.")
    report.refresh_from_db()
    assert report.done
    assertNotContains(admin_client.get("/admin/"), "Der Gütezeichen-Finder ist umgezogen.")
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
def test_bad_entry_report_gets_a_clear_message(client, data, message):
    response = client.post("/partner/kompass-nachhaltigkeit/melden/", data)
    assert response.status_code == 200
    assertContains(response, message)
    assert EntryReport.objects.count() == 0


@pytest.mark.django_db
def test_entry_reports_are_protected_against_spam(client):
    url = "/partner/kompass-nachhaltigkeit/melden/"
    assertRedirects(client.post(url, {"problem": "Spam", "homepage": "x"}), f"{url}danke/")
    assert EntryReport.objects.count() == 0
    for _ in range(5):
        client.post(url, {"problem": "Veraltet"})
    limited = client.post(url, {"problem": "Noch einmal"})
    assert limited.status_code == 429
    assertContains(limited, "Noch einmal", status_code=429)
    assert EntryReport.objects.count() == 5
    assert client.get("/partner/gibt-es-nicht/melden/").status_code == 404
    draft = make_partner(is_published=False)
    assert client.get(f"/partner/{draft.slug}/melden/").status_code == 404


@pytest.mark.django_db
def test_entry_report_without_valid_token_comes_back_with_the_typed_text():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/partner/kompass-nachhaltigkeit/melden/", {"problem": "Link geht nicht mehr"}
    )
    assertContains(response, "Bitte senden Sie das Formular noch einmal", status_code=403)
    assertContains(response, "Link geht nicht mehr", status_code=403)
    assert EntryReport.objects.count() == 0
