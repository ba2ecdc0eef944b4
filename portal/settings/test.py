"""Test runs: fast hashing, in-memory e-mail, tasks run immediately, unique index prefix."""

import os
import uuid

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ELASTICSEARCH_INDEX_PREFIX = os.environ.get(
    "ELASTICSEARCH_INDEX_PREFIX", f"test-{uuid.uuid4().hex[:8]}-"
)
# Tests decide per test whether Elasticsearch is in play (see tests/conftest.py).
ELASTICSEARCH_URL = None
ELASTICSEARCH_TIMEOUT = 5.0
# One test process: local memory (tests clear it); the file cache of the embedded default is
# exercised by tests that start real processes (tests/portal/test_shared_cache.py).
# With CACHE_URL (the shared-cache tests on a real Redis) base.py's Redis cache stays.
if not CACHE_URL:  # noqa: F405
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The limiter's own alias (base.py): listing entries must not evict its counters.
        "limits": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-limits",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
# The whole-page cache stays off in a test process unless the test turns it on (or runs on
# the shared Redis): a test reading a page after changing a template setting or a row behind
# no generation bump must see the change.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if CACHE_URL else 0)  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
