"""Production: every secret from the environment, HTTPS everywhere, no permissive fallbacks."""

from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (comma-separated).")
if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL is required in production (PostgreSQL).")
if not env_str("CACHE_URL"):
    raise ImproperlyConfigured(
        "CACHE_URL is required in production (redis://host:6379/0): several app processes "
        "share rate limits, cache generations, the search breaker and the page cache through it."
    )

# One node may fail without losing the index or search (docs/deployment.md).
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 1)
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
# Collected, hashed, compressed files only (manage.py collectstatic at deploy time).
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# --- Security hardening (docs/security.md) -----------------------------------------------
# Public links (schema.org, exports, e-mails) never say localhost: without PORTAL_BASE_URL
# (or WAGTAILADMIN_BASE_URL) the first allowed host over HTTPS is the public address.
PORTAL_BASE_URL = (
    env_str("PORTAL_BASE_URL")
    or env_str("WAGTAILADMIN_BASE_URL")
    or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
).rstrip("/")
if not PORTAL_BASE_URL.startswith(("https://", "http://")) or "*" in PORTAL_BASE_URL:
    raise ImproperlyConfigured(
        "PORTAL_BASE_URL must be the public https:// address of the site "
        "(ALLOWED_HOSTS starts with a wildcard, so it cannot be derived)."
    )
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", PORTAL_BASE_URL)
