"""Settings for Nærvær, read from the environment.

Every value an operator may change comes from an environment variable with a safe default for
the embedded demo: SQLite in ``var/naervaer.sqlite3`` unless ``DATABASE_URL`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Generic Django classes (ModelForm[Case], QuerySet[Person] …) subscriptable at run time, as the
# type checker reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("NAERVAER_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# The built-in key is public: it is for the demo, the tests and commands only. The web server
# refuses to start with it outside demo mode (naervaer/wsgi.py); `check --deploy` flags it too.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-naervaer-demo-key"
SECRET_KEY_IS_PUBLIC = not os.environ.get("SECRET_KEY")
DEMO_MODE = env_bool("NAERVAER_DEMO", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",  # serves the API documentation's Swagger UI from its own static files
    "naervaer.people",
    "naervaer.absence",
    "naervaer.audit",
    "naervaer.importexport",
    "naervaer.followup",
    "naervaer.statistics",
    "naervaer.operations",
    "naervaer.api",
    "naervaer.twofactor",
    "naervaer.dialogue",
    "naervaer.amo",
    "naervaer.jobcentre",
    "naervaer.mail",
    "naervaer.workinjury",
    "naervaer.seniors",
    "naervaer.inspections",
    "naervaer.fleksjob",
    "naervaer.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every response a view makes is personal: never stored by a browser or proxy.
    "naervaer.cachecontrol.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "naervaer.api.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "naervaer.twofactor.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Writes one audit event per request for the personal data it showed (naervaer.audit.reads).
    "naervaer.audit.reads.AuditReadsMiddleware",
    # Answers input that cannot be used with a clear 400 page (naervaer.badinput).
    "naervaer.badinput.BadInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failed logins first
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on with OpenID Connect, when the organisation has an identity provider: the
# provider proves the e-mail address, and the Nærvær user with that address logs in (users are
# never created from a login). Roles and two-factor requirements stay Nærvær's.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATE_CLASS = "naervaer.sso.views.Start"
OIDC_CALLBACK_CLASS = "naervaer.sso.views.Callback"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("naervaer.sso.backends.NaervaerOIDCBackend")
# Five wrong passwords for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

# HR and administrators confirm each login with a one-time code (TOTP). Off in the demo only.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not env_bool("NAERVAER_DEMO", False))
OTP_TOTP_ISSUER = "Nærvær"

# No inline scripts or styles anywhere: everything the pages use is a file of the app's own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "naervaer.urls"
WSGI_APPLICATION = "naervaer.wsgi.application"

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
                "naervaer.access.context_processor",
            ],
        },
    },
]

DEFAULT_SQLITE = VAR_DIR / "naervaer.sqlite3"
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{DEFAULT_SQLITE}")}
# A PostgreSQL connection costs tens of milliseconds to open, so gunicorn's workers keep theirs
# for a minute (checked before reuse). It halves median latency under load; see
# docs/benchmarks.md. A SQLite connection is cheaper but not free: opening one (the file, the
# pragmas, Django's SQL functions) took 1.6 ms of CPU, on every request (issue 14), so it is
# kept too.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one request writes; IMMEDIATE takes the write lock at the
    # start of a transaction so concurrent writers wait (busy timeout) instead of failing.
    # A page cache of 32 MB per connection (SQLite's default is 2 MB) keeps a large employer's
    # statistics rows at hand: 139-146 -> 135-138 ms of CPU for a drill-down at 50,000
    # employees, the same as with 64 MB (issue 14, docs/benchmarks.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too (not shared-cache memory), so the background import thread and the
    # browser tests' live server meet the same WAL locking as production. One file per run, so
    # two test runs in one checkout do not share a database; it is removed when the run ends.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", not DEBUG and not env_bool("NAERVAER_DEMO", False)
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# In production Nærvær is served over HTTPS only: set HTTPS=true (and, behind a proxy that
# terminates TLS, BEHIND_PROXY=true). Then `naervaer check --deploy` has nothing to say.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Rate limits (problem reports) count per client, not per proxy.
    RATELIMIT_IP_META_KEY = "naervaer.clientip.client_ip"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Copenhagen"
# Danish conventions (dd.mm.yyyy, decimal comma, thousands dot) come from Django's "da" formats.
FORMAT_MODULE_PATH = ["naervaer.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

# The demo writes each e-mail as a file under var/mail/ (listed on "Sent e-mails" as well).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if env_bool("NAERVAER_DEMO", False)
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "naervaer@localhost")

# The address users reach Nærvær on, for links in e-mails and calendar feeds.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Without BASE_URL, pages that show an address to copy use the address the browser used.
BASE_URL_CONFIGURED = "BASE_URL" in os.environ
# Reminders list steps due within this many days (and everything overdue).
REMIND_WITHIN_DAYS = int(os.environ.get("REMIND_WITHIN_DAYS", "7"))

# Background work (imports, large exports, statistics rebuilds, reminders) runs as tasks of
# Django's Tasks API, kept in our own database and run by ``naervaer worker`` processes (one or
# many, on one or many machines sharing the database). A task whose worker stopped (killed,
# machine lost) is run again by another worker, at most TASK_MAX_ATTEMPTS times, then failed:
# a worker is gone when its process is gone (same machine) or it has not been heard from for
# TASK_LEASE_SECONDS (another machine).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "300"))
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "3"))
# Import limits: a file beyond any of them is refused with a message saying which.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "2000000"))
IMPORT_MAX_INFLATED_BYTES = int(os.environ.get("IMPORT_MAX_INFLATED_BYTES", str(500 * 1024**2)))
IMPORT_MAX_ERRORS = int(os.environ.get("IMPORT_MAX_ERRORS", "1000"))
# Exports of more rows than this are built by a worker and offered for download. An XLSX
# costs about 30 times a CSV's time a row (openpyxl: ~6,000 rows/s; issue 14), so it goes to
# the worker from far fewer rows: 61,000 rows in the request took 23 s.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "100000"))
EXPORT_BACKGROUND_ROWS_XLSX = int(os.environ.get("EXPORT_BACKGROUND_ROWS_XLSX", "10000"))
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))
# Largest upload accepted by the import page (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
