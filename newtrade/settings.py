"""Settings for the newtrade nrw network site.

Everything that differs between machines is read from the environment here,
and only here. With no environment at all the site runs locally on an SQLite
file in the checkout; a deployment must name its hosts and its secret key.
"""

import datetime
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "simple_history",
    "axes",
    "core",
    "stakeholders",
    "partners",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page, also for pages served from the cache.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.page_cache.UpdateCacheMiddleware",
    # Pages compressed once and kept compressed (CSRF tokens are masked per
    # response, which defeats BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.page_cache.FetchFromCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

# --- Database and cache -------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
# django-redis logs each error it ignored, under this name.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache"
# Public pages are kept for 10 minutes at most and dropped as soon as staff
# change content (core/page_cache.py). Browsers revalidate with the ETag.
CACHE_MIDDLEWARE_SECONDS = 600
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
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
# After 5 failed log-ins for one user name or from one address, further
# attempts are refused for 15 minutes. With Redis, attempts are counted there
# and expire by themselves; without it (one local server), in the database.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if env.str("REDIS_URL", default="")
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.security.client_address"
AXES_CLIENT_STR_CALLABLE = "core.security.login_attempt_description"  # no IPs in logs
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

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

# --- Uploads (the sign-language videos) ------------------------------------------

# Several app servers need this folder on shared storage.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/medien/"
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

# --- Security -----------------------------------------------------------------

# gunicorn runs behind a TLS proxy that sets X-Forwarded-Proto on every request.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not RUNS_LOCALLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers ask over plain HTTP
SECURE_HSTS_SECONDS = 0 if RUNS_LOCALLY else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = not RUNS_LOCALLY
CSRF_COOKIE_SECURE = not RUNS_LOCALLY
# Over HTTPS the cookies are bound to this host and path (browsers refuse
# __Host- cookies over plain HTTP, so the local quick start keeps plain names).
if not RUNS_LOCALLY:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: the forms carry the token
# Public forms are small; uploads (the videos) are limited by their own check.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Only a visitor who opens a form gets the CSRF cookie, and only until the browser closes.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Keeping the directory current --------------------------------------------

# Entries not confirmed for this long are listed as due on the admin start page.
REVIEW_INTERVAL_DAYS = env.int("REVIEW_INTERVAL_DAYS", default=365)

# --- Tags ---------------------------------------------------------------------

TAGGIT_CASE_INSENSITIVE = True

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
