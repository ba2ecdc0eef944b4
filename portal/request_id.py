"""A request id on every request: in the logs of that request and in ``X-Request-ID``.

Why: with several app processes behind a proxy, the only way to find one visitor's failure
in the logs is an id the visitor (or the proxy) can quote. An incoming ``X-Request-ID`` from
the proxy is kept when it looks like an id (so one id spans proxy and app); otherwise a new
one is made. Outside a request (commands, workers) the id is ``-``.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: ContextVar[str] = ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request being handled, ``-`` outside one."""
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` to every log record (text and JSON formatters use it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    """Outermost middleware: sets the id before anything logs, returns it as a header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get(_META_KEY, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        # mypy: the request carries its id for the log filter and the response header
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
