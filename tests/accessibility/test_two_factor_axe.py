"""WCAG 2.1 AA on the pages of the second factor: setting it up, the sign-in's second step
(with an error shown), the recovery codes, the page "Zweiter Faktor" and the reset."""

import pytest

from tests.browser.harness import axe_violations
from tests.conftest import needs_chromium
from tests.two_factor import make_app_device, sign_in

pytestmark = [pytest.mark.browser, needs_chromium]

PASSWORD = "ein-langes-passwort"
BEFORE_THE_SECOND_FACTOR = {
    "setup": "/admin/zweiter-faktor/einrichten/",
    "setup app": "/admin/zweiter-faktor/einrichten/app/",
    "setup passkey": "/admin/zweiter-faktor/einrichten/passkey/",
}
WITH_A_FACTOR = {
    "verify": "/admin/zweiter-faktor/bestaetigen/",
    "recovery code": "/admin/zweiter-faktor/wiederherstellungscode/",
}


@pytest.fixture
def page(browser, live_server, transactional_db):
    from tests import initial_content

    initial_content.load_staff_roles()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def sign_in_with_password(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def assert_axe_clean(page):
    violations, report = axe_violations(page)
    assert violations == [], report


@pytest.mark.parametrize("name", BEFORE_THE_SECOND_FACTOR)
def test_setup_page_has_no_axe_violations(page, live_server, name):
    from tests.factories import make_staff

    make_staff(username="neu", password=PASSWORD)
    sign_in_with_password(page, live_server, "neu")
    assert page.goto(live_server.url + BEFORE_THE_SECOND_FACTOR[name]).status == 200
    assert_axe_clean(page)


def test_setup_app_with_a_wrong_code_has_no_axe_violations(page, live_server):
    from tests.factories import make_staff

    make_staff(username="neu", password=PASSWORD)
    sign_in_with_password(page, live_server, "neu")
    page.goto(live_server.url + BEFORE_THE_SECOND_FACTOR["setup app"])
    page.fill("#id_code", "12")
    page.click("#login-form input[type=submit]")
    page.locator(".errornote").wait_for()
    assert_axe_clean(page)


@pytest.mark.parametrize("name", WITH_A_FACTOR)
def test_sign_in_step_has_no_axe_violations_also_with_an_error(page, live_server, name):
    from django_otp_webauthn.models import WebAuthnCredential

    from tests.factories import make_staff

    user = make_staff(username="zwei", password=PASSWORD)
    make_app_device(user)
    WebAuthnCredential.objects.create(
        user=user, name="Schlüssel", credential_id=b"x", public_key=b"y", sign_count=0
    )
    sign_in_with_password(page, live_server, "zwei")
    page.goto(live_server.url + WITH_A_FACTOR[name])
    page.locator("#id_code").wait_for()
    assert_axe_clean(page)
    page.fill("#id_code", "999999x")
    page.click("#login-form input[type=submit]")
    page.locator(".errornote").wait_for()
    assert_axe_clean(page)


def test_recovery_codes_manage_and_reset_pages_have_no_axe_violations(page, live_server):
    from django.contrib.auth.models import User

    from tests.factories import make_staff

    User.objects.create_superuser("chefin", password=PASSWORD)
    colleague = make_staff(username="kollegin")
    sign_in(page, live_server.url, "chefin", PASSWORD)
    page.goto(live_server.url + "/admin/zweiter-faktor/")
    assert_axe_clean(page)
    page.click("text=Neue Wiederherstellungscodes erzeugen")
    page.locator(".recovery-codes").wait_for()
    assert_axe_clean(page)
    page.reload()
    page.locator("text=nicht noch einmal gezeigt").wait_for()
    assert_axe_clean(page)
    page.goto(live_server.url + f"/admin/zweiter-faktor/zuruecksetzen/{colleague.pk}/")
    assert_axe_clean(page)
    page.goto(live_server.url + f"/admin/auth/user/{colleague.pk}/change/")
    assert page.locator("text=Zweiten Faktor zurücksetzen").is_visible()
