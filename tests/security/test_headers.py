"""What a deployment sends with every page: HTTPS, strict headers, a Content Security
Policy that the pages keep, and nothing loaded from another host."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.conftest import needs_chromium
from tests.public_pages import PUBLIC_PAGES
from tests.security.production import PRODUCTION
from tests.subprocesses import run
from tests.two_factor import sign_in

HEADER_PAGES = {
    "home": PUBLIC_PAGES["home"],
    "partner": PUBLIC_PAGES["partner"],
    "English contact": lambda network: "/en/kontakt/",
    "unknown page": lambda network: "/gibt-es-nicht/",
}


def test_check_deploy_reports_nothing_for_production_settings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("page", HEADER_PAGES)
def test_public_pages_send_strict_security_headers(production, network, page):
    response = production.get(HEADER_PAGES[page](network), secure=True)
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert "script-src" not in csp  # no script at all on public pages
    assert all("unsafe" not in sources and "*" not in sources for sources in csp.values())
    hsts = response["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(production):
    response = production.get("/partner/", secure=False)
    assert response.status_code == 301
    assert response["Location"] == "https://www.example.nrw.de/partner/"
    assert production.get("/healthz", secure=False).status_code == 200


@pytest.mark.django_db
def test_admin_policy_allows_only_its_own_scripts_and_inline_styles(production):
    csp = production.get("/admin/login/", secure=True)["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp


class LoadedResources(HTMLParser):
    """The addresses a browser would load for a page, and the types of its scripts."""

    def __init__(self):
        super().__init__()
        self.addresses, self.script_types = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon", "preload", "modulepreload"}:
            self.addresses.append(attrs["href"])
        elif tag in {"img", "iframe", "audio", "video", "source", "embed"} and "src" in attrs:
            self.addresses.append(attrs["src"])
        elif tag == "script":
            self.script_types.append(attrs.get("type", "text/javascript"))
            if "src" in attrs:
                self.addresses.append(attrs["src"])


@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_loads_nothing_from_another_host_and_runs_no_script(client, network, page):
    parser = LoadedResources()
    parser.feed(client.get(PUBLIC_PAGES[page](network)).content.decode())
    assert parser.addresses, "a page loads at least its stylesheet"
    for address in parser.addresses:
        assert urlsplit(address).netloc == "", address
    # Only JSON-LD data blocks, which browsers never run.
    assert set(parser.script_types) <= {"application/ld+json"}


@pytest.mark.browser
@needs_chromium
def test_no_page_breaks_the_content_security_policy(live_server, desktop_page, live_network):
    from django.contrib.auth.models import User

    User.objects.create_superuser("chefin", password="ein-sehr-langes-passwort")
    partner, statement = live_network.partner, live_network.statement
    page = desktop_page
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.on("pageerror", lambda error: violations.append(str(error)))
    for path in ["/", partner.get_absolute_url(), "/suche/?q=Siegel", "/barriere-melden/"]:
        page.goto(live_server.url + path)
    sign_in(page, live_server.url, "chefin", "ein-sehr-langes-passwort")
    for path in [
        "/admin/",
        "/admin/partners/partner/",
        "/admin/partners/partner/add/",
        f"/admin/partners/partner/{partner.pk}/change/",
        f"/admin/partners/partner/{partner.pk}/history/",
        f"/admin/pages/accessibilitystatement/{statement.pk}/change/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("#content").is_visible()
    page.goto(live_server.url + "/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially("Ökologie")
    assert page.input_value("#id_slug") == "okologie"  # the admin's own scripts run
    assert [text for text in violations if "Content Security Policy" in text] == []
