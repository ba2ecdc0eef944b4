"""Open-data endpoints: the dump (JSON-LD, Turtle), the change feed, the DCAT-AP record and the
page that explains them. Every endpoint answers GET and HEAD, anonymously, with CORS open."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue_pages.cpsv_nodes import CONTEXT
from open_data import feed, state, store
from open_data.dcat import catalogue_graph
from open_data.vocabulary import FORMATS
from requestkit import public_urls

CACHE_CONTROL = "public, max-age=60"


def _accepts_gzip(request: HttpRequest) -> bool:
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _sep, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


def _common(response: HttpResponse, content_type: str | None = None) -> HttpResponse:
    if content_type:
        response["Content-Type"] = content_type
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _validators(
    request: HttpRequest, tag: str, timestamp: float
) -> tuple[str, HttpResponse | None]:
    etag = f'"{tag}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(timestamp))
    return etag, not_modified


@require_safe
def dump(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole catalogue, streamed; ETag/Last-Modified from the dump generation."""
    current = state.fresh_state()
    gzipped = _accepts_gzip(request)
    tag = store.stem(current, fmt) + ("-gzip" if gzipped else "")
    timestamp = current.changed_at.timestamp()
    etag, not_modified = _validators(request, tag, timestamp)
    headers = {"ETag": etag, "Last-Modified": http_date(timestamp), "Vary": "Accept-Encoding"}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    if not_modified is not None:
        response = not_modified
    elif request.method == "HEAD":
        response = HttpResponse(b"")
    else:
        path = store.cached(current, fmt, gzipped)
        if path is not None:
            response = FileResponse(path.open("rb"), filename=f"cpsv-ap.{fmt}")
        else:
            response = StreamingHttpResponse(store.generate(current, fmt, gzipped))
        response["Content-Disposition"] = f'inline; filename="cpsv-ap.{fmt}"'
    for name, value in headers.items():
        response[name] = value
    return _common(response, FORMATS[fmt] if response.status_code == 200 else None)


def _bad_request(message: str) -> HttpResponse:
    body = json.dumps({"error": message}, ensure_ascii=False)
    response = HttpResponse(body, status=400, content_type="application/json; charset=utf-8")
    response["Content-Language"] = get_language() or settings.LANGUAGE_CODE
    return _common(response)


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    """``?since=<ISO 8601>&limit=N``: one page of the change feed."""
    raw_since = request.GET.get("since", "").strip()
    raw_limit = request.GET.get("limit", "").strip()
    cursor = request.GET.get("cursor") or None
    try:
        since = feed.parse_time(raw_since) if raw_since else feed.parse_time("1970-01-01T00:00:00")
    except ValueError:
        return _bad_request(
            _("“since” must be a date and time in ISO 8601, for example 2026-01-31T12:00:00Z.")
        )
    limit = feed.DEFAULT_LIMIT
    if raw_limit:
        if not (raw_limit.isascii() and raw_limit.isdecimal()) or not (
            1 <= int(raw_limit) <= feed.MAX_LIMIT
        ):
            return _bad_request(
                _("“limit” must be a whole number from 1 to %(max)s.") % {"max": feed.MAX_LIMIT}
            )
        limit = int(raw_limit)
    if cursor is not None:
        try:
            feed.parse_time(cursor.split("~", 1)[0])
            if cursor.count("~") < 2:
                raise ValueError(cursor)
        except ValueError:
            return _bad_request(
                _("The “cursor” of this link is damaged; start again from “since”.")
            )
    state.fresh_state()
    page = feed.changes(since, limit, cursor)
    response = HttpResponse(
        b"" if request.method == "HEAD" else _feed_body(page.nodes),
        content_type=FORMATS["jsonld"],
    )
    response["X-Total-Count"] = str(page.total)
    if page.next_cursor:
        params: dict[str, Any] = {"limit": limit, "cursor": page.next_cursor}
        if raw_since:
            params = {"since": raw_since, **params}
        url = public_urls.absolute(request.path)
        response["Link"] = f'<{url}?{urlencode(params, quote_via=quote)}>; rel="next"'
    return _common(response)


def _feed_body(nodes: list) -> bytes:
    return json.dumps({"@context": CONTEXT, "@graph": nodes}, ensure_ascii=False).encode()


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    """``/open-data/catalog.ttl``: the DCAT-AP record of the dataset and its distributions."""
    current = state.fresh_state()
    timestamp = current.changed_at.timestamp()
    etag, not_modified = _validators(request, f"catalog-{store.stem(current, 'ttl')}", timestamp)
    if not_modified is not None:
        response = not_modified
    else:
        body = (
            b""
            if request.method == "HEAD"
            else catalogue_graph(current.changed_at).serialize(format="turtle").encode()
        )
        response = _common(HttpResponse(body), FORMATS["ttl"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    return _common(response)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The human page: what a consumer needs to know (URLs, formats, licence, the feed)."""
    current = state.current()
    base = public_urls.base_url()
    return TemplateResponse(
        request,
        "open_data/index.html",
        {
            "base": base,
            "dumps": [
                (f"{base}/open-data/cpsv-ap.jsonld", "JSON-LD", "application/ld+json"),
                (f"{base}/open-data/cpsv-ap.ttl", "Turtle", "text/turtle"),
            ],
            "catalog_url": f"{base}/open-data/catalog.ttl",
            "feed_url": f"{base}/open-data/changes",
            "licence_url": settings.OPEN_DATA_LICENSE,
            "licence_name": settings.OPEN_DATA_LICENSE_NAME,
            "modified": current.changed_at,
            "recheck": settings.OPEN_DATA_RECHECK_SECONDS,
        },
    )
