"""Signing in to the back office: lockouts that stop guessing without locking out an
office that shares one address, the record of sign-ins, and sessions that end.

- django-axes counts failed log-ins per user name *and* address (AXES_LOCKOUT_PARAMETERS):
  five wrong passwords for "chefin" from one address lock "chefin" there, not her
  colleagues behind the same NAT, nor "chefin" at home. `SignInHandler` keeps axes'
  counts in the database that all app servers share, so a Redis outage changes nothing;
  on top, an address from which SIGN_IN_ADDRESS_FAILURE_LIMIT log-ins failed within
  SIGN_IN_ADDRESS_COOLOFF is refused for every user name (someone is guessing names).
- Every attempt at the back office's log-in is a `SignInRecord` (core/models.py), with a
  keyed hash of the address instead of the address.
- `AdminSessionExpiryMiddleware` ends a signed-in session ADMIN_SESSION_HOURS after the
  sign-in and after ADMIN_SESSION_IDLE_MINUTES without a request in the back office.
"""

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model, logout
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import SignInRecord
from core.security import hashed_client_address

# Why the log-in is refused (request.sign_in_lock, the lockout page's text).
USER_AT_ADDRESS = "user_at_address"
ADDRESS = "address"


def is_back_office_request(request):
    """A real request to the back office (Client.force_login's stand-in has no path)."""
    return request is not None and request.path.startswith(f"/{settings.ADMIN_PATH}")


# --- Lockouts -------------------------------------------------------------------------


def user_lock_end(request, credentials=None):
    """Until when axes refuses this user name from this address; None while it does not.

    axes sums the failures of the attempts (one row per user agent) made within the
    cool-off; the lock ends when the row that brings the sum to the limit leaves it."""
    cool_off = get_cool_off(request)
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
        attempt_time__gte=timezone.now() - cool_off,
    ).order_by("-attempt_time")
    limit, total = get_failure_limit(request, credentials), 0
    for attempt_time, failures in attempts.values_list("attempt_time", "failures_since_start"):
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


class SignInHandler(AxesDatabaseHandler):
    """axes' database handler, which locks a user name at an address, plus the lock of
    an address for all user names. Its counts are rows in the shared database: unlike
    axes' cache handler on a cache that ignores its errors, it keeps counting while
    Redis is down, where every failure would count as the first."""

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            request.sign_in_lock = USER_AT_ADDRESS
        elif SignInRecord.objects.address_lock_end(hashed_client_address(request)):
            request.sign_in_lock = ADDRESS
        else:
            return False
        return True


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' refusal (AXES_LOCKOUT_CALLABLE), in the back office's frame: which lock,
    from when to try again, and how to get a new password."""
    kind = getattr(request, "sign_in_lock", USER_AT_ADDRESS)
    if kind == ADDRESS:
        until = SignInRecord.objects.address_lock_end(hashed_client_address(request))
    else:
        until = user_lock_end(request, credentials)
    now = timezone.now()
    if until is None or until < now:  # unlocked meanwhile: the full cool-off, to be safe
        until = now + get_cool_off(request)
    # Whole minutes, rounded up: "ab 14:35 Uhr" and "in 15 Minuten" are never too early.
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    context = {
        **admin.site.each_context(request),
        "title": _("Anmeldung vorübergehend gesperrt"),
        "lock": kind,
        "username": get_client_username(request, credentials) or "",
        "until": timezone.localtime(until),
        "minutes": minutes,
        "user_failure_limit": get_failure_limit(request, credentials),
        "address_failure_limit": settings.SIGN_IN_ADDRESS_FAILURE_LIMIT,
    }
    return render(request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- The record of sign-ins (receivers of Django's auth signals, core/apps.py) ---------


def record_sign_in(request, username, succeeded, user=None):
    if user is None:
        field = get_user_model().USERNAME_FIELD
        user = get_user_model()._default_manager.filter(**{field: username}).first()
    return SignInRecord.objects.create(
        username=(username or "")[: SignInRecord._meta.get_field("username").max_length],
        user=user,
        succeeded=succeeded,
        locked_out=bool(getattr(request, "sign_in_lock", None)),
        address_hash=hashed_client_address(request),
    )


def signed_in(sender, request, user, **kwargs):
    start_session_clock(request)
    if is_back_office_request(request):
        record_sign_in(request, user.get_username(), succeeded=True, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    if is_back_office_request(request):
        username = credentials.get(get_user_model().USERNAME_FIELD, "")
        record_sign_in(request, username, succeeded=False)


def expired_access_attempts(now=None):
    """axes' counters whose cool-off has passed: they lock nothing any more."""
    cool_off = get_cool_off()
    return AccessAttempt.objects.filter(attempt_time__lt=(now or timezone.now()) - cool_off)


# --- Sessions that end ------------------------------------------------------------------

SESSION_STARTED = "signin_started"
SESSION_LAST_REQUEST = "signin_last_request"
# The last request is written at most once a minute, not with every request.
TOUCH_INTERVAL = 60


def session_max_age():
    return datetime.timedelta(hours=settings.ADMIN_SESSION_HOURS)


def session_idle_timeout():
    return datetime.timedelta(minutes=settings.ADMIN_SESSION_IDLE_MINUTES)


def start_session_clock(request):
    """At sign-in: the session, its database row and its cookie end ADMIN_SESSION_HOURS
    from now at the latest; the middleware ends it earlier when it is left idle."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = timezone.now()
    session[SESSION_STARTED] = session[SESSION_LAST_REQUEST] = now.timestamp()
    session.set_expiry(now + session_max_age())


def session_end_message(session, now):
    """Why this signed-in session has ended, None while it has not."""
    started, last = session.get(SESSION_STARTED), session.get(SESSION_LAST_REQUEST)
    if started is None or last is None:  # signed in before sessions had a clock
        return ended_message()
    if now.timestamp() - started >= session_max_age().total_seconds():
        return ended_message()
    if now.timestamp() - last >= session_idle_timeout().total_seconds():
        minutes = settings.ADMIN_SESSION_IDLE_MINUTES
        return ngettext(
            "Ihre Sitzung ist nach %(count)d Minute ohne Aktivität abgelaufen. "
            "Bitte melden Sie sich erneut an.",
            "Ihre Sitzung ist nach %(count)d Minuten ohne Aktivität abgelaufen. "
            "Bitte melden Sie sich erneut an.",
            minutes,
        ) % {"count": minutes}
    return None


def ended_message():
    """The notice for a session that has ended, whichever limit ended it: at the end of
    ADMIN_SESSION_HOURS the database no longer returns the session at all."""
    hours = ngettext("%(count)d Stunde", "%(count)d Stunden", settings.ADMIN_SESSION_HOURS)
    minutes = ngettext("%(count)d Minute", "%(count)d Minuten", settings.ADMIN_SESSION_IDLE_MINUTES)
    return _(
        "Ihre Sitzung ist abgelaufen: Im Backoffice endet sie %(hours)s nach der Anmeldung "
        "und nach %(minutes)s ohne Aktivität. Bitte melden Sie sich erneut an."
    ) % {
        "hours": hours % {"count": settings.ADMIN_SESSION_HOURS},
        "minutes": minutes % {"count": settings.ADMIN_SESSION_IDLE_MINUTES},
    }


class AdminSessionExpiryMiddleware:
    """Ends a signed-in session ADMIN_SESSION_HOURS after its sign-in and after
    ADMIN_SESSION_IDLE_MINUTES without a request in the back office: the session is
    flushed (its row deleted), and the back office's log-in page says why.

    Only requests that bring a session cookie are looked at, so public visitors get no
    session and public pages stay in the page cache for everyone. An ended session ends
    on public pages too, where staff would otherwise still preview hidden entries. Runs
    after MessageMiddleware, for the notice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        back_office = is_back_office_request(request)
        if not request.user.is_authenticated:
            # The cookie names a session the database no longer keeps: it has ended.
            if back_office and request.session.session_key is None:
                messages.warning(request, ended_message())
            return
        now = timezone.now()
        ended = session_end_message(request.session, now)
        if ended:
            logout(request)
            if back_office:
                messages.warning(request, ended)
        elif back_office:
            last = request.session[SESSION_LAST_REQUEST]
            if now.timestamp() - last >= TOUCH_INTERVAL:
                request.session[SESSION_LAST_REQUEST] = now.timestamp()
