"""Settings shared by every environment; environment-specific modules import from here."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from portal.env import env_bool, env_float, env_int, env_list, env_str

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
    "open_data",
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
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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

WAGTAIL_SITE_NAME = "Valsts pakalpojumu katalogs"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# The public address of the site (scheme://host[:port], no path): absolute links in exports,
# schema.org blocks and open data never depend on the Host header of a request.
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
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
}
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL and CACHE_URL.startswith("redis://"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }

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
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "portal-dev-")
ELASTICSEARCH_TIMEOUT = env_float("ELASTICSEARCH_TIMEOUT", 1.0)
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)
#: Latvian stemming of the ``lv`` sub-field: "rules", "light" or "hunspell" (search/analysis.py).
SEARCH_LV_STEMMER = env_str("SEARCH_LV_STEMMER", "rules")

# Register sync.
REGISTER_URL = env_str("REGISTER_URL")
REGISTER_TIMEOUT = env_float("REGISTER_TIMEOUT", 30.0)
REGISTER_MAX_BYTES = env_int("REGISTER_MAX_BYTES", 200 * 1024 * 1024)
SYNC_MAX_WITHDRAW_SHARE = env_float("SYNC_MAX_WITHDRAW_SHARE", 0.10)
SYNC_LOCK_TTL = env_int("SYNC_LOCK_TTL", 2 * 3600)  # seconds; a lock past it is taken over
SYNC_FEED_OVERLAP = env_int("SYNC_FEED_OVERLAP", 600)  # seconds re-read against clock skew

LOGIN_URL = "service_requests:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "elastic_transport": {"level": "WARNING"},
    },
}
