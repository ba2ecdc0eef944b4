"""Settings shared by every environment; environment-specific modules import from here."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_float, env_int, env_list, env_str
from requestkit.csp import public_directives

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Domain apps first so their templates and translations win.
    "catalogue_pages",
    "service_requests",
    "search",
    "sync",
    "improvement",
    "open_data",
    "alerts",
    "themes",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "portal.request_id.RequestIdMiddleware",
    "portal.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "portal.site_cache.SiteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "requestkit.form_charset.FormCharsetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "requestkit.api_methods.ApiMethodsMiddleware",  # before CSRF: /api/ writes get a JSON 405
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "catalogue_pages.admin_language.AdminLanguageMiddleware",  # before the refusals below
    "catalogue_pages.admin_refusals.RegisterPageRefusalMiddleware",
    "catalogue_pages.approval_outcome.ApprovalOutcomeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "requestkit.db_errors.NulBytePathMiddleware",
    "requestkit.db_errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "default" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "themes.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A connection that died (database restart) is replaced before the next request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked" under concurrent submissions.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Latvian is the default and the source language of editorial content.
LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", "Latviešu"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Account → Language: Wagtail's own list has no Latvian (its lv catalogue is partial; the
# project's catalogue fills the editors' screens: catalogue_pages/admin_messages.py).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "themes" / "default" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Request attachments are private: never under MEDIA_ROOT, served only through a view.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
# Files go through Django's storage API, so object storage plugs in by naming its backend
# (for example storages.backends.s3.S3Storage) in MEDIA_STORAGE / PRIVATE_STORAGE.
# Static files: whitenoise serves them; production uses its compressed manifest storage.
STORAGES = {
    "default": {"BACKEND": env_str("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "private": {"BACKEND": env_str("PRIVATE_STORAGE", "portal.storage.PrivateFileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 3600)
# Without collectstatic (dev, tests) whitenoise finds files where the apps keep them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", True)

WAGTAIL_SITE_NAME = "Valsts pakalpojumu katalogs"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# The public address of the site (scheme://host[:port], no path): absolute links in exports,
# schema.org blocks, open data and e-mail links (portal/public_urls.py) never depend on the
# Host header of a request. Production derives it from ALLOWED_HOSTS when unset.
PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL", WAGTAILADMIN_BASE_URL) or "").rstrip("/")

# Open data (docs/open-data.md): the licence of the dump, who publishes it, where the dump
# files are kept, and how often a request looks for changes that sent no signal.
OPEN_DATA_LICENSE = env_str(
    "OPEN_DATA_LICENSE", "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
)
OPEN_DATA_LICENSE_NAME = env_str(
    "OPEN_DATA_LICENSE_NAME", "Creative Commons Attribution 4.0 (CC BY 4.0)"
)
OPEN_DATA_PUBLISHER_NAME = env_str("OPEN_DATA_PUBLISHER_NAME", "Valsts pakalpojumu katalogs")
OPEN_DATA_PUBLISHER_URL = env_str("OPEN_DATA_PUBLISHER_URL", "")
OPEN_DATA_ROOT = Path(env_str("OPEN_DATA_ROOT", str(BASE_DIR / "var" / "open-data")))
OPEN_DATA_RECHECK_SECONDS = env_int("OPEN_DATA_RECHECK_SECONDS", 60)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Approving the review task publishes (reviewers hold no direct publish right: workflow.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "catalogue_pages.workflow_actions.publish_approved"
# An edit (or autosave) during review needs approving again: what goes live was reviewed.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

# The embedded default is a file cache: every process of the machine (runserver, a sync from
# the command line, db_worker) shares it, so a CLI sync's invalidation (a new cache generation)
# reaches the web process at once. Local memory would be per process. Production: Redis.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
    }
}
# A shared cache (Redis) is what several app processes agree through: rate limits, the
# listing cache generation, the search circuit breaker, cached fragments and whole pages.
# Production requires it (production.py); the embedded default is the file cache above.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a redis:// or rediss:// URL, not {CACHE_URL!r}."
        )
    CACHES["default"] = {
        "BACKEND": "requestkit.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
    }
# Sessions: database-backed, read through the cache only when that cache is shared (a
# per-process cache in front of sessions would serve another worker's stale copy).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)
# Whole-page cache for anonymous visitors (portal/page_cache.py); seconds, 0 switches it off
# (e.g. while editing templates). On in the embedded default too: the file cache is shared by
# every process of the machine, and the cache generation every publish and sync bumps lives
# there as well, so no process serves a page older than the last change.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The shared HTTP cache in front of the web tier (Varnish, deploy/varnish/; a CDN works too).
# Anonymous public pages say ``Cache-Control: public, s-maxage=N`` (portal/page_cache.py);
# publishing, a sync change and a withdrawal PURGE the addresses they change
# (catalogue_pages/purge.py) at each of FRONTEND_CACHE_PURGE_URLS, e.g.
# ``http://127.0.0.1:6081`` (comma-separated: one per Varnish). Optional: without it nothing
# is purged, so shared caches may keep a page only a minute; with it, an hour.
FRONTEND_CACHE_PURGE_URLS = env_list("FRONTEND_CACHE_PURGE_URLS", [])
for _purge_url in FRONTEND_CACHE_PURGE_URLS:
    _parts = urlsplit(_purge_url)
    if (
        _parts.scheme not in ("http", "https")
        or not _parts.hostname
        or _parts.path not in ("", "/")
    ):
        raise ImproperlyConfigured(
            "FRONTEND_CACHE_PURGE_URLS holds http(s)://host:port addresses of the caches to "
            f"purge (no path), not {_purge_url!r}."
        )
# Seconds a PURGE may take before the cache counts as unreachable (the rest of that batch is
# then skipped, logged and counted: a cache that is down never holds up a publish or a sync).
FRONTEND_CACHE_TIMEOUT = env_float("FRONTEND_CACHE_TIMEOUT", 2.0)
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 3600 if FRONTEND_CACHE_PURGE_URLS else 60)
WAGTAILFRONTENDCACHE = {
    f"cache-{index}": {
        "BACKEND": "requestkit.frontend_purge.TimedHTTPBackend",
        "LOCATION": location,
        "TIMEOUT": FRONTEND_CACHE_TIMEOUT,
    }
    for index, location in enumerate(FRONTEND_CACHE_PURGE_URLS)
}
# Wagtail would rewrite /lv/ to /en/ in each purged address; translated slugs differ, so the
# purge names every language's own address itself.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []
# Elasticsearch answers kept in the shared cache until the next index write
# (search/result_cache.py); seconds, 0 switches it off. Never per process: another process's
# writes would not retire them.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60 if CACHE_URL else 0)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pakalpojumi@portal.example")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Search: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the database fallback.
# ELASTICSEARCH_URL may list several nodes, comma-separated; the client spreads requests over
# them and retries on another node when one is down (search/indexing.py).
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "portal-dev-")
ELASTICSEARCH_TIMEOUT = env_float("ELASTICSEARCH_TIMEOUT", 1.0)
# Credentials: an API key, or basic auth; a CA certificate file for https:// nodes.
ELASTICSEARCH_API_KEY = env_str("ELASTICSEARCH_API_KEY")
ELASTICSEARCH_USERNAME = env_str("ELASTICSEARCH_USERNAME")
ELASTICSEARCH_PASSWORD = env_str("ELASTICSEARCH_PASSWORD")
ELASTICSEARCH_CA_CERTS = env_str("ELASTICSEARCH_CA_CERTS")
# Index layout: one shard fits ~10k small documents; replicas 0 on a single dev node,
# 1 in production (production.py), so losing one node loses no data and no search.
ELASTICSEARCH_SHARDS = env_int("ELASTICSEARCH_SHARDS", 1)
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)
#: Latvian stemming of the ``lv`` sub-field: "rules", "light" or "hunspell" (search/analysis.py).
SEARCH_LV_STEMMER = env_str("SEARCH_LV_STEMMER", "rules")

# Register sync.
REGISTER_URL = env_str("REGISTER_URL")
REGISTER_TIMEOUT = env_float("REGISTER_TIMEOUT", 30.0)
REGISTER_MAX_BYTES = env_int("REGISTER_MAX_BYTES", 200 * 1024 * 1024)
SYNC_MAX_WITHDRAW_SHARE = env_float("SYNC_MAX_WITHDRAW_SHARE", 0.10)
#: Services mapped, diffed and written per batch (sync/runner.py): the first sync's memory is
#: one batch, not the register. Larger batches mean fewer publication passes.
SYNC_BATCH_SIZE = env_int("SYNC_BATCH_SIZE", 1000)

# E-mail alerts (docs/alerts.md): subscriptions per address, confirmations per client per hour
# and per address per day, days an unconfirmed subscription is kept.
ALERTS_MAX_PER_ADDRESS = env_int("ALERTS_MAX_PER_ADDRESS", 20)
ALERTS_CLIENT_LIMIT = env_int("ALERTS_CLIENT_LIMIT", 10)
ALERTS_EMAIL_LIMIT = env_int("ALERTS_EMAIL_LIMIT", 5)
ALERTS_UNCONFIRMED_DAYS = env_int("ALERTS_UNCONFIRMED_DAYS", 7)
# Total time for all fetching in one run (a trickling register is cut off), and the lock's
# staleness window / heartbeat (a killed run blocks the next one for minutes, not hours).
REGISTER_FETCH_DEADLINE = env_float("REGISTER_FETCH_DEADLINE", 900.0)
SYNC_LOCK_STALE_SECONDS = env_float("SYNC_LOCK_STALE_SECONDS", 120.0)
SYNC_LOCK_HEARTBEAT_SECONDS = env_float("SYNC_LOCK_HEARTBEAT_SECONDS", 20.0)
SYNC_FEED_OVERLAP = env_int("SYNC_FEED_OVERLAP", 600)  # seconds re-read against clock skew

# Continuous improvement (docs/improvement.md).
IMPROVEMENT_STALE_MONTHS = env_int("IMPROVEMENT_STALE_MONTHS", 18)
LINK_CHECK_CONCURRENCY = env_int("LINK_CHECK_CONCURRENCY", 4)
LINK_CHECK_HOST_INTERVAL = env_float("LINK_CHECK_HOST_INTERVAL", 1.0)
LINK_CHECK_TIMEOUT = env_float("LINK_CHECK_TIMEOUT", 10.0)
LINK_CHECK_MAX_AGE_HOURS = env_float("LINK_CHECK_MAX_AGE_HOURS", 144.0)
LINK_CHECK_BATCH = env_int("LINK_CHECK_BATCH", 5000)
LINK_CHECK_ALLOW_PRIVATE = env_bool("LINK_CHECK_ALLOW_PRIVATE", False)

LOGIN_URL = "service_requests:login"

# Logs: text lines for people, JSON lines (LOG_FORMAT=json, the production default) for a
# log collector. Every record carries the request id (portal/request_id.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# Operations: /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>"; /readyz
# reports not ready when the last successful sync is older than READY_MAX_SYNC_AGE_HOURS
# (0: not checked) or more than READY_MAX_TASK_BACKLOG tasks wait.
METRICS_TOKEN = env_str("METRICS_TOKEN")
READY_MAX_SYNC_AGE_HOURS = env_float("READY_MAX_SYNC_AGE_HOURS", 0)
READY_MAX_TASK_BACKLOG = env_int("READY_MAX_TASK_BACKLOG", 1000)
# --- Security hardening (docs/security.md) -----------------------------------------------
# Kept in one block so it merges cleanly with the production-topology settings above.

# Signing in without ``next`` lands on the user's requests, not Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "service_requests:mine"

# Client address behind proxies: how many trusted proxies (TLS terminator, load balancer)
# append to X-Forwarded-For in front of the app. 0 (default): the header is never trusted.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# One limiter (requestkit.ratelimit) for submissions and feedback; its counters live in a cache
# alias of their own so listing entries cannot evict them. With a shared cache (Redis) the
# alias points at it, so every process counts together.
RATELIMIT_CACHE = "limits"
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-limits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
else:
    CACHES["limits"] = dict(CACHES["default"])
# Rate-limit counters and the cache generations must never be evicted: a dropped counter
# forgets an attacker, a dropped generation brings back stale pages. Production points this
# at a Redis instance of its own with maxmemory-policy noeviction (deploy/redis/); the page
# cache's Redis (CACHE_URL) evicts least-recently-used entries instead.
LIMITS_CACHE_URL = env_str("LIMITS_CACHE_URL")
if LIMITS_CACHE_URL:
    if not LIMITS_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"LIMITS_CACHE_URL must be a redis:// or rediss:// URL, not {LIMITS_CACHE_URL!r}."
        )
    CACHES["limits"] = {
        "BACKEND": "requestkit.cache.ResilientRedisCache",
        "LOCATION": LIMITS_CACHE_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
    }

# Sign-in throttling for every login form (Wagtail admin and requests) with django-axes.
# Lockouts are per address + username (a stranger cannot lock a user out by name alone) and
# stored in the database, which every process shares.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes requires
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # first: also loads users, which force_login relies on
    "portal.auth_backends.AddressCeilingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Attempts per address across all usernames (password spraying), counted by requestkit.ratelimit.
LOGIN_ADDRESS_LIMIT = (env_int("LOGIN_ADDRESS_LIMIT", 100), 600)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "requestkit.client_ip.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "requestkit.lockout.lockout_response"
AXES_VERBOSE = False
WAGTAILADMIN_USER_LOGIN_FORM = "portal.auth_forms.AdminLoginForm"
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# Content-Security-Policy and Permissions-Policy on every response (portal/csp.py); the
# Wagtail admin gets its own looser policy. CSP_REPORT_ONLY=1 only reports violations.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(1, "portal.csp_middleware.PortalCSPMiddleware")
# (not named CSP_REPORT_ONLY: that is an outdated django-csp setting its check refuses)
PORTAL_CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
_CSP = {"DIRECTIVES": public_directives(BASE_DIR)}
CONTENT_SECURITY_POLICY = None if PORTAL_CSP_REPORT_ONLY else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if PORTAL_CSP_REPORT_ONLY else None
# No avatars from gravatar.com: a third-party request from the admin (privacy) the CSP refuses.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Optional virus scanning of attachments (service_requests/virus_scan.py): off unless set,
# e.g. CLAMD_ADDRESS=unix:///run/clamav/clamd.ctl or tcp://127.0.0.1:3310.
CLAMD_ADDRESS = env_str("CLAMD_ADDRESS", "")
CLAMD_TIMEOUT = env_float("CLAMD_TIMEOUT", 30.0)

# --- Deployment hardening (issue 18; docs/deployment.md, docs/security.md) -------------------
# Request bodies (requestkit/body_limits.py): the first matching path pattern sets the limit,
# else REQUEST_BODY_MAX_BYTES. deploy/nginx/ repeats these in client_max_body_size.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 1024 * 1024)
REQUEST_BODY_LIMITS = [
    # The request form and its messages carry up to 3 attachments of 10 MB each.
    (r"^/[a-z]{2}/requests/(new|r)/", env_int("REQUEST_UPLOAD_MAX_BYTES", 32 * 1024 * 1024)),
    # Editors upload images and documents in the admin.
    (r"^/admin/", env_int("ADMIN_UPLOAD_MAX_BYTES", 64 * 1024 * 1024)),
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("portal.metrics.MetricsMiddleware") + 1,
    "requestkit.body_limits.BodyLimitMiddleware",
)
# The project's deployment checks (portal/checks.py, run by `check --deploy`).
INSTALLED_APPS += ["portal"]
# Plain-HTTP probes from the local health checker are never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Signed-in sessions (requestkit/session_limits.py): idle and absolute bounds, in seconds.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "requestkit.session_limits.SessionLimitsMiddleware",
)
# Service requests (docs/requests.md): the size cap of one attachment, the submission limits
# per user and per client address (count, window in seconds; a scope left out is not limited)
# and the days after which an open request counts as overdue (inbox panel, statistics).
SERVICE_REQUESTS_MAX_ATTACHMENT_BYTES = env_int(
    "SERVICE_REQUESTS_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024
)
SERVICE_REQUESTS_RATE_LIMITS: dict[str, tuple[int, int]] = {"user": (20, 600), "ip": (60, 600)}
SERVICE_REQUEST_OVERDUE_DAYS = env_int("SERVICE_REQUEST_OVERDUE_DAYS", 10)
# create_demo_accounts refuses to run when false (and always under the production settings).
SERVICE_REQUESTS_ALLOW_DEMO = env_bool("SERVICE_REQUESTS_ALLOW_DEMO", True)
