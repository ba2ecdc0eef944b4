"""A form POST in another character set than UTF-8 is a clear 400, not a 500.

Why: Django refuses an ``application/x-www-form-urlencoded`` body declared in another charset
(``charset=utf-16``) by raising ``BadRequest`` when ``request.POST`` is first read — by the
CSRF check. Its 400 handler then runs the CSRF check again (``requires_csrf_token``), which
reads ``request.POST`` again, and the second ``BadRequest`` becomes a 500 (issue 18: the
feedback, problem-report and sign-in URLs). Browsers always send forms in UTF-8 here (every
page is UTF-8), so such a body comes from a script; it is answered before anything reads it,
in the visitor's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FORM = "application/x-www-form-urlencoded"


def declares_another_charset(request: HttpRequest) -> bool:
    """The same test Django applies when it parses the body."""
    return (
        request.content_type == FORM
        and request.encoding is not None
        and request.encoding.lower() != "utf-8"
    )


class FormCharsetMiddleware:
    """Placed after the locale middleware (the answer's language) and before the CSRF check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declares_another_charset(request):
            return refusal(request)
        return self.get_response(request)


def refusal(request: HttpRequest) -> HttpResponse:
    """The 400 page: plain, no template, nothing that reads the body."""
    message = _(
        "The form's character encoding is not supported. Please send it again from the page."
    )
    lang = (get_language() or "lv")[:2]
    response = HttpResponse(
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
        f"<title>400</title><main><h1>{message}</h1></main></html>",
        status=400,
        content_type="text/html; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response
