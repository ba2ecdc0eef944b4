"""Request bodies are bounded before anything reads them (issue 18).

Why: without a bound an anonymous 600 MB multipart POST to a CSRF-exempt form was written to
disk (567 MB) before any view looked at it. The proxy refuses oversized bodies first
(``client_max_body_size`` in ``deploy/nginx/``); this middleware is the same rule inside the
app, for a host reached without the proxy and as the one place the limits are declared:

* ``REQUEST_BODY_LIMITS``: ``(path regex, bytes)`` pairs, the first match wins, else
  ``REQUEST_BODY_MAX_BYTES``. Per URL, not per user: the limit is known before the session.
* A ``Content-Length`` over the limit is answered 413 at once — before CSRF, the session or
  a form parser reads a byte.
* A streamed body (``Transfer-Encoding: chunked``, no length) is read here in pieces and cut
  off with a 413 as it passes the limit. What stays under it is kept (in memory up to
  ``FILE_UPLOAD_MAX_MEMORY_SIZE``, then a temporary file) and handed on with its length,
  so the form parsers see an ordinary request.

The 413 page is built without templates or the database (this runs before both), in the
visitor's language: the path's language prefix, else ``Accept-Language``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from requestkit.numbers import parse_int

CHUNK = 64 * 1024


@cache
def _compiled(limits: tuple[tuple[str, int], ...]) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple((re.compile(pattern), size) for pattern, size in limits)


def limit_for(path: str) -> int:
    """The most bytes a request body to ``path`` may carry."""
    for pattern, size in _compiled(tuple(tuple(pair) for pair in settings.REQUEST_BODY_LIMITS)):
        if pattern.search(path):
            return size
    return settings.REQUEST_BODY_MAX_BYTES


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.1f}"


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 page in the visitor's language; nothing here reads the body or the database."""
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        title = _("What you sent is too large")
        text = _(
            "At most %(size)s MB can be sent here. Make the attachments smaller or send fewer "
            "of them, then try again."
        ) % {"size": _megabytes(limit)}
        back = _("Back to the home page")
    response = HttpResponse(
        f'<!doctype html><html lang="{escape(language)}"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><main><h1>{escape(title)}</h1>"
        f'<p>{escape(text)}</p><p><a href="/{escape(language)}/">{escape(back)}</a></p>'
        "</main></html>",
        status=413,
        content_type="text/html; charset=utf-8",
    )
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def _bad_length_response() -> HttpResponse:
    response = HttpResponse(
        "Bad Content-Length\n", status=400, content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    return response


def _take_streamed_body(request: HttpRequest, limit: int) -> bool:
    """Read a length-less body up to ``limit``; False as soon as it passes it."""
    source = request.META["wsgi.input"]
    kept = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 — handed on to the request
    size = 0
    while piece := source.read(CHUNK):
        size += len(piece)
        if size > limit:
            kept.close()
            return False
        kept.write(piece)
    kept.seek(0)
    request.META["CONTENT_LENGTH"] = str(size)
    # mypy: WSGIRequest's private stream, replaced so Django reads the spooled copy
    request._stream = LimitedStream(kept, size)  # type: ignore[attr-defined]
    request._body_spool = kept  # type: ignore[attr-defined] — lives as long as the request
    return True


class BodyLimitMiddleware:
    """Outermost reader of the body: 413 past the URL's limit, before CSRF or a form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = limit_for(request.path_info)
        raw_length = request.META.get("CONTENT_LENGTH", "")
        if raw_length:
            length = parse_int(raw_length)
            if length is None:
                return _bad_length_response()
            if length > limit:
                return too_large_response(request, limit)
        elif "chunked" in request.META.get(
            "HTTP_TRANSFER_ENCODING", ""
        ).lower() and not _take_streamed_body(request, limit):
            return too_large_response(request, limit)
        return self.get_response(request)
