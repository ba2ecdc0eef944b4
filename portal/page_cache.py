"""Whole-page cache for anonymous visitors, in the shared cache (Redis in production).

Why: most traffic is anonymous reading of the same service pages; a cached page skips the
session, authentication, Wagtail routing and rendering (a few ms instead of tens). Each entry
carries the listing cache generation (``catalogue_pages.cache``) it was rendered in, which
every publish, unpublish, withdrawal and sync run bumps in the shared cache, so one bump
invalidates every process's view at once and no stale page outlives a change.

Never cached: requests of signed-in visitors (any session or messages cookie), anything but
GET/HEAD, responses that set a cookie (forms put a CSRF token in one), non-200 answers,
responses marked private/no-store/no-cache, and the paths in ``EXCLUDED`` (admin, forms,
search, APIs, operations endpoints). Responses say ``Vary: Accept-Language, Cookie``.

The same pages, and only they, say ``Cache-Control: public, s-maxage=SHARED_CACHE_SECONDS``
for the shared cache in front (Varnish, ``deploy/varnish/``), whether or not this cache is on;
everything else carries no ``s-maxage``, so the VCL (which caches only what says it) passes it.

What a hit replays is the whole response: body, content type and every header the page set
(``Access-Control-Allow-Origin``, ``Cache-Control``, ``ETag``, ``Last-Modified``,
``X-Total-Count``, ``Link`` …) — open-data clients failed CORS when a hit dropped them.

The key holds the host, the path (with the language prefix), the language cookie and only the
query parameters the page *read* when it was rendered: on a miss ``request.GET`` is a
``ReadTrackingQueryDict``, and the names it was asked for are kept per path
(``page-reads:<host+path>``). A junk query string (``?utm_source=…``, ``?x=1``, ``?x=2`` …) is
therefore the same entry as the bare page, not a new 12 KB one each. A page that lists or
re-encodes the whole query string is keyed on all of it; a request whose ``request.GET`` was
replaced on the way (the NUL guard of ``requestkit.db_errors``) is not cached. Why this is
safe: a page renders from the parameters it reads, so two requests agreeing on those get the
same page; if a page starts reading another parameter, the path's set grows and keys made
from the smaller set are no longer looked up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers

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
#: Header names a hit never replays: made per response, or by the middleware around this one.
NOT_REPLAYED = frozenset(
    {"content-type", "content-length", "set-cookie", "date", "x-request-id", HEADER.lower()}
)
#: The page read the whole query string.
ALL = "*"

Kept = tuple[bytes, str, list[tuple[str, str]]]


class ReadTrackingQueryDict(QueryDict):
    """``request.GET`` that remembers which parameters the page asked for.

    Whole-dict access (iterating, ``items``, ``urlencode``, ``dict``, copying …) counts as
    reading every parameter."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        # mypy: QueryDict's own arguments, passed through unchanged
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.__dict__["read"] = set()  # what building the dict itself looked at does not count

    def _mark(self, name: str) -> None:
        self.__dict__.setdefault("read", set()).add(name)

    def __getitem__(self, key: str) -> str:
        self._mark(key)
        return super().__getitem__(key)

    # mypy (get, getlist): one signature for the stubs' overloads; the behaviour is QueryDict's
    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self._mark(key)
        return super().get(key, default)

    def getlist(self, key: str, default: object = None) -> list:  # type: ignore[override]
        self._mark(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self._mark(str(key))
        return super().__contains__(key)


def _reads_everything(method_name: str) -> Callable[..., object]:
    base = getattr(QueryDict, method_name)

    def tracked(self: ReadTrackingQueryDict, *args: object, **kwargs: object) -> object:
        self._mark(ALL)
        return base(self, *args, **kwargs)

    tracked.__name__ = method_name
    return tracked


for _name in (
    "__iter__",
    "__len__",
    "items",
    "keys",
    "values",
    "lists",
    "dict",
    "urlencode",
    "copy",
    "__copy__",
    "__deepcopy__",
):
    setattr(ReadTrackingQueryDict, _name, _reads_everything(_name))


def _shareable_request(request: HttpRequest) -> bool:
    """A request whose answer is the same for every anonymous visitor (if the page allows)."""
    if request.method not in ("GET", "HEAD"):
        return False
    # Only cookies that never change the page: any other (session, messages) bypasses.
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
        return False
    path = request.path
    if path.startswith(EXCLUDED):
        return False
    parts = path.split("/", 2)
    return not (len(parts) == 3 and parts[2].startswith(EXCLUDED_AFTER_LANGUAGE))


def _reads_key(request: HttpRequest) -> str:
    raw = request.get_host() + "|" + request.path
    return "page-reads:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _key(request: HttpRequest, reads: frozenset[str]) -> str:
    query = request.META.get("QUERY_STRING", "")
    if ALL in reads:
        kept = query
    else:
        params = QueryDict(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""))
        kept = repr(sorted((name, params.getlist(name)) for name in reads if name in params))
    raw = "|".join(
        (
            request.get_host(),
            request.path,
            kept,
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        )
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _lookup(request: HttpRequest) -> tuple[int, frozenset[str], Kept | None]:
    """(current generation, the parameters this path reads, the kept page if it was kept in
    that generation).

    The generation sits inside the entry rather than in its key, so a hit is one read of the
    entry plus one of the generation (kept in the non-evicting ``limits`` store: see
    ``catalogue_pages.cache``); an entry of an older generation is a miss, then overwritten.
    Only a request with a query string first reads which parameters its path reads."""
    reads: frozenset[str] = frozenset()
    if request.META.get("QUERY_STRING"):
        known = cache.get(_reads_key(request))
        if known is None:
            return listing_cache.generation(), reads, None
        reads = frozenset(known)
    kept = cache.get(_key(request, reads))
    current = listing_cache.generation()
    return current, reads, kept[1] if kept is not None and kept[0] == current else None


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    control = response.get("Cache-Control", "")
    return not ("private" in control or "no-store" in control or "no-cache" in control)


def _share(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the answer is the same for every anonymous visitor; if so, say it may be shared.

    Same rules for this cache and a shared cache in front (``_cacheable_response``, no
    signed-in user), so Varnish keeps exactly what this cache keeps, for
    ``SHARED_CACHE_SECONDS`` (``s-maxage``; purged on change: ``catalogue_pages.purge``).
    Browsers keep nothing (``max-age=0`` unless the view chose its own), so a visitor who
    signs in never sees their own stale copy.
    """
    user = getattr(request, "user", None)
    if not _cacheable_response(response) or (user is not None and user.is_authenticated):
        return False
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if settings.SHARED_CACHE_SECONDS:
        if "max-age" not in response.get("Cache-Control", ""):
            patch_cache_control(response, max_age=0)
        patch_cache_control(response, public=True, s_maxage=settings.SHARED_CACHE_SECONDS)
    return True


class PageCacheMiddleware:
    """Placed before the session middleware: a hit costs two cache reads and nothing else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _shareable_request(request):
            return self.get_response(request)
        if not settings.PAGE_CACHE_SECONDS:
            response = self.get_response(request)
            _share(request, response)
            return response
        generation, reads, cached = _lookup(request)
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        request.GET = ReadTrackingQueryDict(
            get_bytes_from_wsgi(request.META, "QUERY_STRING", ""), encoding=request.encoding
        )
        response = self.get_response(request)
        if (
            _share(request, response)
            and request.method == "GET"
            # Something swapped request.GET (the NUL guard): what the page read is unknown.
            and isinstance(request.GET, ReadTrackingQueryDict)
        ):
            if request.META.get("QUERY_STRING"):
                read = frozenset(request.GET.__dict__["read"])
                if not read <= reads or not cache.has_key(_reads_key(request)):
                    reads |= read
                    cache.set(_reads_key(request), sorted(reads), settings.PAGE_CACHE_SECONDS)
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_REPLAYED
            ]
            cache.set(
                _key(request, reads),
                (generation, (response.content, response["Content-Type"], headers)),
                settings.PAGE_CACHE_SECONDS,
            )
            response[HEADER] = "miss"
        return response
