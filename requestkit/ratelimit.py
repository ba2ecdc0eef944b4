"""One sliding-window rate limiter for sign-ins, request submissions and page feedback.

Built on Django's cache API, so it works with the local-memory, file, database and Redis
caches alike. It counts in the cache alias ``RATELIMIT_CACHE`` (``"limits"``): in development
that is a local-memory cache of its own, so the many listing entries of the default cache
cannot evict a counter (which is how one address once stored 29 feedback answers against a
limit of 10); in production it is the shared Redis, so every process sees the same counts.

Why a sliding window: fixed windows let a sprayer send the whole limit just before a window
boundary and the whole limit again just after it (108 sign-in attempts crossed a 100 / 10 min
limit unrefused). The count here is the two-window estimate Redis, nginx and Cloudflare use:
the events of the current fixed window plus the previous window's share that still lies
inside the last ``window`` seconds (``previous × (1 − elapsed fraction)``). Two counters per
key, one ``INCR`` and one ``GET`` per event, and a burst across a boundary is counted whole.

Keys are hashed with the secret key: no address is stored in the clear.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches


@dataclass(frozen=True)
class Decision:
    limited: bool
    count: int  # the sliding estimate, rounded up
    retry_after: int  # seconds until the estimate falls back under the limit


def limits_cache() -> BaseCache:
    alias = settings.RATELIMIT_CACHE
    return caches[alias if alias in settings.CACHES else "default"]


def _cache_key(scope: str, key: str, bucket: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{key}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}"


def _count_in_bucket(cache: BaseCache, cache_key: str, window: int) -> int:
    # add + incr are atomic on every backend that matters (Redis INCR, locmem's lock); the
    # fallback covers a counter that expired between the two calls. A counter lives two
    # windows: the next window still reads it as its "previous".
    if cache.add(cache_key, 1, timeout=2 * window + 5):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=2 * window + 5)
        return 1


def _retry_after(current: int, previous: int, elapsed: float, limit: int, window: int) -> int:
    """Seconds until one more event would be allowed: ``previous × (1 − f) + current + 1``
    back at or under ``limit``."""
    room = limit - 1
    if current > room:
        # The current window alone leaves no room: wait for it to become the previous one,
        # then for its weight to fall far enough.
        return max(1, math.ceil(window - elapsed + window * (1 - room / current)))
    needed = 1 - (room - current) / previous  # the elapsed fraction that makes room
    return max(1, math.ceil(needed * window - elapsed))


def _estimate(current: int, previous: int, elapsed: float, window: int) -> float:
    return previous * (1 - elapsed / window) + current


def hit(scope: str, key: str, *, limit: int, window: int, now: float | None = None) -> Decision:
    """Count one event of ``key`` in ``scope``; limited once more than ``limit`` fall in the
    last ``window`` seconds (two-window estimate). ``now`` is for tests that cross a boundary."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    elapsed = now - bucket * window
    cache = limits_cache()
    current = _count_in_bucket(cache, _cache_key(scope, key, bucket), window)
    previous = int(cache.get(_cache_key(scope, key, bucket - 1)) or 0)
    estimate = _estimate(current, previous, elapsed, window)
    limited = estimate > limit
    retry = _retry_after(current, previous, elapsed, limit, window) if limited else 0
    return Decision(limited=limited, count=math.ceil(estimate), retry_after=retry)


def first_in_period(scope: str, key: str, *, period: int) -> bool:
    """True the first time ``key`` is seen in ``scope`` within ``period`` seconds (then it is
    remembered for the period); False while it is remembered. One atomic ``add``."""
    return bool(limits_cache().add(_cache_key(scope, key, 0), 1, timeout=period))
