"""Error pages in the visitor's language, rendered without touching the database; the icon."""

from __future__ import annotations

import sys
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.http import require_safe

from requestkit.db_errors import is_database_unavailable, unavailable_response

FAVICON = Path(__file__).resolve().parent / "default" / "static" / "favicon.ico"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the failure is the database being away (restart, failover).

    Django calls this handler inside the ``except`` of whatever raised, so the exception is
    still at hand: a middleware's query (the Site lookup) fails the same way a view does.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    # No RequestContext: the failure may be in a context processor or the database.
    body = loader.render_to_string("500.html", {})
    return HttpResponse(body, status=500)


@require_safe
def favicon(request: HttpRequest) -> FileResponse:
    """``/favicon.ico``: browsers and crawlers ask for it at the root whatever the page declares.

    Served from the theme's source file, so it answers the same with or without collectstatic.
    """
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
