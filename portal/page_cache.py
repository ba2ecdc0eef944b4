"""Whole-page cache for anonymous visitors, in the shared cache (Redis in production).

Why: most traffic is anonymous reading of the same service pages; a cached page skips the
session, authentication, Wagtail routing and rendering (a few ms instead of tens). Each entry
carries the listing cache generation (``catalogue_pages.cache``) it was rendered in, which
every publish, unpublish, withdrawal and sync run bumps in the shared cache, so one bump
invalidates every process's view at once and no stale page outlives a change.

Never cached: requests of signed-in visitors (any session or messages cookie), anything but
GET/HEAD, responses that set a cookie (forms put a CSRF token in one), non-200 answers, responses
marked private/no-store, and the paths in ``EXCLUDED`` (admin, forms, search, APIs,
operations endpoints). The key holds the full path (with the language prefix), the query
string and the language cookie; responses say ``Vary: Accept-Language, Cookie``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from catalogue_pages import cache as listing_cache

HEADER = "X-Page-Cache"
EXCLUDED = (
    "/admin/",
    "/documents/",
    "/api/",
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/django-admin/",
)
EXCLUDED_AFTER_LANGUAGE = ("search/", "requests/")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    # Only cookies that never change the page: any other (session, messages) bypasses.
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
        return False
    path = request.path
    if path.startswith(EXCLUDED):
        return False
    parts = path.split("/", 2)
    return not (len(parts) == 3 and parts[2].startswith(EXCLUDED_AFTER_LANGUAGE))


def _key(request: HttpRequest) -> str:
    raw = "|".join(
        (
            request.get_host(),
            request.get_full_path(),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        )
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _lookup(key: str) -> tuple[int, tuple[bytes, str, list[tuple[str, str]]] | None]:
    """(current generation, the kept page if it was kept in that generation) — one round trip.

    Why the generation sits inside the entry rather than in its key: a key carrying it would
    need the generation first, a second round trip to Redis on every hit; with one ``MGET`` a
    hit costs one. An entry of an older generation is simply a miss, then overwritten."""
    found = cache.get_many([listing_cache.GENERATION_KEY, key])
    if listing_cache.GENERATION_KEY not in found:
        return listing_cache.generation(), None
    current = int(found[listing_cache.GENERATION_KEY])
    kept = found.get(key)
    return current, kept[1] if kept is not None and kept[0] == current else None


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    control = response.get("Cache-Control", "")
    return not ("private" in control or "no-store" in control or "no-cache" in control)


class PageCacheMiddleware:
    """Placed before the session middleware: a hit costs one cache round trip and nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        generation, cached = _lookup(key)
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            _cacheable_response(response)
            and not (user is not None and user.is_authenticated)
            and request.method == "GET"
        ):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() in ("content-language", "vary", "x-frame-options", "link")
            ]
            cache.set(
                key,
                (generation, (response.content, response["Content-Type"], headers)),
                settings.PAGE_CACHE_SECONDS,
            )
            response[HEADER] = "miss"
        return response
