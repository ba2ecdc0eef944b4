"""Cache-based fixed-window rate limits for submissions, per user and per client IP.

Limits come from ``settings.SERVICE_REQUESTS_RATE_LIMITS`` (``{"user": (count, seconds),
"ip": (count, seconds)}``). With the local-memory cache each process counts on its own; use a
shared cache (Redis, CACHE_URL) in production so limits hold across workers.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMITS = {"user": (20, 600), "ip": (60, 600), "login": (10, 600)}


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR only: forwarded headers are trivially forged unless a proxy rewrites them."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _hit(key: str, limit: int, window: int) -> bool:
    bucket = int(time.time() // window)
    cache_key = f"sr-rl:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:
            cache.set(cache_key, 1, timeout=window + 5)
            count = 1
    return count > limit


def is_limited(request: HttpRequest) -> bool:
    """Count this submission; True when the user or the IP went over its limit."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SERVICE_REQUESTS_RATE_LIMITS", {})}
    over = False
    if request.user.is_authenticated:
        count, window = limits["user"]
        over = _hit(f"user:{request.user.pk}", count, window) or over
    count, window = limits["ip"]
    over = _hit(f"ip:{client_ip(request)}", count, window) or over
    return over


def _login_keys(request: HttpRequest) -> list[str]:
    username = (request.POST.get("username") or "")[:150].strip().lower()
    return [f"login-ip:{client_ip(request)}", f"login-user:{username}"]


def login_blocked(request: HttpRequest) -> bool:
    """True when this IP or this username had too many failed sign-ins in the window."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SERVICE_REQUESTS_RATE_LIMITS", {})}
    count, window = limits["login"]
    bucket = int(time.time() // window)
    return any((cache.get(f"sr-rl:{key}:{bucket}") or 0) >= count for key in _login_keys(request))


def count_failed_login(request: HttpRequest) -> None:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SERVICE_REQUESTS_RATE_LIMITS", {})}
    count, window = limits["login"]
    for key in _login_keys(request):
        _hit(key, count, window)
