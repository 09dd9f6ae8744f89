"""Settings shared by every environment. Production differences come from environment variables."""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_flag("DJANGO_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
    # django-ninja's own templates and static files: the API docs are then served from here,
    # not a CDN, under the content security policy
    "ninja",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "joinedup.govuk",
    "joinedup.audit",
    "joinedup.organisations",
    "joinedup.accounts",
    "joinedup.agreements",
    "joinedup.programme",
    "joinedup.finance",
    "joinedup.governance",
    "joinedup.meetings",
    "joinedup.procurement",
    "joinedup.api",
    "joinedup.demo",
    "joinedup.notices",
    "joinedup.security",
    "joinedup.engagement",
    "joinedup.reports",
    "joinedup.committees",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # the organisation the user acts for now, from the session, checked on every request
    "joinedup.accounts.middleware.ActingForMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # a NUL in the path or query string is a 400 naming where it is, never a database error
    "joinedup.security.middleware.RefuseNulMiddleware",
    # django-axes last: it turns a locked-out sign-in into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"

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
            ],
        },
    },
]
FORM_RENDERER = "joinedup.govuk.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("JOINEDUP_MEDIA_ROOT", PROJECT_DIR / "media"))
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_flag("JOINEDUP_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_CLASS = "joinedup.api.pagination.BoundedLimitOffsetPagination"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JOINEDUP_LOG_LEVEL", "WARNING")},
}
# WhiteNoise serves static files from the finders in the demo; STATIC_ROOT exists only after
# collectstatic in production, so its absence is not worth a warning at every start.
warnings.filterwarnings("ignore", message="No directory at")

# Background work (email, digests, reports) runs on a database-backed task queue:
# django-tasks (the backport of Django's Tasks framework) with its database backend.
# `python manage.py db_worker` runs the queue; `make run` starts one beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Mail (docs/mail-and-accounts.md). With JOINEDUP_EMAIL_HOST set, email goes to that SMTP
# server; without it (`make run`), to the worker's console. Every email is built and queued
# by joinedup/mail.py, and its links are absolute to JOINEDUP_SITE_URL.
JOINEDUP_SITE_URL = os.environ.get("JOINEDUP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_HOST = os.environ.get("JOINEDUP_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("JOINEDUP_EMAIL_PORT", "587" if EMAIL_HOST else "25"))
EMAIL_HOST_USER = os.environ.get("JOINEDUP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JOINEDUP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("JOINEDUP_EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_flag("JOINEDUP_EMAIL_USE_SSL", False)  # TLS from the start, usually 465
EMAIL_TIMEOUT = int(os.environ.get("JOINEDUP_EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "JOINEDUP_EMAIL_FROM",
    os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "joinedup <no-reply@joinedup.example>"),
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds to wait before each further attempt to deliver a message; then it is failed.
JOINEDUP_MAIL_RETRY_DELAYS = [
    int(seconds)
    for seconds in os.environ.get("JOINEDUP_MAIL_RETRY_DELAYS", "60,600,3600").split(",")
    if seconds.strip()
]
# Links in invitations work once, for this many days; password reset links for three days.
JOINEDUP_INVITATION_DAYS = int(os.environ.get("JOINEDUP_INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Security (issue 7; README "Security"). Sign-in is throttled by django-axes: five failures for
# one username from one address lock that pair out for 15 minutes, with a GOV.UK lockout page.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_VERBOSE = False
# Behind a TLS proxy (JOINEDUP_BEHIND_PROXY=1): trust X-Forwarded-Proto, and throttle by the
# address in X-Forwarded-For that the trusted proxy added; otherwise by REMOTE_ADDR only.
AXES_CLIENT_IP_CALLABLE = "joinedup.security.proxy.client_ip"
from joinedup.security.proxy import proxy_settings  # noqa: E402

globals().update(proxy_settings(os.environ))

# Content security policy (django-csp 4): only this site's own scripts, styles, images and
# fonts; the one inline script (GOV.UK Frontend's js-enabled class) carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Uploaded papers: at most this many bytes (20 MB unless JOINEDUP_MAX_UPLOAD_BYTES says).
JOINEDUP_MAX_UPLOAD_BYTES = int(os.environ.get("JOINEDUP_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))

# Optional single sign-on by OpenID Connect (Microsoft Entra ID), only when configured.
from joinedup.security.oidc_settings import oidc_settings  # noqa: E402

globals().update(oidc_settings(os.environ))
if OIDC_ENABLED:  # noqa: F821
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("joinedup.security.oidc.CouncilOIDCBackend")
