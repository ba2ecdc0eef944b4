"""What a locked-out person sees (django-axes ``AXES_LOCKOUT_CALLABLE``).

Why our own response: axes' default text is English-only and says "try again later"; the
issue asks for the user's language and *when*. During a lockout every further attempt
restarts the cool-off (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``), so "cool-off from
now" is the honest answer. The per-address ceiling (``portal.auth_backends``) ends with its
limiter window instead.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    address_lockout = getattr(request, "portal_address_lockout", None)
    seconds = address_lockout.retry_after if address_lockout else cool_off_seconds()
    retry_at = timezone.localtime(timezone.now() + timedelta(seconds=seconds))
    response = TemplateResponse(
        request,
        "lockout.html",
        {
            "retry_at": retry_at,
            "minutes": max(1, (seconds + 59) // 60),
            "whole_address": address_lockout is not None,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response.render()
