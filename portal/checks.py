"""Deployment checks (``manage.py check --deploy``) for what the proxy recipe depends on.

Why: with ``TRUSTED_PROXY_COUNT=0`` behind the TLS proxy every visitor has the proxy's
address, so ten wrong passwords from anyone lock a user out by name and every per-address
limit becomes a site-wide one (issue 18). Nothing at run time can tell a proxy from a
visitor, so the operator is told at deploy time instead.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def trusted_proxy_count_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.DEBUG or settings.TRUSTED_PROXY_COUNT > 0:
        return []
    return [
        Warning(
            "TRUSTED_PROXY_COUNT is 0: behind a proxy every visitor has the proxy's address, so "
            "sign-in lockouts and every per-address limit apply to everyone at once.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
            "X-Forwarded-For (1 for the nginx of deploy/nginx/; docs/security.md).",
            id="portal.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def limits_cache_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if not settings.CACHE_URL or settings.LIMITS_CACHE_URL:
        return []
    return [
        Warning(
            "Rate-limit counters and cache generations share the page cache's Redis, whose "
            "eviction can drop them (a forgotten attacker, stale pages).",
            hint="Set LIMITS_CACHE_URL to a Redis with maxmemory-policy noeviction "
            "(deploy/redis/limits.conf).",
            id="portal.W002",
        )
    ]
