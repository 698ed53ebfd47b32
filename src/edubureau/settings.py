"""Settings, read from ``EDUBUREAU_*`` environment variables.

The embedded default needs nothing set: SQLite (WAL) under ``var/``, a secret key generated there on first
run, and a field-encryption key generated there on first use — but never once the database holds encrypted
values (``core.crypto.field_key_create``; a missing key is then an error, not a new key). Production sets ``EDUBUREAU_DATABASE_URL`` (PostgreSQL),
``EDUBUREAU_SECRET_KEY`` and ``EDUBUREAU_FIELD_KEY``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("EDUBUREAU_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _var_secret(name: str, env: str, make) -> str:
    """A secret from the environment, else one generated once and kept in ``var/``."""
    if os.environ.get(env):
        return os.environ[env]
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _var_secret("secret.key", "EDUBUREAU_SECRET_KEY", lambda: secrets.token_urlsafe(50))
# None until ``var/field.key`` exists: core.crypto generates it only while no value is encrypted, and the
# system check ``edubureau.E001`` stops every command and the server on a missing or wrong key.
FIELD_KEY_FILE = VAR_DIR / "field.key"
FIELD_ENCRYPTION_KEY = os.environ.get("EDUBUREAU_FIELD_KEY") or (
    FIELD_KEY_FILE.read_text().strip() if FIELD_KEY_FILE.exists() else None
)
DEBUG = os.environ.get("EDUBUREAU_DEBUG", "0").lower() in {"1", "true", "yes"}
ALLOWED_HOSTS = [
    h for h in os.environ.get("EDUBUREAU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("EDUBUREAU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "huey.contrib.djhuey",
    "edubureau.core",
    "edubureau.accounts",
    "edubureau.registry",
    "edubureau.planning",
    "edubureau.indicators",
    "edubureau.demo",
    "edubureau.supervision",
    "edubureau.reports",
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
]

ROOT_URLCONF = "edubureau.urls"
WSGI_APPLICATION = "edubureau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "edubureau.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("EDUBUREAU_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'edubureau.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login rate limiting (accounts.services.login_attempt): lock after this many failures in the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("EDUBUREAU_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("EDUBUREAU_LOGIN_LOCK_MINUTES", "15"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = not DEBUG and os.environ.get("EDUBUREAU_HTTPS", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served by whitenoise straight from the apps' static folders (no collectstatic step for
# the embedded default); production may still run collectstatic into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
(VAR_DIR / "static").mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Background tasks: huey on SQLite for the embedded default, Redis when EDUBUREAU_REDIS_URL is set.
# EDUBUREAU_TASKS_IMMEDIATE=1 runs tasks in-process (tests, and `make run` without a worker).
_immediate = os.environ.get("EDUBUREAU_TASKS_IMMEDIATE", "0") == "1"
if os.environ.get("EDUBUREAU_REDIS_URL"):
    HUEY = {"name": "edubureau", "url": os.environ["EDUBUREAU_REDIS_URL"], "immediate": _immediate}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "edubureau",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": _immediate,
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "edubureau API",
    "DESCRIPTION": "区县教育局工作平台 — district education bureau platform",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several code lists share a field name ("status", "kind"); name their enums apart.
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "edubureau.registry.choices.AreaKind",
        "SchoolKindEnum": "edubureau.registry.choices.SchoolKind",
        "VisitKindEnum": "edubureau.supervision.choices.VisitKind",
        "SupervisorKindEnum": "edubureau.supervision.choices.SupervisorKind",
        "EnrollmentStatusEnum": "edubureau.registry.choices.EnrollmentStatus",
        "TeacherStatusEnum": "edubureau.registry.choices.TeacherStatus",
    },
}

EMAIL_BACKEND = os.environ.get("EDUBUREAU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EDUBUREAU_LOG_LEVEL", "WARNING")},
}

# Pin "today" for the work-plan clock (YYYY-MM-DD); the demo runs in mid-2019.
TODAY = os.environ.get("EDUBUREAU_TODAY") or None

# The demo district is synthetic; the UI says so while this is on.
DEMO_BANNER = os.environ.get("EDUBUREAU_DEMO_BANNER", "1") == "1"
