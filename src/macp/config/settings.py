"""Settings come from the environment; the embedded default is a SQLite file under var/.

No secret has a production default: with DEBUG off, SECRET_KEY must be set.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = Path(os.environ.get("MACP_HOME", SRC_DIR.parents[1]))
VAR_DIR = Path(os.environ.get("MACP_VAR_DIR", BASE_DIR / "var"))
BUILD_DIR = BASE_DIR / "build"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The demo setting: demo sign-ins, no two-factor requirement, console email. Never on in production.
DEMO_MODE = env_bool("MACP_DEMO", False)
# DEBUG=1 is for development. The demo (`make run` sets MACP_DEMO=1 DEBUG=1) is what a new user meets, so it wins:
# under MACP_DEMO Django's DEBUG stays off, and a wrong address or a fault shows the production 404/500 pages,
# never a traceback page. The demo's own local conveniences (no SECRET_KEY needed, console email, cookies
# over plain HTTP) are the same as DEBUG's. Tracebacks still go to the console log.
DEBUG = env_bool("DEBUG", False) and not DEMO_MODE

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# `make run` writes a random key to var/secret_key (git-ignored, mode 600), so the demo database works with the
# `macp` command as typed in the README, without MACP_DEMO. A deployment sets SECRET_KEY instead.
SECRET_KEY_FILE = VAR_DIR / "secret_key"
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if DEBUG or DEMO_MODE or env_bool("MACP_TESTING") or env_bool("MACP_OFFLINE_COMMAND"):
        SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG/MACP_DEMO for local use).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "macp.core",
    "macp.accounts",
    "macp.access",
    "macp.intake",
    "macp.identity",
    "macp.people",
    "macp.concerns",
    "macp.referrals",
    "macp.notifications",
    "macp.strategy",
    "macp.chronology",
    "macp.enquiries",
    "macp.tools",
    "macp.escalations",
    "macp.transfers",
    "macp.outofhours",
    "macp.directory",
    "macp.reviews",
    "macp.quality",
    "macp.casework",
    "macp.returns",
    "macp.audits",
    "macp.frameworks",
    "macp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "macp.core.middleware.ApiJsonErrors",
    "macp.core.middleware.PageCSPMiddleware",
    "macp.core.middleware.PermissionsPolicy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "macp.access.middleware.RefuseUnstorableInput",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "macp.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "macp.config.urls"
WSGI_APPLICATION = "macp.config.wsgi.application"
ASGI_APPLICATION = "macp.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "macp.core.jinja2.environment",
            "context_processors": ["macp.referrals.context.mash_waiting"],
        },
    },
    {
        # Django admin only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'macp.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a long demo load writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# OpenID Connect sign-in, switched on by configuring a provider.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("macp.accounts.oidc.MacpOIDCBackend")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_AGENCY_CLAIM = os.environ.get("OIDC_AGENCY_CLAIM", "macp_agency")
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "macp_roles")
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
LOGIN_URL = "/sign-in/"

# django-axes: lock an account after repeated failures, whatever address they come from.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
# By account, not by address: council and NHS offices share one egress address, and locking by address would
# lock out a whole office after one person's mistakes.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "macp.accounts.views.locked_out"
AXES_VERBOSE = False

# API bearer tokens expire after this many days (a new one is made with `macp api-token USERNAME`).
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))

# Rate limits (macp.core.limits): per address wide (offices share one egress address), per account narrow.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None  # e.g. HTTP_X_FORWARDED_FOR behind a proxy
RATE_LIMITS = {
    "sign_in_address": os.environ.get("RATE_LIMIT_SIGN_IN_ADDRESS", "120/m"),
    "sign_in_account": os.environ.get("RATE_LIMIT_SIGN_IN_ACCOUNT", "20/m"),
    "api_bad_token": os.environ.get("RATE_LIMIT_API_BAD_TOKEN", "30/m"),
    "api_token": os.environ.get("RATE_LIMIT_API_TOKEN", "1200/m"),
    "request_for_help": os.environ.get("RATE_LIMIT_REQUEST_FOR_HELP", "30/h"),
    # Agency systems send requests for help in batches through the API.
    "request_for_help_api": os.environ.get("RATE_LIMIT_REQUEST_FOR_HELP_API", "600/h"),
}
# One count for every web worker when Redis is configured; otherwise each process keeps its own.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }

# Idle expiry: every request pushes expiry on, so the age is the idle limit.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or DEMO_MODE))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Outside the demo and development: HTTPS only, remembered by the browser for a year (HSTS), behind a proxy that
# says so in X-Forwarded-Proto. Health checks stay reachable over plain HTTP from the proxy.
PRODUCTION_LIKE = not (DEBUG or DEMO_MODE or env_bool("MACP_TESTING"))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION_LIKE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION_LIKE)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION_LIKE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page needs the camera, microphone, location or payment; say so, for this page and anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Content-Security-Policy in every mode (django-csp): scripts and styles only from this site; the one inline
# script (GOV.UK's js-enabled line) carries a per-request nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF] + [u for u in [os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")] if u],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"

# Two-factor is required for every account unless the demo setting is on.
MACP_REQUIRE_2FA = env_bool("MACP_REQUIRE_2FA", not DEMO_MODE)
OTP_TOTP_ISSUER = "macp"

# Break-glass access lasts this long before it must be asked for again.
BREAK_GLASS_HOURS = int(os.environ.get("BREAK_GLASS_HOURS", "4"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# Uploaded documents: outside the working tree (var/ is git-ignored), or wherever MEDIA_ROOT says; never served
# as static files (documents are read through views that check access).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BUILD_DIR / "static"] if (BUILD_DIR / "static").exists() else []
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or DEMO_MODE)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "macp@localhost")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
# EMAIL_BACKEND=macp.notifications.backends.NotifyEmailBackend sends through GOV.UK Notify.

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.backend.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Periodic work: `macp scheduler` (APScheduler) enqueues each task on its cron, read in Europe/London; the worker runs
# it. Later domains add their own lines here (overdue EDT handovers, escalation stages). docs/deployment.md.
PERIODIC_TASKS = {
    "strategy-reminders": {"task": "macp.strategy.tasks.strategy_reminders", "cron": "5 * * * *"},
    "break-glass-expiry": {"task": "macp.notifications.tasks.break_glass_expiry", "cron": "0 * * * *"},
    "alert-re-evaluation": {"task": "macp.concerns.tasks.reevaluate_alerts", "cron": "30 2 * * *"},
    "escalation-stages-overdue": {"task": "macp.escalations.tasks.prompt_overdue_escalations", "cron": "15 * * * *"},
    # Handovers fall due at 09:00 (Europe/London): checked every five minutes through the working day.
    "handovers-overdue": {"task": "macp.outofhours.tasks.alert_overdue_handovers", "cron": "*/5 * * * *"},
    # The read audit's hash chain (macp audit-verify checks it).
    "audit-seal": {"task": "macp.access.tasks.seal_audit", "cron": "*/10 * * * *"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SERVICE_NAME = "macp"
# The address people reach the service at, for links in email.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Every demo user has this password; shown on the sign-in page only in the demo.
DEMO_PASSWORD = "macp-demo-2026"
