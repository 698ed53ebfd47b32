"""Settings, read from ``EDUBUREAU_*`` environment variables.

The embedded default needs nothing set: SQLite (WAL) under ``var/``, a secret key generated there on first
run, and a field-encryption key generated there on first use — but never once the database holds encrypted
values (``core.crypto.field_key_create``; a missing key is then an error, not a new key). Production sets ``EDUBUREAU_DATABASE_URL`` (PostgreSQL),
``EDUBUREAU_SECRET_KEY`` and ``EDUBUREAU_FIELD_KEY``.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("EDUBUREAU_VAR_DIR", Path.cwd() / "var")).resolve()
if os.environ.get("PYTEST_XDIST_WORKER"):  # parallel test workers: a key file, media and queue each
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]
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
    "axes",
    "csp",
    "edubureau.core",
    "edubureau.accounts",
    "edubureau.registry",
    "edubureau.planning",
    "edubureau.indicators",
    "edubureau.demo",
    "edubureau.supervision",
    "edubureau.staffing",
    "edubureau.collect",
    "edubureau.safety",
    "edubureau.projects",
    "edubureau.evaluation",
    "edubureau.reports",
    "edubureau.home",
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
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the lockout flag the login views leave on the request.
    "axes.middleware.AxesMiddleware",
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
# Process-local caches. ``pages`` keeps the busy pages' county-wide figures (core.pagecache): each key holds
# the data version read from the database on every request, so gunicorn's workers need no shared cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "display_name", "email", "first_name", "last_name"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout: django-axes is the one mechanism for every way in (login page, POST /api/token/, and
# /django-admin/login/, which sends to the login page). Its backend refuses while locked; its database
# handler counts each failure with an atomic UPDATE … SET failures_since_start = failures_since_start + 1.
# accounts.services.login_authenticate serialises the attempts per username and per client address, so a
# burst of parallel guesses gets no more password checks than the limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("EDUBUREAU_LOGIN_FAILURE_LIMIT", "5"))
# The back-off: a lock lasts this long after the last failure, and each try while locked starts it again.
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("EDUBUREAU_LOGIN_LOCK_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# Locked when one username fails LIMIT times (from anywhere), or one client address fails LIMIT times
# (whatever usernames it tries). Unknown usernames count and lock exactly like real ones.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The login views render the lock themselves (Chinese message in the form, JSON on the API).
AXES_LOCKOUT_CALLABLE = "edubureau.accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# Masked in axes' attempt records and logs (the password-change form posts the new password beside the old).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]
# The client address is REMOTE_ADDR; behind reverse proxies set EDUBUREAU_PROXY_COUNT (how many) so that it
# is read from X-Forwarded-For instead — else every client looks like the proxy and shares one lock.
PROXY_COUNT = int(os.environ.get("EDUBUREAU_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "edubureau.accounts.services.client_address"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# EDUBUREAU_HTTPS=1 says the site is served over HTTPS only: cookies go over HTTPS only, plain http is
# redirected, and browsers are told (HSTS) to use nothing but HTTPS for a year. Off — the embedded default
# on http://127.0.0.1 — nothing redirects. Behind a TLS-terminating proxy (EDUBUREAU_PROXY_COUNT ≥ 1) the
# proxy's X-Forwarded-Proto says whether the request came in over HTTPS.
HTTPS = not DEBUG and os.environ.get("EDUBUREAU_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("EDUBUREAU_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from this site only, since every asset is vendored.
# Scripts: static files, or inline with the per-response nonce (request.csp_nonce); no inline handlers.
# Style attributes stay allowed (style-src-attr): progress bars and ECharts tooltips set widths and
# colours inline, and an attribute cannot run script or load anything from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["edubureau.formats"]  # zh_Hans: thousands grouped as 12,345
# The bureau's time zone: days, deadlines and every time shown are in it.
TIME_ZONE = os.environ.get("EDUBUREAU_TIME_ZONE", "Asia/Shanghai")
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
# Registry workbooks are checked against these before any XML is parsed (registry.imports.reader).
REGISTRY_IMPORT_MAX_UNCOMPRESSED = 400 * 1024 * 1024
REGISTRY_IMPORT_MAX_SHARED_STRINGS = 64 * 1024 * 1024
REGISTRY_IMPORT_MAX_RATIO = 100
REGISTRY_IMPORT_MAX_COLUMNS = 500
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
# Work plans: one limit for an uploaded plan file and for pasted text (counted in UTF-8 bytes), also
# applied by `edubureau plan parse`; a 工作要点 is 20-200 kB. Above the second size the import page parses
# in a background task and shows its progress.
PLAN_TEXT_MAX_BYTES = 5 * 1024 * 1024
PLAN_BACKGROUND_PARSE_BYTES = 200 * 1024

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

# Indicator values follow registry changes (indicators.freshness): a county is recomputed once it has been
# quiet this many seconds after a change (at most MAX_WAIT after the first); 0 recomputes on commit.
INDICATORS_RECOMPUTE_DELAY = float(os.environ.get("EDUBUREAU_RECOMPUTE_DELAY", "0" if _immediate else "30"))
INDICATORS_RECOMPUTE_MAX_WAIT = 300

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
        "ProjectKindEnum": "edubureau.projects.choices.ProjectKind",
        "ProjectStageEnum": "edubureau.projects.choices.Stage",
        "FundingSourceEnum": "edubureau.projects.choices.FundingSource",
        "MilestoneKindEnum": "edubureau.projects.choices.MilestoneKind",
        "LevelEnum": "edubureau.registry.choices.Level",
        "HazardCategoryEnum": "edubureau.safety.choices.HazardCategory",
        "HazardLevelEnum": "edubureau.safety.choices.HazardLevel",
        "HazardSourceEnum": "edubureau.safety.choices.HazardSource",
        "HazardStatusEnum": "edubureau.safety.choices.HazardStatus",
        "CentreStatusEnum": "edubureau.safety.choices.CentreStatus",
        "InspectionResultEnum": "edubureau.safety.choices.InspectionResult",
        "RoundStatusEnum": "edubureau.evaluation.choices.RoundStatus",
        "TierEnum": "edubureau.evaluation.choices.Tier",
        "TierMethodEnum": "edubureau.evaluation.choices.TierMethod",
        "CompetitionKindEnum": "edubureau.staffing.choices.CompetitionKind",
        "CompetitionStageEnum": "edubureau.staffing.choices.Stage",
        "RoundNumberEnum": "edubureau.staffing.choices.RoundNumber",
        "OutcomeEnum": "edubureau.staffing.choices.Outcome",
        "TitleGradeEnum": "edubureau.staffing.choices.TitleGrade",
        "FrequencyEnum": "edubureau.collect.choices.Frequency",
        "SubmissionStatusEnum": "edubureau.collect.choices.SubmissionStatus",
    },
}

EMAIL_BACKEND = os.environ.get("EDUBUREAU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# In-app notifications are also e-mailed: "1" always, "0" never, "auto" when a real backend is configured.
EMAIL_NOTIFICATIONS = os.environ.get("EDUBUREAU_EMAIL_NOTIFICATIONS", "auto")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EDUBUREAU_LOG_LEVEL", "WARNING")},
    # huey's run_huey adds its own handler to "huey" only when it has none: without this entry every line
    # of the worker printed twice (its handler, then the root's) beside `make run`'s output.
    "loggers": {
        "huey": {
            "handlers": ["console"],
            "level": os.environ.get("EDUBUREAU_LOG_LEVEL", "WARNING"),
            "propagate": False,
        }
    },
}

# Pin "today" for the one clock (core.clock; YYYY-MM-DD); the time of day still runs. The demo runs in mid-2019.
TODAY = os.environ.get("EDUBUREAU_TODAY") or None

# The demo district is synthetic; the UI says so while this is on.
DEMO_BANNER = os.environ.get("EDUBUREAU_DEMO_BANNER", "1") == "1"

# Filters offer "全部" for no choice, not Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
