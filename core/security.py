"""Response headers that graders such as the Mozilla HTTP Observatory look for,
requests for hosts we do not serve, static files that are not for the public, and the
client's address (and the keyed hashes that are stored instead of it).

Django's SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and COOP
(see settings); this adds the Content Security Policy and Permissions-Policy.
"""

import ipaddress
import logging

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import get_resolver
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _
from whitenoise.middleware import WhiteNoiseMiddleware

# Django's own logger for these requests, so that log filters keep working.
host_logger = logging.getLogger("django.security.DisallowedHost")

# Keys the HMAC of client addresses apart from every other use of SECRET_KEY.
ADDRESS_HASH_SALT = "core.security.client_address"

# Public pages need nothing but our own stylesheet, images, the sign-language
# videos and forms that post to us: no script at all (JSON-LD blocks are data
# and never run), nothing from another host, never inside a frame.
PUBLIC_POLICY = {
    "default-src": "'none'",
    "style-src": "'self'",
    "img-src": "'self'",
    "media-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}

# Django's admin runs its own scripts from our host, and some of its templates
# still set style attributes and show data: images (Django 5.2 has no CSP
# support of its own). That exception is for staff pages only.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    ]
)


def serialize(policy):
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = serialize(PUBLIC_POLICY)
        self.admin_policy = serialize(ADMIN_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path_info.startswith(f"/{settings.ADMIN_PATH}")
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if is_admin else self.public_policy
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class UnknownHostMiddleware:
    """A request for a host the site does not serve (not in ALLOWED_HOSTS, or no
    valid host at all) gets the site's 400 page in German and one line at WARNING.

    Left to Django, each of them is logged at ERROR with its traceback, and
    scanners send them all day. This runs before SecurityMiddleware, whose
    HTTPS redirect would otherwise be the first to stumble over the host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost as exception:
            with translation.override(settings.LANGUAGE_CODE):
                response = get_resolver().resolve_error_handler(400)(request, exception)
            log_response(str(exception), response=response, request=request, logger=host_logger)
            return response
        return self.get_response(request)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise without collectstatic's manifest: staticfiles.json lists every
    file we have collected, which is for our templates, not for the public."""

    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings=settings)
        name = getattr(staticfiles_storage, "manifest_name", ManifestFilesMixin.manifest_name)
        manifest = f"{self.static_prefix}{name}"
        self.hidden = {manifest, f"{manifest}.gz", f"{manifest}.br"}

    def __call__(self, request):
        if request.path_info in self.hidden:
            return self.get_response(request)  # the site's 404 page
        return super().__call__(request)


class MethodNotAllowedPageMiddleware:
    """A method that a URL does not take (TRACE, PUT, PROPFIND, …) gets 405 with the
    URL's `Allow` header and a short page of the site, not Django's empty answer.

    The public views name their methods themselves; the back office's views answer any
    method like GET, so there only GET, HEAD and POST get through.
    """

    admin_methods = ["GET", "HEAD", "POST"]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path_info.startswith(f"/{settings.ADMIN_PATH}")
            and request.method not in self.admin_methods
        ):
            response = HttpResponseNotAllowed(self.admin_methods)
            log_response(
                "Method Not Allowed (%s): %s",
                request.method,
                request.path,
                response=response,
                request=request,
            )
        else:
            response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or response.content:
            return response
        context = {
            "title": _("Anfrage nicht möglich"),
            "noindex": True,
            "method": request.method,
            "allowed": response["Allow"],
        }
        page = render(request, "405.html", context, status=405)
        page["Allow"] = response["Allow"]
        # The view (or require_safe) has logged the refusal already: one line is enough.
        page._has_been_logged = True
        return page


def client_address(request):
    """The visitor's address: behind our proxy, the last X-Forwarded-For entry."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def client_address_digest(request):
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of the visitor's address, None without
    one: the same address gives the same bytes, and without the key nobody can tell
    the address from them."""
    address = client_address(request)
    if not address:
        return None
    return salted_hmac(ADDRESS_HASH_SALT, address, algorithm="sha256").digest()


def hashed_client_address(request):
    """The keyed hash of the visitor's address as 32 hex digits ("" without an address),
    what the sign-in records keep instead of the address."""
    digest = client_address_digest(request)
    return digest[:16].hex() if digest else ""


def pseudonymous_client_address(request):
    """The address django-axes counts failed log-ins by and stores (AXES_CLIENT_IP_CALLABLE):
    not the visitor's, but an IPv6 address in the private range fd00::/8 made from the
    keyed hash. Its field is an IP address (inet on PostgreSQL), so it gets one, and the
    same visitor always gets the same one."""
    digest = client_address_digest(request)
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15])) if digest else None


def login_attempt_description(username, ip_address, user_agent, path_info, request):
    """How django-axes names a login attempt in the log: never with the address."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0]
    return f'{{username: "{username}", path_info: "{path_info}"}}'
