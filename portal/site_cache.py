"""Wagtail's site lookup without a query per request.

Why: ``Site.find_for_request`` runs a query on every request (it caches only on the request
object, as ``request._wagtail_site``); for a cached page that one query was a large part of
the server time. Sites change almost never, so each process keeps the answer per
(host, port) for ``TTL`` seconds and forgets all of it when a Site is saved or deleted in
this process; other processes pick up a change within ``TTL``.

The same holds for Wagtail's site root paths (``Site.get_site_root_paths``), which every page
URL needs: Wagtail keeps them in the shared cache, so each request read them again (a Redis
round trip in production, two queries when that cache is cold). Each process keeps them for
``TTL`` seconds and hands them to Wagtail on the request (``_wagtail_cached_site_root_paths``,
the attribute Wagtail itself caches them in); a Site saved or deleted, or a page saved or
deleted at the depth of a site root (a home page, a new translation of one) in this process
forgets them at once, as Wagtail forgets its shared copy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Page, Site

TTL = 60.0
_sites: dict[tuple[str, int | str], tuple[float, Any]] = {}
#: (expiry, Wagtail's site root paths, the depth of the deepest site root)
_root_paths: dict[str, tuple[float, list[Any], int]] = {}
_lock = threading.Lock()


def forget_sites(**kwargs: Any) -> None:
    with _lock:
        _sites.clear()
        _root_paths.clear()


def _forget_on_root_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A page saved or deleted where a site root can be: the root paths may have changed."""
    kept = _root_paths.get("paths")
    if kept is not None and isinstance(instance, Page) and (instance.depth or 0) <= kept[2]:
        forget_sites()


post_save.connect(forget_sites, sender=Site, dispatch_uid="portal.site_cache.save")
post_delete.connect(forget_sites, sender=Site, dispatch_uid="portal.site_cache.delete")
post_save.connect(_forget_on_root_change, dispatch_uid="portal.site_cache.page_save")
post_delete.connect(_forget_on_root_change, dispatch_uid="portal.site_cache.page_delete")


def site_root_paths() -> list[Any]:
    """Wagtail's ``Site.get_site_root_paths()``, from this process's cache when fresh."""
    now = time.monotonic()
    kept = _root_paths.get("paths")
    if kept is not None and kept[0] > now:
        return kept[1]
    paths = list(Site.get_site_root_paths())
    depth = max((path.root_path.count("/") for path in paths), default=0)
    with _lock:
        _root_paths["paths"] = (now + TTL, paths, depth)
    return paths


def site_for(request: HttpRequest) -> Site | None:
    """The Site Wagtail would find for this request, from this process's cache when fresh."""
    key = (split_domain_port(request.get_host())[0], request.get_port())
    now = time.monotonic()
    cached = _sites.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    site = Site.find_for_request(request)
    if site is not None:
        # Loaded once here, not on every request, as its specific page: Wagtail's routing
        # asks it for ``localized``, which the home page answers without a locale query
        # (``catalogue_pages.models.routing.CheapLocalizedMixin``). Deferred: no query for
        # requests that are no page (the API); the home page's own fields load on first use.
        site.root_page = site.root_page.specific_deferred
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
            try:
                paths = site_root_paths()
            except DatabaseError:
                pass  # Wagtail reads them itself, inside the view, where db_errors answers 503
            else:
                request._wagtail_cached_site_root_paths = paths  # type: ignore[attr-defined]
        return self.get_response(request)
