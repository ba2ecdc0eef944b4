"""The JSON API is read-only: a write method answers 405 with ``Allow`` and a JSON body.

Why here, before ``CsrfViewMiddleware``: without it a ``POST`` to ``/api/…`` meets the CSRF
check first and gets Django's HTML "403 Forbidden" page in Latvian, which tells an API client
nothing true (the request was not forbidden, the method does not exist). Every endpoint under
``/api/`` is ``GET``/``HEAD`` only, so one rule in front of them all keeps the answer the same
for every app that adds an endpoint.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
ALLOW = "GET, HEAD"


class ApiMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and request.method not in READ_METHODS:
            return method_not_allowed(request.method or "")
        return self.get_response(request)


def method_not_allowed(method: str) -> JsonResponse:
    response = JsonResponse(
        {
            "error": _("The API is read-only: %(method)s is not allowed. Use GET.")
            % {"method": method[:16]}
        },
        status=405,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Allow"] = ALLOW
    return response
