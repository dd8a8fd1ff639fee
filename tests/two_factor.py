"""Second factors for test accounts: a verified session for `force_login` (tests/conftest.py),
an authenticator app and the code it shows now, and the back office's sign-in in a browser."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# The device that stands for "has used the second factor" in force_login'd sessions.
TEST_DEVICE_NAME = "Testgerät"


def verify_session(client, user):
    """Mark the test client's session as verified with a second factor, as
    django_otp.login does after a code was accepted."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=TEST_DEVICE_NAME, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def make_app_device(user):
    """A confirmed authenticator app of `user`."""
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)


def app_code(device):
    """The code the app shows that the device accepts next: now's, or, once now's was
    used, the next window's (django-otp accepts one step either side)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time = (device.last_t + 1) * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"


def sign_in(page, base_url, username, password, device=None):
    """Sign in on the back office's log-in page in a browser: the password, then the
    code of `device` (by default a new authenticator app of the account)."""
    from django.contrib.auth.models import User

    if device is None:
        device = make_app_device(User.objects.get(username=username))
    if "/login/" not in page.url:
        page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/zweiter-faktor/bestaetigen/**")
    page.fill("#id_code", app_code(device))
    page.click("#login-form input[type=submit]")
    page.wait_for_load_state()
    return device
