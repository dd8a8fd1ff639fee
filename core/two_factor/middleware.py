"""The gate in front of the back office: a staff member signed in with the password
alone reaches no page of it but the second factor's own, the log-in and log-out and
the password reset, until the second factor is used in this session."""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.two_factor import devices

# The second factor's pages (two_factor) and its passkey endpoints (otp_webauthn).
OPEN_NAMESPACES = {"two_factor", "otp_webauthn"}
OPEN_VIEWS = {
    "admin:logout",
    "admin_password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


class SecondFactorRequiredMiddleware:
    """Sends a staff member without a verified second factor in this session to its
    sign-in step, or to setting one up; `next` keeps the page asked for.

    Needs django_otp's OTPMiddleware before it. DJANGO_STAFF_2FA=0 (local only, see
    settings) opens the gate."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_2FA or not request.path_info.startswith(self.prefix):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        match = request.resolver_match
        if OPEN_NAMESPACES & set(match.namespaces) or match.view_name in OPEN_VIEWS:
            return None
        # The log-in form stays open to sign in as someone else.
        if match.view_name == "admin:login" and request.method == "POST":
            return None
        target = "verify" if devices.has_second_factor(user) else "setup"
        if match.view_name == "admin:login":
            asked_for = request.GET.get(REDIRECT_FIELD_NAME, "")
        elif request.method in ("GET", "HEAD"):
            asked_for = request.get_full_path()
        else:
            asked_for = ""  # a form sent before the second factor is not sent again
        query = urlencode({REDIRECT_FIELD_NAME: asked_for or reverse("admin:index")})
        return redirect(f"{reverse(f'two_factor:{target}')}?{query}")
