"""The portal's one settings module.

Everything that differs between a laptop and production comes from the environment. With nothing set the
portal runs in its *embedded default*: SQLite in ``var/``, Celery tasks in-process, mail to the console and
files in ``var/media``. See the configuration reference in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for the embedded default on a developer's machine; never used with DEBUG=0.
    SECRET_KEY = "django-insecure-embedded-default-do-not-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets a page in the portal's design and the visitor's language (templates/403.html).
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    "core",
    "documents",
    "welfare_portal",
    "themes",
    "plans",
    "consultations",
    "projects",
    "monitoring",
    "accounts",
    "search",
    "pages",
    "demo",
]

MIDDLEWARE = [
    # First: every log line of the request, and its one request line, carry the id it gives (LOGGING below).
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by authenticate() into the lockout page.
    "axes.middleware.AxesMiddleware",
    "core.middleware.reject_nul_in_path",
]

ROOT_URLCONF = "welfare_portal.urls"
WSGI_APPLICATION = "welfare_portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
            "OPTIONS": {
                # A read transaction that turns into a write fails at once with "database is locked" in
                # SQLite's deferred mode; IMMEDIATE + WAL + a busy timeout queue writers instead.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# --- Cache, Celery ----------------------------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to wait for Redis: a Redis that accepts connections but never answers must not hang a request.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT", 3)
# After a Redis call fails, this process leaves Redis alone this long (core/redis_breaker.py).
REDIS_BREAKER_SECONDS = env_int("REDIS_BREAKER_SECONDS", 30)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wp",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}
# This process's own memory: where rate limits and fill-time tokens are counted while Redis is away.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL or None)
# Without a broker, tasks run in-process: the embedded default needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL.startswith(("redis", "rediss")))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = "Europe/Tallinn"
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# A task is acknowledged after it ran, so a worker killed mid-task hands the job to another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000)  # KiB
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
    # Longer than the longest task, or Redis re-delivers a task that is still running.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
# Results are not stored unless a task asks (state lives in the database), so a web request that enqueues never
# waits on the result backend; where one is used, a hung Redis costs seconds, not the default 20 retries.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
# Periodic work for `celery -A welfare_portal beat` (one beat process per deployment).
CELERY_BEAT_SCHEDULE = {
    "send-due-mail": {"task": "consultations.send_due_mail", "schedule": 60.0},
    # Commenters' e-mail addresses are erased this many days after their window closes (or its feedback is
    # published, if sooner).
    "erase-expired-contacts": {"task": "consultations.erase_expired_contacts", "schedule": 60.0 * 60},
    # Uploaded project spreadsheets whose dry run was never confirmed.
    "expire-import-files": {"task": "projects.expire_import_files", "schedule": 60.0 * 60 * 6},
    "announce-windows": {"task": "consultations.announce_windows", "schedule": 60.0 * 5},
    # PDF renders whose worker died and whose task was not redelivered (documents/rendering.py).
    "sweep-documents": {"task": "plans.sweep_documents", "schedule": 30.0},
    # Working copies of published or discarded change sets whose deletion task was lost (plans/changesets.py).
    "delete-spent-working-copies": {"task": "plans.delete_spent_working_copies", "schedule": 60.0 * 60},
    # Housekeeping (accounts/housekeeping.py): expired sessions, spent log-in records, old history rows.
    "prune-sessions": {"task": "welfare_portal.prune_sessions", "schedule": 60.0 * 60},
    "prune-login-records": {"task": "welfare_portal.prune_login_records", "schedule": 60.0 * 60},
    "prune-history": {"task": "welfare_portal.prune_history", "schedule": 60.0 * 60 * 24},
    # The yearly follow-up (monitoring/): indicators whose source is due a fetch; annual clock reminders.
    "fetch-statistics": {"task": "monitoring.fetch_due_statistics", "schedule": 60.0 * 60},
    "clock-reminders": {"task": "monitoring.send_clock_reminders", "schedule": 60.0 * 60},
}
# Statistics sources (monitoring/statistics): how often a bound indicator is fetched again, and the HTTP limits.
STATISTICS_FETCH_INTERVAL_HOURS = env_int("STATISTICS_FETCH_INTERVAL_HOURS", 24 * 7)
STATISTICS_TIMEOUT_SECONDS = env_int("STATISTICS_TIMEOUT_SECONDS", 20)
STATISTICS_RETRIES = env_int("STATISTICS_RETRIES", 3)
# urllib3's backoff factor: the first retry goes at once, the next wait 2x, 4x ... this long; tests set 0.
STATISTICS_RETRY_BACKOFF_MS = env_int("STATISTICS_RETRY_BACKOFF_MS", 1000)
SOTKANET_URL = os.environ.get("SOTKANET_URL", "https://sotkanet.fi/rest/1.1/")
PXWEB_URL = os.environ.get("PXWEB_URL", "https://andmed.stat.ee/api/v1/et/stat/")
# History rows older than this are deleted, except each object's state at that moment and what a plan's public
# changes page compares with (accounts/housekeeping.py). 0 keeps every version.
HISTORY_RETENTION_DAYS = env_int("HISTORY_RETENTION_DAYS", 730)
# A render's claim on its document, and the render task's hard time limit (renders take 0.2-2 s): a render whose
# worker died is taken over at the latest this long (plus one sweep) after it started.
PDF_RENDER_LEASE_SECONDS = env_int("PDF_RENDER_LEASE_SECONDS", 60)
CONSULTATION_CONTACT_RETENTION_DAYS = env_int("CONSULTATION_CONTACT_RETENTION_DAYS", 30)
# The public forms' abuse controls (consultations/abuse.py): rates as count/period, period s, m, h or d (5/10m).
CONSULTATION_COMMENT_RATE_IP = os.environ.get("CONSULTATION_COMMENT_RATE_IP", "10/h")
CONSULTATION_COMMENT_RATE_EMAIL = os.environ.get("CONSULTATION_COMMENT_RATE_EMAIL", "5/h")
CONSULTATION_SUBSCRIBE_RATE_IP = os.environ.get("CONSULTATION_SUBSCRIBE_RATE_IP", "10/h")
CONSULTATION_SUBSCRIBE_RATE_EMAIL = os.environ.get("CONSULTATION_SUBSCRIBE_RATE_EMAIL", "3/d")
# The staff password reset: requests from one client address, and reset mails to one e-mail address.
PASSWORD_RESET_RATE_IP = os.environ.get("PASSWORD_RESET_RATE_IP", "10/h")
PASSWORD_RESET_RATE_EMAIL = os.environ.get("PASSWORD_RESET_RATE_EMAIL", "3/h")
CONSULTATION_MIN_FILL_SECONDS = float(os.environ.get("CONSULTATION_MIN_FILL_SECONDS", "3"))
CONSULTATION_MAX_BODY_BYTES = env_int("CONSULTATION_MAX_BODY_BYTES", 64 * 1024)
CONSULTATION_MAX_LINKS = env_int("CONSULTATION_MAX_LINKS", 2)
# Words that hold a comment for a moderator even in a post-moderated window (lower case; comma-separated).
CONSULTATION_BLOCKED_WORDS = tuple(
    word.strip().lower()
    for word in os.environ.get(
        "CONSULTATION_BLOCKED_WORDS",
        "viagra,cialis,casino,kasiino,kasino,porn,loan offer,bitcoin,crypto wallet,seo services",
    ).split(",")
    if word.strip()
)
# No retry when publishing: redis-py already replaces a pooled connection that a restarted Redis closed, and
# against a hung Redis each retry only waits another REDIS_TIMEOUT inside a web request.
CELERY_TASK_PUBLISH_RETRY = False

# --- Auth -------------------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it counts failed logins per user name and client address and refuses a locked-out pair
# before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/account/locked_out.html"
AXES_VERBOSE = False
# django-axes' log-in logs (who logged in from which address, and failures) are deleted after this many days by
# beat; 0 keeps them. Failure counts go once their cool-off has ended.
AXES_LOG_RETENTION_DAYS = env_int("AXES_LOG_RETENTION_DAYS", 90)
# Behind one trusted proxy, the client address comes from the header the proxy sets (and only then):
# core/proxy.py, for the comment and subscription limits and for axes alike.
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", False)
AXES_CLIENT_IP_CALLABLE = "core.proxy.client_ip"
# A staff session ends after this many idle seconds (every request renews it) or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Welfare cooperation portal")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

# --- Languages and time -----------------------------------------------------------------------------------

LANGUAGE_CODE = "et"
LANGUAGES = [("et", _("Estonian")), ("en", _("English")), ("fi", _("Finnish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Tallinn"
FORMAT_MODULE_PATH = ["welfare_portal.formats"]

# --- Static files and media -------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The portal's public address, printed (with a QR code) in PDFs, which are rendered away from any request.
# Only the embedded default (DEBUG on) has one; with DEBUG off a system check (core/checks.py) refuses
# to start without it.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:8000" if DEBUG else "").rstrip("/")
# Who runs the portal, shown on the contact page (/<lang>/contact/). An empty name reads "the portal team".
PORTAL_OPERATOR_NAME = os.environ.get("PORTAL_OPERATOR_NAME", "")
PORTAL_OPERATOR_EMAIL = os.environ.get("PORTAL_OPERATOR_EMAIL", "portal@localhost")


def _bootstrap_dir() -> Path:
    # Bootstrap's CSS and JS come from the xstatic-bootstrap package, never from a CDN or a copy in the repo.
    import xstatic.pkg.bootstrap

    return Path(xstatic.pkg.bootstrap.BASE_DIR)


STATICFILES_DIRS.append(("vendor/bootstrap", _bootstrap_dir()))

STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Any S3-compatible object store; django-storages reads AWS_* (endpoint, keys, region) from the environment.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Mail -------------------------------------------------------------------------------------------------

# Who hears of server errors and of accessibility feedback: comma-separated e-mail addresses.
ADMINS = env_list("ADMINS", [])
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Django 6.1's MAILERS replaces EMAIL_BACKEND and the EMAIL_* connection settings; the environment keeps the
# familiar names. EMAIL_HOST means SMTP to that host. Without it, EMAIL_BACKEND names another backend; without
# either, mail goes to the console in the embedded default (DEBUG on) and, with DEBUG off, over SMTP to a relay
# on the same host (localhost:25), never to the console.
_email_host = os.environ.get("EMAIL_HOST", "")
_email_backend = os.environ.get("EMAIL_BACKEND", "")
if _email_host or not (DEBUG or _email_backend):
    _email_host = _email_host or "localhost"
    _local_relay = _email_host in {"localhost", "127.0.0.1", "::1"}
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25 if _local_relay else 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", not _local_relay),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": _email_backend or "django.core.mail.backends.console.EmailBackend"}}

# --- Security ---------------------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: only the portal's own files. Templates hold no inline script or style (theme colours
# come from themes' colours.css); the admin's few inline ones carry the request's nonce ({% csp_nonce_attr %}).
# img-src data: is for Bootstrap's icons, which its stylesheet holds as data: URIs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
# Health probes ask gunicorn directly over http (systemd, compose, load balancers): a redirect to https would fail
# them. The answer carries no cookie and nothing private.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("USE_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Public page cache (core/page_cache.py) ------------------------------------------------------

# Seconds a public page (a view marked @public_page_cache) may be served from the cache; any content change
# empties it at once. 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60)

# --- Third-party apps -------------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
SIMPLE_HISTORY_REVERT_DISABLED = False

# --- Logs and error reports -------------------------------------------------------------------------------

# plain: a readable line per record (development); json: one JSON object per line, for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
# django-log-request-id: each request's id is taken from the proxy's header if one is named here (as Django's
# META key, e.g. HTTP_X_REQUEST_ID) and sent, else made up; it is in every log line and the X-Request-ID header.
LOG_REQUEST_ID_HEADER = os.environ.get("LOG_REQUEST_ID_HEADER") or None
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
NO_REQUEST_ID = "-"
# One line per request (method, path, status, user id, duration), written when the response is ready.
LOG_REQUESTS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "log_request_id.filters.RequestIDFilter"},
        "request_duration": {"()": "core.request_log.RequestDurationFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            # Celery's `data` holds a task's arguments, Django's `request` the query string: neither is logged.
            "reserved_attrs": [*RESERVED_ATTRS, "data", "request"],
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers of "django", whose console handler printed every line a second time
        # beside the root's; errors are still mailed to ADMINS when DEBUG is off.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # The request line says it all once: runserver's own access line and Django's "Not Found" warnings would
        # repeat it. Errors (5xx, with their traceback) are still logged.
        "django.server": {"handlers": ["null"], "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "INFO"},
        "log_request_id.middleware": {"filters": ["request_duration"]},
        # WeasyPrint logs every step of every render at INFO, fontTools every font it subsets.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Celery gives its task loggers a handler of its own unless they have one: the same console, once.
        "celery.task": {"handlers": ["console"], "propagate": False},
    },
}
# The worker logs through LOGGING above instead of replacing the root logger's handler with its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reports (core/error_reporting.py): only with SENTRY_DSN; traces only with a sample rate.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "")
SENTRY_TRACES_SAMPLE_RATE = None
if _traces_sample_rate := os.environ.get("SENTRY_TRACES_SAMPLE_RATE", ""):
    _wrong_rate = ImproperlyConfigured(f"SENTRY_TRACES_SAMPLE_RATE must be from 0 to 1, not {_traces_sample_rate!r}.")
    try:
        SENTRY_TRACES_SAMPLE_RATE = float(_traces_sample_rate)
    except ValueError:
        raise _wrong_rate from None
    if not 0 <= SENTRY_TRACES_SAMPLE_RATE <= 1:
        raise _wrong_rate
if SENTRY_DSN:
    from core.error_reporting import error_reporting_init

    error_reporting_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)
