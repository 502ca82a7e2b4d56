"""Settings for the Working Group Portal, read once from the environment.

An optional ``.env`` file at the project root (or the file ENV_FILE names) is read first;
variables already in the environment win over it. The web server, the Celery worker and
beat all import these settings, so they all see the same configuration.

With no configuration at all the portal runs on SQLite under ``var/``, runs
Celery tasks in-process and writes e-mails as files under ``var/mail``.
Every variable is listed in README.md.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import logs
from portal.env import env, envbool, envfloat, envint, envlist, envsecret, read_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
ENV_FILE = read_env_file(BASE_DIR / ".env")
# The project-wide templates/ and static/ sit beside manage.py in a checkout; an installed
# package carries them inside itself, under portal/_project/ (see pyproject.toml).
_PACKAGED = Path(__file__).resolve().parent / "_project"
PROJECT_FILES_DIR = _PACKAGED if _PACKAGED.is_dir() else BASE_DIR
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
# Created up front so a fresh VAR_DIR works for every process (beat keeps its schedule file
# here on PostgreSQL too); if it cannot be created, whatever writes there says so itself.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105
# Off unless asked for: a deployment that forgets DEBUG shows its own error pages, never
# Django's debug page. `make run` and the other Makefile targets, and the tests, turn it on.
DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY", _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off. DEBUG is off unless set: on a "
        "development machine use the make targets, or put DEBUG=true in .env (see "
        ".env.example) for manage.py commands run by hand."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# Where `manage.py serve` (make run) listens; links in e-mails and .ics files follow it
# unless SITE_URL says otherwise (behind a proxy, in production).
HOST = env("HOST", "127.0.0.1")
PORT = envint("PORT", 8000, minimum=1)
if PORT > 65535:
    raise ImproperlyConfigured(f"PORT must be at most 65535, got {PORT}")
_HOST_IN_URL = f"[{HOST}]" if ":" in HOST else HOST
SITE_URL = (env("SITE_URL") or f"http://{_HOST_IN_URL}:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "django_countries",
    "simple_history",
    "axes",
    "csp",
    "django_structlog",
    "portal",
    "portal.documents",
    "portal.notifications",
    "institutions",
    "meetings",
    "workpackages",
    "commsplans",
]

MIDDLEWARE = [
    # First, so its one line per request times everything below it (static files too).
    "django_structlog.middlewares.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry the policies too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.sessions.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_FILES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------
# Without REDIS_URL tasks run in-process, so the embedded default needs no broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Sarajevo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
REMINDER_HOUR = envint("REMINDER_HOUR", 7, minimum=0)
if REMINDER_HOUR > 23:
    raise ImproperlyConfigured("REMINDER_HOUR must be between 0 and 23")
# Beat: the daily reminders at REMINDER_HOUR; event-like rules (invitations, updates) every
# five minutes; the outbox every minute (retries wait out their back-off there).
CELERY_BEAT_SCHEDULE = {
    "notifications-daily-rules": {
        "task": "portal.notifications.tasks.run_daily_rules",
        "schedule": crontab(minute=0, hour=REMINDER_HOUR),
    },
    "notifications-frequent-rules": {
        "task": "portal.notifications.tasks.run_frequent_rules",
        "schedule": crontab(minute="*/5"),
    },
    "notifications-send": {
        "task": "portal.notifications.tasks.send_pending",
        "schedule": crontab(minute="*"),
    },
    "documents-sweep": {
        "task": "portal.documents.tasks.sweep",
        "schedule": crontab(minute="*"),
    },
    "documents-prune-superseded": {
        "task": "portal.documents.tasks.prune_superseded",
        "schedule": crontab(minute=30, hour=3),
    },
}
# Generated documents: one that a newer document of the same request has replaced for this
# many days is deleted with its file; the newest of each request is always kept.
DOCUMENT_RETENTION_DAYS = envint("DOCUMENT_RETENTION_DAYS", 30, minimum=1)
# Rendering one document may take this many seconds (Celery's hard time limit; the soft one
# is 90 % of it). A claim older than this belongs to a worker that died: the sweep (beat,
# every minute) queues the document again, at most DOCUMENT_MAX_ATTEMPTS claims in all, then
# fails it with a reason (Retry allows as many again). The broker redelivers an unacknowledged
# message after the visibility timeout: twice the limit.
DOCUMENT_RENDER_TIME_LIMIT = envint("DOCUMENT_RENDER_TIME_LIMIT", 240, minimum=2)
DOCUMENT_MAX_ATTEMPTS = envint("DOCUMENT_MAX_ATTEMPTS", 3, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * DOCUMENT_RENDER_TIME_LIMIT}
# The outbox: a temporary SMTP error is retried after 1, 2, 4... times the base delay (at
# most the maximum) until the attempts run out; a row left "sending" by a worker that died
# is sent again after the stale minutes.
NOTIFICATION_MAX_ATTEMPTS = envint("NOTIFICATION_MAX_ATTEMPTS", 8, minimum=1)
NOTIFICATION_RETRY_BASE_SECONDS = envint("NOTIFICATION_RETRY_BASE_SECONDS", 60, minimum=1)
NOTIFICATION_RETRY_MAX_SECONDS = envint("NOTIFICATION_RETRY_MAX_SECONDS", 3 * 3600, minimum=1)
NOTIFICATION_STALE_MINUTES = envint("NOTIFICATION_STALE_MINUTES", 10, minimum=1)
# Meetings: reminders so many days before; an invitation or update waits until the meeting
# has not changed for so many minutes, so several quick edits make one e-mail.
try:
    MEETING_REMINDER_DAYS = sorted({int(d) for d in envlist("MEETING_REMINDER_DAYS", "7,1")})
except ValueError:
    raise ImproperlyConfigured(
        "MEETING_REMINDER_DAYS must be whole numbers of days separated by commas, e.g. 7,1"
    ) from None
if any(days < 0 for days in MEETING_REMINDER_DAYS):
    raise ImproperlyConfigured("MEETING_REMINDER_DAYS cannot be negative")
MEETING_UPDATE_QUIET_MINUTES = envint("MEETING_UPDATE_QUIET_MINUTES", 5, minimum=0)


def _days(name: str, default: str) -> list[int]:
    try:
        days = sorted({int(d) for d in envlist(name, default)})
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers of days separated by commas, e.g. {default}"
        ) from None
    if any(d < 0 for d in days):
        raise ImproperlyConfigured(f"{name} cannot be negative")
    return days


# Reporting periods: reminders so many days before the due date, then every so many days
# while overdue (to institutions that have not submitted); the coordinators hear of reports
# more than so many days late. Action items and unanswered recommendations likewise.
REPORTING_REMINDER_DAYS = _days("REPORTING_REMINDER_DAYS", "7,1")
REPORTING_OVERDUE_EVERY_DAYS = envint("REPORTING_OVERDUE_EVERY_DAYS", 7, minimum=1)
REPORTING_ESCALATION_DAYS = envint("REPORTING_ESCALATION_DAYS", 14, minimum=0)
ACTION_ITEM_REMINDER_DAYS = _days("ACTION_ITEM_REMINDER_DAYS", "3")
ACTION_ITEM_OVERDUE_EVERY_DAYS = envint("ACTION_ITEM_OVERDUE_EVERY_DAYS", 7, minimum=1)
RECOMMENDATION_ANSWER_DAYS = envint("RECOMMENDATION_ANSWER_DAYS", 30, minimum=0)
RECOMMENDATION_REMINDER_EVERY_DAYS = envint("RECOMMENDATION_REMINDER_EVERY_DAYS", 14, minimum=1)

# Coordinators only read; where the group allows it they edit their own contact details.
COORDINATOR_EDITS_OWN_CONTACT = envbool("COORDINATOR_EDITS_OWN_CONTACT", False)

# --- Auth -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login attempts are limited per username and address, and per address across usernames
# (django-axes, with the handler in portal/login_limits.py that gives each its own limit).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
if LOGIN_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_ADDRESS_FAILURE_LIMIT must be at least LOGIN_FAILURE_LIMIT "
        f"({LOGIN_ADDRESS_FAILURE_LIMIT} < {AXES_FAILURE_LIMIT})."
    )
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_HANDLER = "portal.login_limits.LoginLimitHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0, minimum=0)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("bs", _("Bosnian"))]
# One catalogue per app (makemessages files each string under the app it comes from);
# the project-wide templates/ go to the first, portal's.
LOCALE_PATHS = [
    BASE_DIR / app / "locale"
    for app in ("portal", "institutions", "meetings", "workpackages", "commsplans")
]
TIME_ZONE = "Europe/Sarajevo"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_FILES_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Where `manage.py backup` writes its archives (see README, "Backups").
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
MEDIA_URL = "/media/"  # never served directly: files go through permission-checked views

AWS_STORAGE_BUCKET_NAME = env("S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    # The S3 client is an optional extra; without S3_BUCKET it is never imported.
    if not all(importlib.util.find_spec(m) for m in ("storages", "boto3")):
        raise ImproperlyConfigured(
            "S3_BUCKET is set but the S3 client is not installed: "
            "pip install 'working-group-portal[s3]' (or unset S3_BUCKET)."
        )
    AWS_S3_ENDPOINT_URL = env("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("S3_REGION") or None
    AWS_ACCESS_KEY_ID = envsecret("S3_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = envsecret("S3_SECRET_ACCESS_KEY")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Bounded requests: a form post carries at most so many fields (a plan section of 100 rows
# needs about 1,500), so many files and so many bytes outside its files; uploads larger than
# the last spill to a temporary file instead of memory. Anything bigger answers 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 2000, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FILES = envint("DATA_UPLOAD_MAX_NUMBER_FILES", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=0)

# Attachments on meetings: size in megabytes and allowed extensions.
ATTACHMENT_MAX_MB = envint("ATTACHMENT_MAX_MB", 20, minimum=1)
# Days after a reporting period's due date during which institutions may still report (late).
PROGRESS_GRACE_DAYS = envint("PROGRESS_GRACE_DAYS", 14, minimum=0)
ATTACHMENT_EXTENSIONS = envlist(
    "ATTACHMENT_EXTENSIONS", "pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,txt,csv,png,jpg,jpeg"
)

# --- E-mail -----------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Working Group Portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Security ---------------------------------------------------------------
# HTTPS: the portal is served over TLS (directly or behind a proxy): redirect plain
# HTTP, send HSTS and keep cookies to HTTPS. On by default when DEBUG is off.
HTTPS = envbool("HTTPS", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if envbool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Sessions end after this many minutes without a request (portal/sessions.py), and on
# a password change (Django's session auth hash).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 8 * 60, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# Content-Security-Policy (django-csp 4): only the portal's own scripts, styles, fonts
# and images (plus the data: SVGs Bootstrap's CSS draws its icons with); no inline script
# or style, no plugins, no framing, forms post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# Permissions-Policy: the portal uses none of these browser features, so no page may.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS")

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logs and errors --------------------------------------------------------
# JSON lines in production (one object per line, for the log search), text in development.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in logs.FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOG_LEVEL = env("LOG_LEVEL", "INFO").strip().upper()
LOGGING = logs.logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
logs.configure_structlog()
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# request_finished carries everything; request_started only at DEBUG.
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG
DJANGO_STRUCTLOG_CELERY_TASK_START_LOG_LEVEL = logging.DEBUG

# Errors go to Sentry when SENTRY_DSN is set; without it sentry_sdk is not even imported.
SENTRY_DSN = envsecret("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT") or None,
        release=env("SENTRY_RELEASE") or None,
        traces_sample_rate=envfloat("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0),
    )

# --- Health -----------------------------------------------------------------
# /healthz answers 503 when the worker's last heartbeat, the oldest due e-mail or the oldest
# queued document is older than these. Workers record a heartbeat every so many seconds.
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 30, minimum=1)
HEALTH_WORKER_HEARTBEAT_MAX_SECONDS = envint("HEALTH_WORKER_HEARTBEAT_MAX_SECONDS", 180, minimum=1)
HEALTH_MAIL_MAX_AGE_MINUTES = envint("HEALTH_MAIL_MAX_AGE_MINUTES", 30, minimum=1)
HEALTH_DOCUMENT_MAX_AGE_MINUTES = envint("HEALTH_DOCUMENT_MAX_AGE_MINUTES", 30, minimum=1)
