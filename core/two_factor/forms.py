"""The forms of the second factor: a code from the authenticator app, a recovery code,
and the first code that confirms a newly scanned app. Each names its mistake in German."""

import math

from django import forms
from django.utils import timezone
from django_otp import verify_token

from core.two_factor import devices

WRONG_APP_CODE = (
    "Der Code stimmt nicht oder wurde schon verwendet. Bitte geben Sie den Code ein, "
    "den Ihre Authenticator-App gerade anzeigt."
)
WRONG_RECOVERY_CODE = (
    "Dieser Wiederherstellungscode gilt nicht: Er ist falsch geschrieben oder wurde schon "
    "verwendet. Jeder Code gilt nur einmal."
)


def too_many_attempts(device):
    """The German refusal while django-otp throttles the device after wrong codes, or None."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (details or {}).get("locked_until")
    seconds = (
        max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    )
    wait = "eine Sekunde" if seconds == 1 else f"{seconds} Sekunden"
    return (
        f"Zu viele falsche Codes hintereinander. Bitte warten Sie {wait} und versuchen "
        "Sie es dann noch einmal."
    )


class AppCodeInput(forms.TextInput):
    """Six digits: the phone's number pad and its one-time-code autofill."""

    def __init__(self):
        super().__init__(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "maxlength": "7",
                "autofocus": True,
                "spellcheck": "false",
                "class": "code-input",
            }
        )


class AppCodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Code aus der Authenticator-App",
            help_text="Sechs Ziffern; die App zeigt alle 30 Sekunden einen neuen Code.",
            widget=AppCodeInput(),
            error_messages={"required": "Bitte geben Sie den sechsstelligen Code ein."},
            **kwargs,
        )

    def clean(self, value):
        code = "".join(super().clean(value).split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                "Der Code besteht aus sechs Ziffern, zum Beispiel 123456.", code="format"
            )
        return code


class AppCodeForm(forms.Form):
    """The sign-in's second step with the authenticator app; `device` is the app
    that accepted the code."""

    code = AppCodeField()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        candidates = list(devices.app_devices(self.user))
        refusals = [too_many_attempts(candidate) for candidate in candidates]
        if candidates and all(refusals):
            raise forms.ValidationError(refusals[0], code="throttled")
        for candidate in candidates:
            if verify_token(self.user, candidate.persistent_id, code):
                self.device = candidate
                return code
        raise forms.ValidationError(WRONG_APP_CODE, code="wrong")


class RecoveryCodeForm(forms.Form):
    """The sign-in's second step with one of the printed recovery codes; the code is
    used up by it."""

    code = forms.CharField(
        label="Wiederherstellungscode",
        help_text="Einer der zehn Codes, die Sie beim Einrichten erhalten haben.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "autofocus": True,
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
        error_messages={"required": "Bitte geben Sie einen Wiederherstellungscode ein."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = devices.normalize_recovery_code(self.cleaned_data["code"])
        device = devices.recovery_device(self.user)
        if device is None:
            raise forms.ValidationError(WRONG_RECOVERY_CODE, code="wrong")
        if refusal := too_many_attempts(device):
            raise forms.ValidationError(refusal, code="throttled")
        if verify_token(self.user, device.persistent_id, code):
            self.device = device
            return code
        raise forms.ValidationError(WRONG_RECOVERY_CODE, code="wrong")


class ConfirmAppForm(forms.Form):
    """Setting up the app: its first code shows that it scanned the right secret."""

    code = AppCodeField()

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"]
        if refusal := too_many_attempts(self.device):
            raise forms.ValidationError(refusal, code="throttled")
        if not devices.confirm_app_device(self.device, code):
            raise forms.ValidationError(
                "Der Code stimmt nicht. Prüfen Sie, ob die App das Konto „newtrade nrw "
                "Backoffice“ zeigt, und geben Sie den Code ein, den sie gerade anzeigt.",
                code="wrong",
            )
        return code
