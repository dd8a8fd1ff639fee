"""Settings for the newtrade nrw network site.

Everything that differs between machines is read from the environment here,
and only here; what is the same on every machine is in `project.py`. With no
environment at all the site runs locally on an SQLite file in the checkout; a
deployment must name its hosts and its secret key.
"""

import secrets

import environ
from django.core.exceptions import ImproperlyConfigured

from newtrade.settings.project import *  # noqa: F403
from newtrade.settings.project import BASE_DIR

env = environ.Env()

# --- Hosts, debug and the secret key ------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)

LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=LOCAL_HOSTS)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is set but empty. Name the host names the site answers to, "
        "separated by commas, e.g. DJANGO_ALLOWED_HOSTS=www.example.nrw.de"
    )
if "*" in ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must not contain '*' outside debug mode: name the real host names."
    )

# The local quick start serves loopback addresses only; anything else is a deployment.
RUNS_LOCALLY = set(ALLOWED_HOSTS) <= set(LOCAL_HOSTS)
LOCAL_SECRET_KEY_FILE = BASE_DIR / ".secret_key"


def read_or_create_local_secret_key(path):
    """Return the local secret key, generating it into a git-ignored file once."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not RUNS_LOCALLY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. A deployment serving "
            f"{', '.join(ALLOWED_HOSTS)} needs its own secret key of at least 50 random "
            "characters, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = read_or_create_local_secret_key(LOCAL_SECRET_KEY_FILE)
elif not RUNS_LOCALLY and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for a deployment: use at least 50 random characters."
    )

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The back office's address; moving it keeps it out of scanners' default paths.
ADMIN_PATH = env.str("DJANGO_ADMIN_PATH", default="admin/").strip("/") + "/"

# --- Database and cache -------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: while Redis is unreachable the site serves uncached and logs it.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newtrade",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    # Files shared by all worker processes of this one server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("DJANGO_CACHE_DIR", default=BASE_DIR / ".cache"),
        }
    }
# --- Log-in and sessions -------------------------------------------------------

# The lockout rules are in project.py (counted in the database, with or without Redis).
# A signed-in session ends this many hours after the sign-in, and after this many
# minutes without a request in the back office (core.signin.AdminSessionExpiryMiddleware).
ADMIN_SESSION_HOURS = env.int("DJANGO_ADMIN_SESSION_HOURS", default=8)
ADMIN_SESSION_IDLE_MINUTES = env.int("DJANGO_ADMIN_IDLE_MINUTES", default=60)
if ADMIN_SESSION_HOURS < 1 or ADMIN_SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_SESSION_HOURS and DJANGO_ADMIN_IDLE_MINUTES must be at least 1."
    )
# Any other session (e.g. during a password reset) lasts no longer either.
SESSION_COOKIE_AGE = ADMIN_SESSION_HOURS * 60 * 60
# `manage.py delete_old_sign_in_records` deletes the sign-in records after this many days.
SIGN_IN_RECORD_RETENTION_DAYS = env.int("SIGN_IN_RECORD_RETENTION_DAYS", default=90)

# --- Second factor for staff ---------------------------------------------------

# Every staff account signs in with its password and a second factor (an
# authenticator app or a passkey, core/two_factor/). Only the local quick start
# may switch that off, e.g. while trying out the back office.
STAFF_2FA = env.bool("DJANGO_STAFF_2FA", default=True)
if not STAFF_2FA and not RUNS_LOCALLY:
    raise ImproperlyConfigured(
        "DJANGO_STAFF_2FA=0 switches off the second factor for staff, which only the local "
        f"quick start may do, not a deployment serving {', '.join(ALLOWED_HOSTS)}. "
        "Remove DJANGO_STAFF_2FA from its environment."
    )
# Passkeys are bound to the host a browser asks for (core/two_factor/webauthn.py);
# django-otp-webauthn's checks want the origins named.
OTP_WEBAUTHN_ALLOWED_ORIGINS = list(
    dict.fromkeys(
        "http://localhost" if host in LOCAL_HOSTS else f"https://{host.lstrip('.')}"
        for host in ALLOWED_HOSTS
    )
)

# --- Uploads (the sign-language videos) ------------------------------------------

# Several app servers need this folder on shared storage.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
SIGN_LANGUAGE_VIDEO_MAX_MB = env.int("SIGN_LANGUAGE_VIDEO_MAX_MB", default=200)

# --- E-mail and barrier reports -------------------------------------------------

# e.g. smtp+tls://user:password@mail.example.nrw.de:587; locally mails go to stdout.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told about a new barrier report; empty: the office's e-mail address.
BARRIER_REPORT_RECIPIENTS = env.list("BARRIER_REPORT_RECIPIENTS", default=[])
# The privacy statement names this period; `manage.py delete_old_barrier_reports` applies it.
BARRIER_REPORT_RETENTION_DAYS = env.int("BARRIER_REPORT_RETENTION_DAYS", default=365)

# --- Reminders (`manage.py send_reminders`, core/reminders.py) ------------------

# Where the back office is reached, for the links in mails sent without a request;
# default: the first host name (locally the development server).
SITE_URL = env.str("DJANGO_SITE_URL", default="").rstrip("/") or (
    "http://localhost:8000" if RUNS_LOCALLY else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

# --- Security -----------------------------------------------------------------

SECURE_SSL_REDIRECT = not RUNS_LOCALLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers ask over plain HTTP
SECURE_HSTS_SECONDS = 0 if RUNS_LOCALLY else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = not RUNS_LOCALLY
CSRF_COOKIE_SECURE = not RUNS_LOCALLY
# Over HTTPS the cookies are bound to this host and path (browsers refuse
# __Host- cookies over plain HTTP, so the local quick start keeps plain names).
if not RUNS_LOCALLY:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Keeping the directory current --------------------------------------------

# Entries not confirmed for this long are listed as due on the admin start page, and
# `manage.py request_confirmations` asks their contact person to confirm them.
REVIEW_INTERVAL_DAYS = env.int("REVIEW_INTERVAL_DAYS", default=365)
# How long the link in such a request works.
CONFIRMATION_LINK_DAYS = env.int("CONFIRMATION_LINK_DAYS", default=30)
# The privacy statement names this period; `manage.py delete_old_confirmation_requests`
# deletes older requests (never younger than REVIEW_INTERVAL_DAYS: they keep an entry
# from being asked twice in one interval).
CONFIRMATION_RETENTION_DAYS = env.int("CONFIRMATION_RETENTION_DAYS", default=730)

# --- Proposals from outside ("Partner werden", stakeholders/models/outreach.py) ---

# How long the link that confirms a proposal's e-mail address works; unconfirmed
# proposals are deleted once it has expired.
PROPOSAL_LINK_DAYS = env.int("PROPOSAL_LINK_DAYS", default=7)
# The privacy statement names this period; `manage.py delete_old_proposals` deletes every
# proposal older than it, whatever became of it.
PROPOSAL_RETENTION_DAYS = env.int("PROPOSAL_RETENTION_DAYS", default=180)

# --- Second pair of eyes (Vier-Augen-Prinzip, core/release.py) -------------------

# On: a change to a public entry, partner, actor or fixed page, waits for the release by
# a second person (group "Freigabe"); off (DJANGO_FOUR_EYES=0) for a one-person office,
# where every editor publishes directly as before.
FOUR_EYES = env.bool("DJANGO_FOUR_EYES", default=True)
# A submission waiting longer than this many days is marked overdue on the start page.
RELEASE_OVERDUE_DAYS = env.int("RELEASE_OVERDUE_DAYS", default=3)

# --- Logging ------------------------------------------------------------------

# Everything goes to stdout, where gunicorn's process manager collects it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.log_format.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": env.str("DJANGO_LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
