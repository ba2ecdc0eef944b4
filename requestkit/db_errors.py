"""A database that is away (restart, failover) answers 503 with a clear page, never a 500.

Why: with PostgreSQL restarting, in-flight requests fail with ``OperationalError``; a 500
would page the operator and tell the visitor the site is broken. A 503 with ``Retry-After``
says "try again in a moment", which load balancers and browsers understand. Nothing is lost:
a write that failed never committed, and the request forms keep their idempotency token, so a
retry creates exactly one request.
``CONN_HEALTH_CHECKS`` (settings) makes the next request open a fresh connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable: %s", exception.__class__.__name__)
        return unavailable_response(request)


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page: no template, no context processor, nothing that could query again.

    Also answered by the 500 handler (``themes.views.server_error``) when the failure was a
    database outage raised *outside* a view — in a middleware such as the Site lookup, where
    ``process_exception`` never sees it.
    """
    body = _("The service is temporarily unavailable. Please try again in a moment.")
    lang = getattr(request, "LANGUAGE_CODE", "lv")
    response = HttpResponse(
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
        f"<title>503</title><main><h1>{body}</h1></main></html>",
        status=503,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class NulBytePathMiddleware:
    """A path with a NUL byte names nothing: 404 before any view hands it to PostgreSQL.

    A NUL byte in the query string is dropped from the values instead, so ``?q=pa%00se`` still
    searches for what the person typed.

    Why: SQLite accepts NUL in text, PostgreSQL refuses it with ``DataError`` — a 500 for a
    junk URL such as ``/lv/requests/r/%00/``. No page, reference or slug contains one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("NUL byte in the path")
        # Only a query string that can hold a NUL is looked at: reading the whole query would
        # key a cached page on every parameter (portal/page_cache.py).
        query = request.META.get("QUERY_STRING", "")
        if ("%00" in query or "\x00" in query) and any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _without_nul(query: QueryDict) -> QueryDict:
    """The query as typed less its NUL bytes: the search answers, PostgreSQL never sees one."""
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    cleaned._mutable = False
    return cleaned
