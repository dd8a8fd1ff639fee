"""The second factor of every staff account: with the password alone no page of the back
office opens; an authenticator app's code, a passkey or a single-use recovery code does.
A new account is led through setting one up; a superuser resets a colleague's."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_staff
from tests.security.conftest import PASSWORD
from tests.security.production import PRODUCTION
from tests.subprocesses import run_django
from tests.two_factor import app_code, make_app_device

VERIFY = "/admin/zweiter-faktor/bestaetigen/"
SETUP = "/admin/zweiter-faktor/einrichten/"


def sign_in_with_password(username, password=PASSWORD):
    """A client past the log-in form's password step, and where it was sent next."""
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client, client.get(response["Location"])


@pytest.fixture
def app(chefin):
    return make_app_device(chefin)


# --- Every admin URL refuses the password alone -------------------------------------------


def admin_url_patterns(patterns=None, prefix=""):
    """(name, pattern) of every named URL of the admin site, nested ones included."""
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_url_patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, pattern


def model_of(url_name):
    for model in admin.site._registry:
        if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def admin_urls():
    """Each URL of the admin site, with a real object's id where it takes one."""
    from django.contrib.contenttypes.models import ContentType

    urls = {}
    for name, pattern in admin_url_patterns():
        model = model_of(name)
        kwargs = {}
        for argument in pattern.pattern.regex.groupindex:
            if argument == "object_id":
                instance = model._default_manager.first() if model else None
                kwargs[argument] = str(instance.pk) if instance else "1"
            elif argument == "app_label":
                kwargs[argument] = "partners"
            elif argument == "content_type_id":
                kwargs[argument] = ContentType.objects.get_for_model(User).pk
            elif argument == "url":
                kwargs[argument] = "gibt-es-nicht/"
            else:
                kwargs[argument] = "1"
        regex = pattern.pattern.regex
        if regex.groups and not regex.groupindex:  # unnamed groups: the object, then a version
            instance = model._default_manager.first() if model else None
            args = [str(instance.pk) if instance else "1"] + ["1"] * (regex.groups - 1)
            urls[name] = reverse(f"admin:{name}", args=args)
        else:
            urls[name] = reverse(f"admin:{name}", kwargs=kwargs)
    return urls


def test_the_walk_finds_every_kind_of_admin_url(network):
    from partners.models import Partner

    urls = admin_urls()
    assert {"index", "help", "login", "logout", "password_change", "app_list"} <= set(urls)
    assert {"partners_partner_changelist", "partners_partner_change", "auth_user_add"} <= set(urls)
    partner = Partner.objects.first()
    assert urls["partners_partner_change"] == f"/admin/partners/partner/{partner.pk}/change/"
    assert len(urls) > 60


def test_every_admin_url_sends_a_password_only_staff_member_to_the_second_factor(
    chefin, app, network
):
    client, _ = sign_in_with_password("chefin")
    opened = {}
    for name, url in admin_urls().items():
        if name in {"logout", "login"}:
            continue
        response = client.get(url)
        assert response.status_code == 302, (name, url, response.status_code)
        assert response["Location"].startswith(f"{VERIFY}?next="), (name, response["Location"])
        opened[name] = response
    assert len(opened) > 60
    posted = client.post("/admin/partners/partner/add/", {"name": "Ohne zweiten Faktor"})
    assert posted.status_code == 302 and posted["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert not network.partner.__class__.objects.filter(name="Ohne zweiten Faktor").exists()


def test_a_staff_member_without_a_factor_is_sent_to_set_one_up(db):
    make_staff(username="neu", password=PASSWORD)
    client, response = sign_in_with_password("neu")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    page = client.get("/admin/partners/partner/?q=x")
    assert page["Location"] == f"{SETUP}?next=%2Fadmin%2Fpartners%2Fpartner%2F%3Fq%3Dx"


@pytest.mark.password_only
def test_a_session_of_force_login_alone_has_no_second_factor(chefin, app):
    """The tests' `password_only` marker: force_login gives the password step only."""
    client = Client()
    client.force_login(chefin)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_force_login_gives_staff_a_verified_session(chefin):
    client = Client()
    client.force_login(chefin)
    assert client.get("/admin/").status_code == 200


def test_the_log_in_page_of_a_password_only_staff_member_leads_to_the_second_factor(chefin, app):
    client, _ = sign_in_with_password("chefin")
    response = client.get("/admin/login/?next=/admin/hilfe/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fhilfe%2F"


def test_the_admin_site_itself_refuses_an_unverified_session(settings, chefin, app):
    """Defence in depth: without the middleware, the admin site's permission check still
    asks for the second factor."""
    settings.MIDDLEWARE = [
        entry for entry in settings.MIDDLEWARE if "SecondFactorRequired" not in entry
    ]
    client, response = sign_in_with_password("chefin")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assertNotContains(client.get("/admin/partners/partner/", follow=True), "Partner auswählen")


def test_the_device_admins_of_django_otp_are_not_in_the_back_office(admin_client):
    for url in ["/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"]:
        assert admin_client.get(url).status_code == 404
    assertNotContains(admin_client.get("/admin/"), "otp_")


# --- Signing in with the authenticator app --------------------------------------------------


def test_the_app_code_signs_in_and_leads_to_the_page_asked_for(chefin, app):
    client, response = sign_in_with_password("chefin")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assertContains(page, "Anmeldung bestätigen")
    assertContains(page, 'autocomplete="one-time-code"')
    assertContains(page, 'inputmode="numeric"')
    assertContains(page, '<label for="id_code">Code aus der Authenticator-App')
    assertContains(page, "autofocus")
    assertContains(page, 'aria-describedby="id_code_helptext"')
    assertContains(page, 'id="id_code_helptext"')
    signed_in = client.post(response["Location"], {"code": app_code(app), "next": "/admin/hilfe/"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/hilfe/"
    assertContains(client.get("/admin/hilfe/"), "Hilfe für das Backoffice")
    assert client.get("/admin/").status_code == 200


def test_a_wrong_app_code_is_refused_in_german(chefin, app):
    client, _ = sign_in_with_password("chefin")
    code = app_code(app)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    refused = client.post(VERIFY, {"code": wrong})
    assert refused.status_code == 200
    assertContains(refused, "Der Code stimmt nicht oder wurde schon verwendet")
    assertContains(refused, 'aria-invalid="true"')
    assert client.get("/admin/").status_code == 302
    malformed = client.post(VERIFY, {"code": "12ab"})
    assertContains(malformed, "Der Code besteht aus sechs Ziffern")


def test_after_a_wrong_code_the_app_waits_before_the_next_try(chefin, app):
    client, _ = sign_in_with_password("chefin")
    client.post(VERIFY, {"code": "000000" if app_code(app) != "000000" else "111111"})
    throttled = client.post(VERIFY, {"code": app_code(app)})
    assertContains(throttled, "Zu viele falsche Codes hintereinander. Bitte warten Sie")
    assert client.get("/admin/").status_code == 302


def test_an_app_code_works_only_once(chefin, app):
    code = app_code(app)
    first, _ = sign_in_with_password("chefin")
    assert first.post(VERIFY, {"code": code})["Location"] == "/admin/"
    second, _ = sign_in_with_password("chefin")
    refused = second.post(VERIFY, {"code": code})
    assertContains(refused, "Der Code stimmt nicht oder wurde schon verwendet")
    assert second.get("/admin/").status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_the_second_factor_never_leads_off_the_site(chefin, app, next_url):
    client, _ = sign_in_with_password("chefin")
    response = client.post(VERIFY, {"code": app_code(app), "next": next_url})
    assert response["Location"] == "/admin/"


def test_a_password_alone_adds_no_factor_to_an_account_that_has_one(chefin, app):
    client, _ = sign_in_with_password("chefin")
    for url in [SETUP, f"{SETUP}app/", f"{SETUP}passkey/", "/admin/zweiter-faktor/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    begin = client.post("/admin/zweiter-faktor/webauthn/registration/begin/")
    assert begin.status_code == 403
    assert TOTPDevice.objects.filter(user=chefin).count() == 1


def test_no_passkey_signs_in_without_the_password(db):
    response = Client().post("/admin/zweiter-faktor/webauthn/authentication/begin/")
    assert response.status_code >= 400


def test_the_pages_of_the_second_factor_need_a_signed_in_staff_member(db):
    User.objects.create_user("besucherin", password=PASSWORD)
    visitor = Client()
    visitor.force_login(User.objects.get(username="besucherin"))
    for client in (Client(), visitor):
        for url in [VERIFY, SETUP, f"{SETUP}app/", "/admin/zweiter-faktor/"]:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- Setting up a new account and the recovery codes -----------------------------------------


def set_up_app(client):
    """Scan (read the secret from the database) and confirm the app; the codes page."""
    page = client.get(f"{SETUP}app/?next=/admin/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    from base64 import b32encode

    assert b32encode(device.bin_key).decode().rstrip("=") == secret
    confirmed = client.post(
        f"{SETUP}app/?next=/admin/", {"code": app_code(device), "next": "/admin/"}
    )
    assert confirmed.status_code == 302, confirmed.content.decode()[:800]
    return device, confirmed


def test_a_new_account_sets_up_the_app_sees_its_codes_once_and_reaches_the_admin(db):
    user = make_staff(username="neu", password=PASSWORD)
    client, response = sign_in_with_password("neu")
    choice = client.get(response["Location"])
    assertContains(choice, "Zweiten Faktor einrichten")
    assertContains(choice, f'href="{SETUP}app/?next=/admin/"')
    assertContains(choice, f'href="{SETUP}passkey/?next=/admin/"')
    app_page = client.get(f"{SETUP}app/?next=/admin/")
    assertContains(app_page, '<svg class="qr-code" role="img" aria-label="QR-Code')
    assertContains(
        app_page, "newtrade%20nrw%20Backoffice", count=0
    )  # the QR code is drawn, not linked
    device, confirmed = set_up_app(client)
    assert (
        confirmed["Location"] == "/admin/zweiter-faktor/wiederherstellungscodes/?next=%2Fadmin%2F"
    )
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    codes_page = client.get(confirmed["Location"])
    assertContains(codes_page, "Bitte ausdrucken oder sicher aufbewahren.")
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assertContains(codes_page, 'href="/admin/">Weiter zum Backoffice')
    again = client.get(confirmed["Location"])
    assertNotContains(again, codes[0])
    assertContains(again, "nicht noch einmal gezeigt")
    assert client.get("/admin/").status_code == 200


def test_the_app_is_confirmed_only_with_its_right_code(db):
    make_staff(username="neu", password=PASSWORD)
    client, _ = sign_in_with_password("neu")
    client.get(f"{SETUP}app/")
    refused = client.post(f"{SETUP}app/", {"code": "12345"})
    assertContains(refused, "Der Code besteht aus sechs Ziffern")
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


@pytest.fixture
def codes(chefin, app):
    from core.two_factor.devices import new_recovery_codes

    return new_recovery_codes(chefin)


def test_a_recovery_code_signs_in_once_and_never_twice(chefin, codes):
    client, response = sign_in_with_password("chefin")
    assertContains(client.get(response["Location"]), "Mit einem Wiederherstellungscode anmelden")
    recovery = "/admin/zweiter-faktor/wiederherstellungscode/"
    page = client.get(recovery)
    assertContains(page, 'autocomplete="one-time-code"')
    signed_in = client.post(
        recovery, {"code": f" {codes[3].upper()} ", "next": "/admin/"}, follow=True
    )
    assert signed_in.redirect_chain[-1] == ("/admin/", 302)
    assertContains(signed_in, "Sie haben noch 9 von 10 übrig")
    again, _ = sign_in_with_password("chefin")
    refused = again.post(recovery, {"code": codes[3]})
    assertContains(refused, "Dieser Wiederherstellungscode gilt nicht")
    assert again.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=chefin).count() == 9


def test_new_recovery_codes_replace_the_old_ones(chefin, codes):
    client = Client()
    client.force_login(chefin)
    manage = client.get("/admin/zweiter-faktor/")
    assertContains(manage, "Sie haben noch 10 von 10 Codes")
    made = client.post(
        "/admin/zweiter-faktor/wiederherstellungscodes/", {"next": "/admin/zweiter-faktor/"}
    )
    page = client.get(made["Location"])
    fresh = re.findall(r"<li><code>(\w+)</code></li>", page.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assertContains(page, 'href="/admin/zweiter-faktor/">Weiter')


def test_the_user_links_lead_to_the_page_second_factor(admin_client):
    page = admin_client.get("/admin/")
    assertContains(page, '<a href="/admin/zweiter-faktor/">Zweiter Faktor</a>')
    manage = admin_client.get("/admin/zweiter-faktor/")
    assertContains(manage, "Passkey oder Sicherheitsschlüssel hinzufügen")
    assertContains(manage, 'aria-current="page">Zweiter Faktor')


# --- A superuser resets a colleague's factors --------------------------------------------------


@pytest.fixture
def colleague(db):
    user = make_staff(username="kollegin", password=PASSWORD)
    make_app_device(user)
    from core.two_factor.devices import new_recovery_codes

    new_recovery_codes(user)
    return user


def test_a_superuser_resets_a_colleagues_factors_and_the_history_shows_it(chefin, colleague):
    client = Client()
    client.force_login(chefin)
    change = client.get(f"/admin/auth/user/{colleague.pk}/change/")
    reset_url = f"/admin/zweiter-faktor/zuruecksetzen/{colleague.pk}/"
    assertContains(change, f'<a href="{reset_url}">Zweiten Faktor zurücksetzen</a>')
    confirm = client.get(reset_url)
    assertContains(confirm, "Damit werden Authenticator-App, Passkeys und Wiederherstellungscodes")
    done = client.post(reset_url, follow=True)
    assert done.redirect_chain[-1][0] == f"/admin/auth/user/{colleague.pk}/change/"
    assertContains(done, "Der zweite Faktor von „kollegin“ ist zurückgesetzt.")
    assert list(devices_for_user(colleague, confirmed=None)) == []
    entry = LogEntry.objects.get(object_id=str(colleague.pk), action_flag=CHANGE)
    assert entry.user == chefin
    assert entry.change_message.startswith("Zweiten Faktor zurückgesetzt")
    history = client.get(f"/admin/auth/user/{colleague.pk}/history/")
    assertContains(history, "Zweiten Faktor zurückgesetzt")
    _, next_sign_in = sign_in_with_password("kollegin")
    assert next_sign_in["Location"].startswith(SETUP)


def test_a_redaktion_member_cannot_reset_anyones_factors(colleague, editor):
    client = Client()
    client.force_login(editor)
    reset_url = f"/admin/zweiter-faktor/zuruecksetzen/{colleague.pk}/"
    assert client.get(reset_url).status_code == 403
    assert client.post(reset_url).status_code == 403
    assert len(list(devices_for_user(colleague))) == 2
    assert not LogEntry.objects.filter(object_id=str(colleague.pk)).exists()


def test_the_reset_needs_a_verified_superuser(chefin, app, colleague):
    client, _ = sign_in_with_password("chefin")
    response = client.post(f"/admin/zweiter-faktor/zuruecksetzen/{colleague.pk}/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert len(list(devices_for_user(colleague))) == 2


# --- The switch for local development ---------------------------------------------------------


def test_staff_2fa_off_lets_the_password_alone_in_locally(settings, chefin):
    settings.STAFF_2FA = False
    client, response = sign_in_with_password("chefin")
    assert response.status_code == 200
    assertContains(response, "Überblick über das Netzwerk")


def test_a_deployment_refuses_to_start_with_staff_2fa_off():
    result = run_django("", **PRODUCTION, DJANGO_STAFF_2FA="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_STAFF_2FA=0 switches off the second factor" in result.stderr


def test_the_second_factor_is_on_by_default_and_off_only_locally_on_request():
    code = "from django.conf import settings; print(settings.STAFF_2FA)"
    assert run_django(code, **PRODUCTION).stdout.split()[-1] == "True"
    assert run_django(code).stdout.split()[-1] == "True"
    assert run_django(code, DJANGO_STAFF_2FA="0").stdout.split()[-1] == "False"


# --- The pages under the admin's CSP ----------------------------------------------------------


def scripts(page):
    return re.findall(r"<script([^>]*)>", page.content.decode())


def test_the_pages_run_no_inline_script_and_load_the_passkey_script_from_our_host(chefin, app):
    from django_otp_webauthn.models import WebAuthnCredential

    WebAuthnCredential.objects.create(
        user=chefin,
        name="Schlüssel",
        confirmed=True,
        credential_id=b"x",
        public_key=b"y",
        sign_count=0,
    )
    client, response = sign_in_with_password("chefin")
    page = client.get(response["Location"])
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assertContains(page, 'id="passkey-verification-button"')
    tags = scripts(page)
    assert tags, "the passkey script"
    for attributes in tags:
        assert 'src="/' in attributes or 'type="application/json"' in attributes, attributes
    assert not re.search(r"\son[a-z]+=", page.content.decode())
    assertContains(page, 'src="/static/django_otp_webauthn/otp_webauthn_auth.js"')
