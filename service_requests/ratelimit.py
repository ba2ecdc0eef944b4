"""Submission limits per user and per client address, counted by ``requestkit.ratelimit``.

Limits come from ``settings.SERVICE_REQUESTS_RATE_LIMITS`` (``{"user": (count, seconds),
"ip": (count, seconds)}``). Sign-in throttling is django-axes' job (see docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from requestkit import ratelimit
from requestkit.client_ip import client_ip


def check_submission(request: HttpRequest) -> ratelimit.Decision:
    """Count this submission against the user's and the address's limits."""
    limits = settings.SERVICE_REQUESTS_RATE_LIMITS
    decisions = []
    if request.user.is_authenticated and "user" in limits:
        count, window = limits["user"]
        decisions.append(
            ratelimit.hit("request-user", str(request.user.pk), limit=count, window=window)
        )
    if "ip" in limits:
        count, window = limits["ip"]
        decisions.append(
            ratelimit.hit("request-ip", client_ip(request), limit=count, window=window)
        )
    over = [d for d in decisions if d.limited]
    if over:
        return max(over, key=lambda d: d.retry_after)
    return decisions[-1] if decisions else ratelimit.Decision(limited=False, count=0, retry_after=0)
