"""One fixed-window rate limiter for sign-ins, request submissions and page feedback.

Built on Django's cache API, so it works with the local-memory, file, database and Redis
caches alike. It counts in the cache alias ``RATELIMIT_CACHE`` (``"limits"``): in development
that is a local-memory cache of its own, so the many listing entries of the default cache
cannot evict a counter (which is how one address once stored 29 feedback answers against a
limit of 10); in production it is the shared Redis, so every process sees the same counts.

Keys are hashed with the secret key: no address is stored in the clear.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches


@dataclass(frozen=True)
class Decision:
    limited: bool
    count: int
    retry_after: int  # seconds until the window ends


def limits_cache() -> BaseCache:
    alias = settings.RATELIMIT_CACHE
    return caches[alias if alias in settings.CACHES else "default"]


def _cache_key(scope: str, key: str, bucket: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{key}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}"


def hit(scope: str, key: str, *, limit: int, window: int) -> Decision:
    """Count one event of ``key`` in ``scope``; limited once more than ``limit`` in the window."""
    now = time.time()
    bucket = int(now // window)
    retry_after = max(1, int((bucket + 1) * window - now))
    cache = limits_cache()
    cache_key = _cache_key(scope, key, bucket)
    # add + incr are atomic on every backend that matters (Redis INCR, locmem's lock); the
    # fallback covers a counter that expired between the two calls.
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:
            cache.set(cache_key, 1, timeout=window + 5)
            count = 1
    return Decision(limited=count > limit, count=count, retry_after=retry_after)
