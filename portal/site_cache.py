"""Wagtail's site lookup without a query per request.

Why: ``Site.find_for_request`` runs a query on every request (it caches only on the request
object, as ``request._wagtail_site``); for a cached page that one query was a large part of
the server time. Sites change almost never, so each process keeps the answer per
(host, port) for ``TTL`` seconds and forgets all of it when a Site is saved or deleted in
this process; other processes pick up a change within ``TTL``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

TTL = 60.0
_sites: dict[tuple[str, int | str], tuple[float, Any]] = {}
_lock = threading.Lock()


def forget_sites(**kwargs: Any) -> None:
    with _lock:
        _sites.clear()


post_save.connect(forget_sites, sender=Site, dispatch_uid="portal.site_cache.save")
post_delete.connect(forget_sites, sender=Site, dispatch_uid="portal.site_cache.delete")


def site_for(request: HttpRequest) -> Site | None:
    """The Site Wagtail would find for this request, from this process's cache when fresh."""
    key = (split_domain_port(request.get_host())[0], request.get_port())
    now = time.monotonic()
    cached = _sites.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page  # noqa: B018 — loaded once here, not on every request
    with _lock:
        _sites[key] = (now + TTL, site)
    return site


#: Operations endpoints need no Site: liveness must answer while the database is away.
NO_SITE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class SiteCacheMiddleware:
    """Hands Wagtail the cached Site through the attribute Wagtail itself caches it in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info not in NO_SITE_PATHS:
            # mypy: Wagtail's own per-request cache attribute (Site.find_for_request reads it)
            request._wagtail_site = site_for(request)  # type: ignore[attr-defined]
        return self.get_response(request)
