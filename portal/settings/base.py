"""Settings shared by every environment. Values a deployment changes come from
the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

from portal.env import database_from_env, env_bool, env_int, env_list, env_networks, env_str
from portal.settings.search import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "home",
    "resources",
    "network",
    "clauses",
    "search",
    "portal.apps.PortalConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, its account forms checking that e-mail addresses are unique.
    "network.users_app.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "axes",
    # Django's task framework (notification e-mails, Wagtail's own tasks) and its
    # database backend, whose worker is `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after Django's own, so that redirects and errors get the headers too.
    "portal.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Visitors' public pages from the shared cache (portal/cache.py): after the
    # authentication and messages, which decide whether an answer may be shared.
    "portal.cache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the outcome of the authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "network.backends.PortalModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-guardian's anonymous user (a row of auth_user): read once, not on every
# permission check a visitor's page makes.
GUARDIAN_ANONYMOUS_USER_CACHE_TTL = env_int("GUARDIAN_ANONYMOUS_USER_CACHE_TTL", 300)

# The admin's sign-in form, its password field labelled in French.
WAGTAILADMIN_USER_LOGIN_FORM = "network.admin_forms.AdminLoginForm"
# Each person changes their e-mail address in /compte/ only, where it is checked (the
# admin's own account page does not offer it).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

LOGIN_URL = "/compte/connexion/"
# Restricted pages and documents send visitors to the portal's own login page.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Page addresses in ASCII (« reseau-… », never « r%C3%A9seau-… »); accented slugs of
# before are redirected (home/migrations/0002_documents_ascii_slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
LOGIN_REDIRECT_URL = "/espace/"
LOGOUT_REDIRECT_URL = "/"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks): the
# client's address, which every limit below counts, is read from that header only when
# the request comes from one of them (portal/core/client_ip.py).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Repeated failed logins (portal/core/login_limits.py), on /compte/connexion/ and
# /admin/login/: a lock-out of LOGIN_LOCKOUT_MINUTES once one of three counts reaches
# its limit: one account from one address, one account from every address, one
# address for every account.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = env_int("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", 20)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 50)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_HANDLER = "portal.core.login_limits.LoginLimitsHandler"
AXES_CLIENT_IP_CALLABLE = "portal.core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

# Password reset requests (/compte/ and the admin), per client address and per e-mail
# address typed, in a window of PASSWORD_RESET_WINDOW_MINUTES; beyond, no e-mail is sent.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

# Content Security Policy (django-csp): no inline script anywhere on the public
# site and the members' area. The Wagtail admin is left out because its editor
# relies on inline styles and scripts that Wagtail does not let us remove.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
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
        "frame-ancestors": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Uploads: one list of allowed types and one size limit for the library's
# documents and for workspace uploads.
ALLOWED_UPLOAD_EXTENSIONS = [
    "pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt", "png", "jpg",
]
UPLOAD_MAX_SIZE = env_int("UPLOAD_MAX_SIZE", 20 * 1024 * 1024)
WAGTAILDOCS_EXTENSIONS = ALLOWED_UPLOAD_EXTENSIONS
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_SIZE
# Documents are served by Django after a permission check, never straight from media.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document uploaded in the admin goes through the shared upload check.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.DocumentForm"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Portail clauses sociales <ne-pas-repondre@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail's moderation e-mails: French templates in HTML too (network/templates/wagtailadmin/),
# from the portal's address, sent through the task framework (network/notifications/).
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Django's task framework (django-tasks): notification e-mails never go out inside the
# request. "database": queued in the database and run by `manage.py db_worker`
# (production's default); "immediate": run at once in the process that enqueues them
# (development and tests, no worker to start).
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_backends(default: str) -> dict:
    """TASKS for the backend named by TASKS_BACKEND (`default` when unset)."""
    name = env_str("TASKS_BACKEND", default)
    if name not in TASKS_BACKENDS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {name!r}."
        )
    return {"default": {"BACKEND": TASKS_BACKENDS[name], "QUEUES": ["default"]}}


TASKS = task_backends("immediate")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "clauses_")
WAGTAILSEARCH_BACKENDS = search_backends(ELASTICSEARCH_URL, ELASTICSEARCH_INDEX_PREFIX)

WAGTAIL_SITE_NAME = "Clauses sociales — portail des réseaux"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]

# Demo accounts' password (seed_demo, outside production only).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "clauses-demo-2026")

# CSV/XLSX imports (hours, forecasts; screens and the import_hours command): a file of
# more data rows, or whose checks take longer, is refused as a whole. The seconds stay
# under gunicorn's default worker timeout (30 s), which would otherwise kill the request.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_SECONDS = env_int("IMPORT_MAX_SECONDS", 25)
# XLSX/CSV exports of the members' lists: a filtered list of more rows is refused with
# a French page asking for narrower filters, so that one download cannot hold a worker
# and its memory for minutes.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 50_000)

# Personal data of beneficiaries: years without activity before anonymisation.
PERSONAL_DATA_RETENTION_YEARS = env_int("PERSONAL_DATA_RETENTION_YEARS", 3)
# Days an invitation of a company referent (its signed link) stays valid.
COMPANY_INVITATION_DAYS = env_int("COMPANY_INVITATION_DAYS", 14)
if COMPANY_INVITATION_DAYS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"COMPANY_INVITATION_DAYS must be at least 1, got {COMPANY_INVITATION_DAYS}."
    )
# A validation of a beneficiary's eligibility holds this many months: a placement that
# starts after its end needs a new validation.
ELIGIBILITY_VALIDITY_MONTHS = env_int("ELIGIBILITY_VALIDITY_MONTHS", 24)
if ELIGIBILITY_VALIDITY_MONTHS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"ELIGIBILITY_VALIDITY_MONTHS must be at least 1, got {ELIGIBILITY_VALIDITY_MONTHS}."
    )

# Shared cache: Redis when REDIS_URL is set (needed with several workers, so that a
# publication refreshes every worker's pages at once), this process's memory otherwise.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portail")}
        if REDIS_URL else
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portail"}
    ),
}
# Sessions read from the shared cache, written through to the database. Only with
# Redis: each worker's local memory would keep a signed-out session alive elsewhere.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Visitors' page cache (portal/cache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_ALIAS = "default"
# A visitor's search results kept until the next content change (search/service.py);
# off to measure the search engine itself (bench/search_latency.py).
SEARCH_RESULTS_CACHE = env_bool("SEARCH_RESULTS_CACHE", True)

# A reverse proxy or CDN in front of the portal is purged on publication
# (wagtail.contrib.frontend_cache): an HTTP PURGE endpoint (Varnish, nginx) or Cloudflare.
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
FRONTEND_CACHE_CLOUDFLARE_TOKEN = env_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN")
FRONTEND_CACHE_CLOUDFLARE_ZONEID = env_str("FRONTEND_CACHE_CLOUDFLARE_ZONEID")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
if FRONTEND_CACHE_CLOUDFLARE_TOKEN:
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": FRONTEND_CACHE_CLOUDFLARE_TOKEN,
        "ZONEID": FRONTEND_CACHE_CLOUDFLARE_ZONEID,
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
