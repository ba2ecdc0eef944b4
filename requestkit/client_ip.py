"""The visitor's address, for rate limits and sign-in lockouts.

Why not ``REMOTE_ADDR``: in production a TLS proxy sits in front, so ``REMOTE_ADDR`` is the
proxy and one attacker would exhaust every limit for everyone. Why not simply the
``X-Forwarded-For`` header: a client can send any value in it. Each trusted proxy appends the
address it saw, so with ``TRUSTED_PROXY_COUNT`` proxies the client is the entry that many
places from the right of the chain "X-Forwarded-For + REMOTE_ADDR"; everything further left
is what the client claimed and is ignored. With no proxy (``TRUSTED_PROXY_COUNT=0``, the
default) the header is never read. django-ipware does the parsing and address validation.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


def trusted_proxy_count() -> int:
    return max(0, settings.TRUSTED_PROXY_COUNT)


def client_ip(request: HttpRequest) -> str:
    """The client address as the nearest ``TRUSTED_PROXY_COUNT`` proxies reported it."""
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = trusted_proxy_count()
    forwarded = request.META.get(FORWARDED_HEADER, "")
    if proxies == 0 or not forwarded.strip():
        return peer
    chain = f"{forwarded}, {peer}"
    address, _routable = get_client_ip(
        _MetaOnly({FORWARDED_HEADER: chain}),
        proxy_order="left-most",
        proxy_count=proxies,
        request_header_order=[FORWARDED_HEADER],
        strict=False,
    )
    return address or peer


class _MetaOnly:
    """ipware reads only ``request.META``; this carries the chain with the peer appended."""

    def __init__(self, meta: dict[str, str]) -> None:
        self.META = meta


def axes_client_ip(request: HttpRequest) -> str | None:
    """The address django-axes records: ``None`` when the request has none at all.

    Only requests built outside a server (``Client.force_login``, management commands) lack
    ``REMOTE_ADDR``; PostgreSQL's ``inet`` column refuses the limiter's ``"unknown"`` key.
    """
    if not request.META.get("REMOTE_ADDR"):
        return None
    return client_ip(request)
