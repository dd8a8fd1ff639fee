"""The second factors of a staff account: which it has, setting one up, the recovery
codes, and a superuser's reset. Every device is one of django-otp's models."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator-App"
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"
RESET_MESSAGE = (
    "Zweiten Faktor zurückgesetzt: Authenticator-App, Passkeys und Wiederherstellungscodes "
    "gelöscht."
)


def has_second_factor(user):
    """Whether the account has a confirmed authenticator app or passkey; recovery codes
    alone are no factor to set up."""
    return (
        TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def app_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def recovery_device(user):
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app_device(user):
    """The authenticator app being set up: its secret stays the same while the person
    scans it and types the first code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirm_app_device(device, code):
    """Confirm the pending app with its first code; True if the code was right."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_recovery_codes(user):
    """Ten fresh single-use codes in place of the old ones; only this return value
    ever shows them."""
    device = recovery_device(user) or StaticDevice.objects.create(
        user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def normalize_recovery_code(code):
    """What people type from a printout: spaces, dashes and capitals don't matter."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def reset_second_factor(user, *, by):
    """Delete every second factor of `user` (who sets one up at the next sign-in) and
    record that in the account's history, under the superuser `by`."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=RESET_MESSAGE,
        single_object=True,
    )
