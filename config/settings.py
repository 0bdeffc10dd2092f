"""One settings module for every environment; every knob comes from an environment variable.

Development defaults are safe and need nothing installed: an embedded PostgreSQL when
DATABASE_URL is unset, eager Celery and a local-memory cache when REDIS_URL is unset, the console
email backend. Production (DEBUG off) refuses to start without a real SECRET_KEY and FIELD_ENCRYPTION_KEY.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
TEST_DATABASE_NAME = env("TEST_DATABASE_NAME", "test_growiyo")
TESTING = env_bool("TESTING", "pytest" in os.path.basename(sys.argv[0]))

_DEV_SECRET = "dev-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Fernet key(s) for secrets at rest (API keys of providers, Sendy keys). Comma-separated: the first
# encrypts, all decrypt, so keys can be rotated. Development derives one from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", "")
if not FIELD_ENCRYPTION_KEYS and not DEBUG:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DEBUG is off.")

# Tenants live on <slug>.localhost in development, <slug>.<AGENTS_DOMAIN> in production.
AGENTS_DOMAIN = env("AGENTS_DOMAIN", "localhost")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"localhost,.localhost,127.0.0.1,testserver,.{AGENTS_DOMAIN}")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://localhost:8000,http://*.localhost:8000")

SHARED_APPS = [
    "django_tenants",
    "accounts",
    "features",
    "llm",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "anymail",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "shop",
    "chatbot",
    "assistant",
    "booking",
    "emailing",
    "addons",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "accounts.Account"
TENANT_DOMAIN_MODEL = "accounts.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New accounts are cloned from this migrated template schema (seconds instead of a full migrate).
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True

MIDDLEWARE = [
    "accounts.middleware.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.dashboard",
                "llm.context_processors.token_usage",
            ],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if not DATABASE_URL:
    from config.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(BASE_DIR)

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "0")))}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Parallel test runs (several developers on one server) pick their own test database name.
DATABASES["default"]["TEST"] = {"NAME": TEST_DATABASE_NAME}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery --------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
# Prefix of every Redis key, channel and queue we own, so parallel test runs never meet.
REDIS_KEY_PREFIX = env("REDIS_KEY_PREFIX", f"t-{TEST_DATABASE_NAME}" if TESTING else "growiyo")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            # Every key carries the tenant schema (django-tenants' key function): no cross-tenant hits.
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Tests run tasks eagerly unless the test is about the worker (it starts a real one).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", REDIS_KEY_PREFIX)
CELERY_TIMEZONE = "Europe/Ljubljana"
CELERY_BEAT_SCHEDULE: dict = {
    # Nightly incremental analytics rollup (yesterday + today) in every tenant with the assistant
    # (the shape config.celery.every_tenant returns: the platform's per-tenant fan-out).
    "assistant-analytics-rollup": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(hour=0, minute=30),
        "args": ("assistant.analytics_rollup_recent", [], {}, ["assistant", "core"]),
    },
    # Booking: day-before reminders (sent from 09:00 shop time) and external calendar import.
    "booking-reminders": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(minute="*/15"),
        "args": ("booking.reminders_send", [], {}, ["booking", "core"]),
    },
    "booking-calendar-sync": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(minute="*/30"),
        "args": ("booking.calendar_sync", [], {}, ["booking", "core"]),
    },
    # Chatbot: purge transcripts past each account's retention period (GDPR).
    "chatbot-retention": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(hour=3, minute=10),
        "args": ("chatbot.retention_purge", [], {}, ["chatbot", "core"]),
    },
    # Email: subscribe booking customers who gave marketing consent (last 25 h) to the Sendy list.
    "email-subscribers-pull": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(hour=3, minute=40),
        "args": ("emailing.tasks.subscribers_pull", [], {}, ["email", "core"]),
    },
    # Add-ons: back-in-stock emails (stock went 0 → >0) and scoring new chat leads.
    "addons-stock-alerts": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(minute="*/10"),
        "args": ("addons.stock_alerts_send", [], {}, ["chatbot", "stock_alerts"]),
    },
    "addons-lead-scores": {
        "task": "accounts.tenant_fan_out",
        "schedule": crontab(minute="*/30"),
        "args": ("addons.leads_score_pending", [], {}, ["assistant", "lead_qualifier"]),
    },
}

# --- Auth ------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard-home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# --- I18N ------------------------------------------------------------------------------------
LANGUAGE_CODE = "sl"
LANGUAGES = [("sl", _("Slovenian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Ljubljana"
USE_I18N = True
USE_TZ = True

# --- Static ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["config.api.TenantScopedThrottle"],
    "DEFAULT_THROTTLE_RATES": {"tenant": env("API_THROTTLE_RATE", "600/min")},
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Growiyo Agents API",
    "DESCRIPTION": "Per-tenant REST API. Call it on the account's host with `Authorization: Api-Key <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_URLCONF": "config.urls_tenant",
}

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Growiyo Agents <agents@growiyo.localhost>")
ANYMAIL = {
    key: value
    for key, value in {
        "SENDGRID_API_KEY": env("SENDGRID_API_KEY"),
        "POSTMARK_SERVER_TOKEN": env("POSTMARK_SERVER_TOKEN"),
        "MAILGUN_API_KEY": env("MAILGUN_API_KEY"),
        "MAILGUN_SENDER_DOMAIN": env("MAILGUN_SENDER_DOMAIN"),
        "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET"),
    }.items()
    if value
}

# --- LLM -------------------------------------------------------------------------------------
LLM_MODEL = env("LLM_MODEL", "offline")
LLM_BASE_URL = env("LLM_BASE_URL")
LLM_API_KEY = env("LLM_API_KEY")
LLM_TIMEOUT_SECONDS = float(env("LLM_TIMEOUT_SECONDS", "30"))

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
