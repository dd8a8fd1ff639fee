"""The pages of the second factor, in the back office's frame: the sign-in's second step
(app code, passkey or recovery code), setting a factor up, the recovery codes, the
page "Zweiter Faktor" of each account, and a superuser's reset of a colleague's factors.

The gate (middleware.py) lets a signed-in staff member reach only these pages until the
second factor is used; each view checks for itself who may open it.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from core.two_factor import devices
from core.two_factor.forms import AppCodeForm, ConfirmAppForm, RecoveryCodeForm

# The recovery codes just made, until the page that shows them once has been opened.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def next_url(request):
    """Where to go once the second factor is done: ?next= if it stays on this site."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else reverse("admin:index")


def with_next(name, request):
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: next_url(request)})}"


def qr_code_svg(text, label):
    """`text` as an inline SVG QR code: no script, no request for an image."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # qrcode's own width and height are in millimetres; the stylesheet sizes it.
    attributes = svg[svg.index("version=") :]
    return mark_safe(f'<svg class="qr-code" role="img" aria-label="{label}" {attributes}')


def group_secret(device):
    """The app's secret in base32 as people type it: groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(TemplateView):
    """A page of the second factor for a signed-in staff member, in the back office's frame.

    `needs_verified`: only after the second factor was used in this session (the pages
    that change factors of an account that already has one)."""

    needs_verified = False
    title = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if self.needs_verified and not user.is_verified():
            target = "verify" if devices.has_second_factor(user) else "setup"
            return redirect(with_next(f"two_factor:{target}", request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **admin.site.each_context(self.request),
            "title": self.title,
            "next": next_url(self.request),
            **super().get_context_data(**kwargs),
        }

    def verified(self, device):
        """Mark this session as having passed the second factor with `device`."""
        self.request.session.cycle_key()
        otp_login(self.request, device)


class VerifyView(SecondFactorView, FormView):
    """The sign-in's second step: the app's code, or the passkey button."""

    template_name = "admin/two_factor/verify.html"
    title = "Anmeldung bestätigen"
    form_class = AppCodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff:
            if user.is_verified():
                return redirect(next_url(request))
            if not devices.has_second_factor(user):
                return redirect(with_next("two_factor:setup", request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            has_app=devices.app_devices(user).exists(),
            has_passkey=devices.passkeys(user).exists(),
            **kwargs,
        )

    def form_valid(self, form):
        self.verified(form.device)
        return redirect(next_url(self.request))


class RecoveryView(VerifyView):
    """The sign-in's second step with a recovery code, for a lost phone or key."""

    template_name = "admin/two_factor/recovery.html"
    title = "Mit Wiederherstellungscode anmelden"
    form_class = RecoveryCodeForm

    def form_valid(self, form):
        self.verified(form.device)
        left = devices.remaining_recovery_codes(self.request.user)
        counted = "keinen Wiederherstellungscode" if left == 0 else f"noch {left} von 10"
        if left == 1:
            counted = "nur noch einen Wiederherstellungscode"
        messages.warning(
            self.request,
            "Sie haben sich mit einem Wiederherstellungscode angemeldet; er gilt jetzt nicht "
            f"mehr. Sie haben {counted} übrig. Unter „Zweiter Faktor“ erzeugen Sie neue Codes "
            "oder richten ein neues Gerät ein.",
        )
        return redirect(next_url(self.request))


class SetupMixin:
    """Setting up a factor: for an account without one, or after the second factor was
    used (adding one); a password alone never adds a factor to an account that has one."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and not user.is_verified()
            and devices.has_second_factor(user)
        ):
            return redirect(with_next("two_factor:verify", request))
        return super().dispatch(request, *args, **kwargs)

    def finish(self, device):
        """After a new factor: mark the session, and on the first set-up make the
        recovery codes and show them once."""
        request = self.request
        if not request.user.is_verified():
            self.verified(device)
        if devices.recovery_device(request.user) is None:
            request.session[NEW_CODES_SESSION_KEY] = devices.new_recovery_codes(request.user)
            return redirect(with_next("two_factor:codes", request))
        messages.success(request, "Der neue zweite Faktor ist eingerichtet.")
        return redirect("two_factor:manage")


class SetupView(SetupMixin, SecondFactorView):
    """The choice: an authenticator app or a passkey / security key."""

    template_name = "admin/two_factor/setup.html"
    title = "Zweiten Faktor einrichten"

    def get_context_data(self, **kwargs):
        return super().get_context_data(first=not devices.has_second_factor(self.request.user))


class SetupAppView(SetupMixin, SecondFactorView, FormView):
    """An authenticator app: scan the QR code (or type the secret), confirm with a code."""

    template_name = "admin/two_factor/setup_app.html"
    title = "Authenticator-App einrichten"
    form_class = ConfirmAppForm

    @cached_property
    def device(self):
        return devices.pending_app_device(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        device = self.device
        return super().get_context_data(
            qr_code=qr_code_svg(device.config_url, "QR-Code für die Authenticator-App"),
            secret=group_secret(device),
            **kwargs,
        )

    def form_valid(self, form):
        return self.finish(form.device)


class SetupPasskeyView(SetupMixin, SecondFactorView):
    """A passkey or security key: django-otp-webauthn's script registers it; ours then
    posts the page's form, and `post` finishes the set-up."""

    template_name = "admin/two_factor/setup_passkey.html"
    title = "Passkey oder Sicherheitsschlüssel einrichten"

    def post(self, request, *args, **kwargs):
        passkey = devices.passkeys(request.user).last()
        if passkey is None:
            messages.error(
                request, "Es ist noch kein Passkey eingerichtet. Bitte versuchen Sie es erneut."
            )
            return redirect(with_next("two_factor:setup-passkey", request))
        return self.finish(passkey)


class RecoveryCodesView(SecondFactorView):
    """The new recovery codes, shown once; a POST replaces them all with ten new ones."""

    template_name = "admin/two_factor/codes.html"
    title = "Ihre Wiederherstellungscodes"
    needs_verified = True

    def get_context_data(self, **kwargs):
        codes = self.request.session.pop(NEW_CODES_SESSION_KEY, None)
        return super().get_context_data(
            codes=codes, remaining=devices.remaining_recovery_codes(self.request.user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        request.session[NEW_CODES_SESSION_KEY] = devices.new_recovery_codes(request.user)
        return redirect(with_next("two_factor:codes", request))


class ManageView(SecondFactorView):
    """The page "Zweiter Faktor" of the signed-in account: what it has, and adding more."""

    template_name = "admin/two_factor/manage.html"
    title = "Zweiter Faktor"
    needs_verified = True

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            apps=devices.app_devices(user).order_by("created_at"),
            passkeys=devices.passkeys(user),
            remaining=devices.remaining_recovery_codes(user),
            **kwargs,
        )


class ResetView(SecondFactorView):
    """A superuser deletes a colleague's second factors (written to the account's
    history); at the next sign-in the colleague sets up a new one."""

    template_name = "admin/two_factor/reset.html"
    title = "Zweiten Faktor zurücksetzen"
    needs_verified = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        account = get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])
        return super().get_context_data(
            account=account,
            opts=account._meta,
            has_factor=devices.has_second_factor(account),
            change_url=reverse("admin:auth_user_change", args=[account.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        account = get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])
        devices.reset_second_factor(account, by=request.user)
        messages.success(
            request,
            f"Der zweite Faktor von „{account.get_username()}“ ist zurückgesetzt. "
            "Bei der nächsten Anmeldung richtet das Konto einen neuen ein.",
        )
        return redirect("admin:auth_user_change", account.pk)
