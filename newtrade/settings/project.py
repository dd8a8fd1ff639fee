"""The settings that are the same on every machine; `__init__.py` adds those that
the environment decides."""

import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    "newtrade.apps.NewtradeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    # German names for the apps that give none (core/apps.py)
    "core.apps.SimpleHistoryConfig",
    "core.apps.AxesConfig",
    # The second factor of every staff account (core/two_factor/): authenticator
    # apps, single-use recovery codes, passkeys and security keys.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "core",
    "stakeholders",
    "partners",
    "pages",
]

MIDDLEWARE = [
    "core.security.SecurityHeadersMiddleware",
    # Before anything asks for the host: an unknown one gets the 400 page.
    "core.security.UnknownHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise, without the collectstatic manifest.
    "core.security.StaticFilesMiddleware",
    # ETag and 304 for every page, also for pages served from the cache.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.page_cache.UpdateCacheMiddleware",
    # Pages compressed once and kept compressed (CSRF tokens are masked per
    # response, which defeats BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # 405 with the Allow header, as a page of the site in the visitor's language.
    "core.security.MethodNotAllowedPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.page_cache.FetchFromCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); staff without a second factor go to its pages.
    "django_otp.middleware.OTPMiddleware",
    "core.two_factor.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in sessions end (after MessageMiddleware: the log-in page says why).
    "core.signin.AdminSessionExpiryMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newtrade.urls"
WSGI_APPLICATION = "newtrade.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stakeholders.context_processors.office",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caching and backups ------------------------------------------------------

# django-redis logs each error it ignored, under this name.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache"
# Public pages are kept for 10 minutes at most and dropped as soon as staff
# change content (core/page_cache.py). Browsers revalidate with the ETag.
CACHE_MIDDLEWARE_SECONDS = 600
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# After a change, one request makes a page anew while the others get its previous copy,
# for this many seconds at most (core/page_cache.py); a page that takes longer to make
# is then made by one more request.
PAGE_CACHE_REBUILD_SECONDS = 5
# The models whose rows appear on public pages: a change to one drops every kept page.
PAGE_CACHE_MODELS = {
    "stakeholders.stakeholdergroup",
    "stakeholders.actor",
    "stakeholders.office",
    "partners.partner",
    "partners.taggedpartner",
    "taggit.tag",
    "pages.page",
    "pages.accessibilitystatement",
    "pages.signlanguagevideo",
}
# The models with "Veröffentlichen ab/bis": a kept page ends at their next scheduled change.
PAGE_CACHE_SCHEDULED_MODELS = {"stakeholders.actor", "partners.partner"}

# What `manage.py export_network` writes and `import_network` restores:
# everything the office enters, who entered it (history, admin log) and the
# accounts and roles of the back office.
BACKUP_LABELS = [
    "auth.group",
    "auth.user",
    "admin.logentry",
    "taggit.tag",
    "stakeholders",
    "partners",
    "pages",
]
# dumpdata, loaddata and the network backup keep times to the microsecond.
SERIALIZATION_MODULES = {"json": "core.serializers"}

# --- Log-in -------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff sign in to the back office; a refused or missing ?next= leads to its start page.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60  # the link in a password reset mail, in seconds
# After 5 failed log-ins with one user name from one address, that user name is
# refused from that address for 15 minutes; colleagues behind the same address
# sign in as before. After 30 failures from one address within 15 minutes, with
# whatever user names, the address is refused for all of them (core/signin.py).
# Counted in the database, which all app servers share, so that the counts hold
# while Redis is down; attempts during a lock are refused and do not extend it.
AXES_HANDLER = "core.signin.SignInHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
SIGN_IN_ADDRESS_FAILURE_LIMIT = 30
SIGN_IN_ADDRESS_COOLOFF = datetime.timedelta(minutes=15)
# axes stores and counts a pseudonym of the address (an fd00::/8 address made from a
# keyed hash), never the address itself; the sign-in records keep the hash.
AXES_CLIENT_IP_CALLABLE = "core.security.pseudonymous_client_address"
AXES_CLIENT_STR_CALLABLE = "core.security.login_attempt_description"  # no IPs in logs
AXES_LOCKOUT_CALLABLE = "core.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# The second factor (core/two_factor/): the name authenticator apps show, and
# passkeys and security keys bound to the host the browser asks (checked
# against ALLOWED_HOSTS), never usable without the password first.
OTP_TOTP_ISSUER = "newtrade nrw Backoffice"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_WEBAUTHN_RP_ID_CALLABLE = "core.two_factor.webauthn.relying_party_id"
OTP_WEBAUTHN_RP_NAME = "newtrade nrw Backoffice"
OTP_WEBAUTHN_HELPER_CLASS = "core.two_factor.webauthn.WebAuthnHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- Passwords ----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time --------------------------------------------------------

# German at the root, English under /en/ (i18n_patterns in newtrade/urls.py).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# A file missing from the manifest (collectstatic not run yet) is linked by its
# plain name instead of breaking every page, the error pages included.
WHITENOISE_MANIFEST_STRICT = False

# --- Uploads, security and tags ----------------------------------------------

MEDIA_URL = "/medien/"

# gunicorn runs behind a TLS proxy that sets X-Forwarded-Proto on every request.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: the forms carry the token
# Public forms are small; uploads (the videos) are limited by their own check.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Only a visitor who opens a form gets the CSRF cookie, and only until the browser closes.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

TAGGIT_CASE_INSENSITIVE = True

# --- Spreadsheets (core/spreadsheets/) ----------------------------------------------------

# An upload for import: at most this large, this many rows, and (an .xlsx, a zip
# archive) unpacking to at most this much.
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_ROWS = 10_000
SPREADSHEET_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
