"""The link checker against a local server: every outcome, stored results, parallelism."""

import shutil
import ssl
import subprocess
import time

import pytest

from partners.models import Partner
from stakeholders.linkcheck import USER_AGENT, check_entries, check_url
from stakeholders.models import LinkStatus
from tests.factories import make_actor, make_partner
from tests.stakeholders.link_server import start_server


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
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = start_server(tls_context=context)
    try:
        result = check_url(f"{server.url}/ok", timeout=3)
    finally:
        server.shutdown()
        server.server_close()
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
