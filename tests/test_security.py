"""Security headers, cookies, login throttling, request limits and the admin's address."""

import importlib
import json
import secrets

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import clear_url_caches
from pytest_django.asserts import assertContains

from tests.subprocesses import run, run_django

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "www.example.nrw.de",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://www.example.nrw.de",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
]


@pytest.fixture(scope="module")
def production_settings():
    code = (
        "import json; from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_django(code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_settings):
    """The security settings of a deployment, applied to this test process."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["www.example.nrw.de"]
    return Client(HTTP_HOST="www.example.nrw.de", **{"wsgi.url_scheme": "https"})


def test_check_deploy_reports_nothing_for_production_settings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/partner/kompass-nachhaltigkeit/", "/en/kontakt/", "/gibt-es-nicht/"]
)
def test_public_pages_send_strict_security_headers(production, path):
    response = production.get(path, secure=True)
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


@pytest.mark.django_db
def test_cookies_are_host_bound_secure_and_http_only(production):
    form = production.get("/barriere-melden/", secure=True)
    csrf = form.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert not csrf["domain"]
    User.objects.create_superuser("chefin", password="ein-sehr-langes-passwort")
    login = production.post(
        "/admin/login/?next=/admin/",
        {"username": "chefin", "password": "ein-sehr-langes-passwort"},
        secure=True,
    )
    assert login.status_code == 302
    session = login.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert not session["domain"]


# --- Login throttling -------------------------------------------------------------------


@pytest.fixture
def chefin(db):
    from django.core.cache import cache

    cache.clear()
    yield User.objects.create_superuser("chefin", password="ein-sehr-langes-passwort")
    cache.clear()


def attempt(client, username, password="falsch"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_five_failed_logins_lock_the_user_even_with_the_right_password(chefin):
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(4):
        assertContains(attempt(client, "chefin"), "Bitte Benutzername und Passwort")
    locked = attempt(client, "chefin")
    assert locked.status_code == 429
    assertContains(locked, "Zu viele fehlgeschlagene Anmeldeversuche", status_code=429)
    assertContains(locked, "für 15 Minuten gesperrt", status_code=429)  # AXES_COOLOFF_TIME
    title = "<title>Anmeldung vorübergehend gesperrt | newtrade nrw Backoffice</title>"
    assertContains(locked, title, status_code=429)
    assertContains(locked, "newtrade nrw – Backoffice", status_code=429)
    from_elsewhere = attempt(
        Client(REMOTE_ADDR="203.0.113.7"), "chefin", "ein-sehr-langes-passwort"
    )
    assert from_elsewhere.status_code == 429


def test_five_failed_logins_from_one_address_lock_that_address(chefin):
    client = Client(REMOTE_ADDR="198.51.100.2")
    for number in range(5):
        attempt(client, f"rate-{number}")
    assert attempt(client, "chefin", "ein-sehr-langes-passwort").status_code == 429
    other = attempt(Client(REMOTE_ADDR="203.0.113.8"), "chefin", "ein-sehr-langes-passwort")
    assert other.status_code == 302


def test_successful_login_resets_the_count(chefin):
    client = Client(REMOTE_ADDR="198.51.100.3")
    for _ in range(3):
        attempt(client, "chefin")
    assert attempt(client, "chefin", "ein-sehr-langes-passwort").status_code == 302
    client.logout()
    for _ in range(3):
        attempt(client, "chefin")
    assert attempt(client, "chefin", "ein-sehr-langes-passwort").status_code == 302


# --- Request limits and the admin's address ----------------------------------------------


@pytest.mark.django_db
def test_oversized_request_body_gets_the_sites_own_400_page(client):
    response = client.post("/barriere-melden/", {"page": "/", "message": "x" * (2 * 1024 * 1024)})
    assertContains(response, "Diese Anfrage können wir nicht bearbeiten", status_code=400)


@pytest.fixture
def moved_admin(settings):
    import newtrade.urls

    settings.ADMIN_PATH = "verwaltung-7f3a/"
    clear_url_caches()
    importlib.reload(newtrade.urls)
    yield
    settings.ADMIN_PATH = "admin/"
    clear_url_caches()
    importlib.reload(newtrade.urls)


@pytest.mark.django_db
def test_admin_address_can_be_moved_by_a_setting(client, moved_admin):
    assertContains(client.get("/verwaltung-7f3a/login/"), 'name="username"')
    assert client.get("/admin/login/").status_code == 404
    assert "verwaltung" not in client.get("/robots.txt").content.decode()
    assert "Content-Security-Policy" in client.get("/verwaltung-7f3a/login/")
    assert "'unsafe-inline'" in client.get("/verwaltung-7f3a/login/")["Content-Security-Policy"]
