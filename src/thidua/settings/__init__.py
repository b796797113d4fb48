"""Base settings, read from the environment through the typed helpers in ``env``.

Development defaults are safe for a laptop demo; ``thidua.settings.production`` tightens them
and requires the secrets to be set.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from thidua.settings.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_mailers,
    env_path,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = env_path("THIDUA_HOME", Path.cwd())
VAR_DIR = env_path("THIDUA_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "thidua.core",
    "thidua.org",
    "thidua.movements",
    "thidua.results",
    "thidua.awards",
    "thidua.documents",
    "thidua.portal",
    "thidua.api",
    "thidua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.ui",
            ],
        },
    }
]

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "thidua.sqlite3")}
# Django's cache (home page counts, list totals): Redis when THIDUA_CACHE_URL is a redis://
# URL (needs the ``redis`` package installed), else the memory of each process.
_CACHE_URL = env_str("THIDUA_CACHE_URL", "")
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
        }
    }
elif _CACHE_URL:
    raise ImproperlyConfigured(
        f"Environment variable THIDUA_CACHE_URL must start with redis://, got {_CACHE_URL!r}."
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "thidua",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Optional read replica (core.db_router): GET requests of these paths and report code inside
# ``read_replica()`` read from it; unset, everything stays on "default".
THIDUA_REPLICA_PATHS = env_list("THIDUA_REPLICA_PATHS", ["/cong-khai/"])
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", VAR_DIR / "replica.sqlite3")
    DATABASE_ROUTERS = ["thidua.core.db_router.ReplicaRouter"]
    MIDDLEWARE = [*MIDDLEWARE, "thidua.core.db_router.ReplicaReadMiddleware"]

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English is the second language of the interface.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
# Uploaded evidence and generated documents live outside the web root and are served only
# through views that check permissions.
PRIVATE_MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", VAR_DIR / "private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Mail (Django 6.1 MAILERS). The demo prints mail on the console; production uses SMTP.
MAILERS = env_mailers("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")

# A strict Content-Security-Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Imports larger than this many data rows run as a background task with a progress bar.
THIDUA_IMPORT_SYNC_MAX_ROWS = env_int("THIDUA_IMPORT_SYNC_MAX_ROWS", 500, minimum=0)
THIDUA_PAGE_SIZE = env_int("THIDUA_PAGE_SIZE", 50, minimum=1)
# Seconds the home page's counts (per scope and day) and the unfiltered total of a list (per
# scope) are kept in the cache; 0 counts on every request. An import forgets them at once.
THIDUA_DASHBOARD_CACHE_SECONDS = env_int("THIDUA_DASHBOARD_CACHE_SECONDS", 300, minimum=0)
THIDUA_COUNT_CACHE_SECONDS = env_int("THIDUA_COUNT_CACHE_SECONDS", 60, minimum=0)
# The absolute base of the public verification URLs printed as QR codes on documents.
THIDUA_PUBLIC_BASE_URL = env_str("THIDUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Evidence files (results.evidence): the largest upload, and the most an office file (a zip)
# may unpack to; a larger one is refused as a possible zip bomb.
THIDUA_EVIDENCE_MAX_BYTES = env_int("THIDUA_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
THIDUA_EVIDENCE_MAX_UNPACKED_BYTES = env_int(
    "THIDUA_EVIDENCE_MAX_UNPACKED_BYTES", 100 * 1024 * 1024, minimum=1
)
# Public disclosure: working days for grassroots awards (state-level awards always get 10),
# and the most public comments one sender may send per hour.
THIDUA_DISCLOSURE_WORKING_DAYS = env_int("THIDUA_DISCLOSURE_WORKING_DAYS", 5, minimum=1)
THIDUA_DISCLOSURE_COMMENTS_PER_HOUR = env_int("THIDUA_DISCLOSURE_COMMENTS_PER_HOUR", 5, minimum=1)
# Reward money is rounded to this step (LEGAL-RULES "Reward money": nearest 1,000 VND, [U]).
THIDUA_MONEY_ROUNDING = env_int("THIDUA_MONEY_ROUNDING", 1000, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"thidua": {"level": env_str("THIDUA_LOG_LEVEL", "INFO")}},
}
