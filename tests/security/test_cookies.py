"""Cookies: none for reading, a session-long one for the forms, host-bound and secure."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.asserts import assertNotContains

from tests.browser.harness import BROWSER_PAGES, FORM_PAGES
from tests.conftest import needs_chromium
from tests.public_pages import public_urls


@pytest.mark.django_db
def test_reading_sets_no_cookie_and_only_the_form_sets_a_session_long_one(client, network):
    reading = [*public_urls(network), "/barrierefreiheit/", "/impressum/", "/datenschutz/"]
    reading += ["/en/", "/leichte-sprache/", "/gebaerdensprache/", "/gibt-es-nicht/"]
    reading += ["/partner.json"]
    for url in reading:
        assert not Client().get(url).cookies, url
    cookie = Client().get("/barriere-melden/").cookies["csrftoken"]
    assert cookie["max-age"] == ""  # gone when the browser closes
    assert cookie["samesite"] == "Lax"
    assertNotContains(client.get("/"), "csrfmiddlewaretoken")


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


@pytest.mark.browser
@needs_chromium
def test_reading_in_a_browser_sets_no_cookie_and_calls_no_other_host(
    browser, live_network, live_server
):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for name, address in BROWSER_PAGES.items():
        if name not in FORM_PAGES:  # the forms set the CSRF cookie
            page.goto(live_server.url + address(live_network))
    cookies = context.cookies()
    context.close()
    assert cookies == []
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
