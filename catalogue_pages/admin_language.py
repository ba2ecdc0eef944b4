"""The admin speaks the signed-in user's chosen language from the first line of a request.

Wagtail switches to the user's language (Account → Language) only inside the admin view
itself: what happens around it — its own "Sorry, you do not have permission to access this
area." after a view refuses, the project's refusals (``admin_refusals``) — spoke the
browser's language, so a Latvian editor with an English browser read English. This middleware
(after authentication, before the refusals) makes every admin request the user's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils import translation

ADMIN_PREFIX = "/admin/"


def preferred_language(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    try:
        profile = user.wagtail_userprofile
    except ObjectDoesNotExist:
        return None
    language = profile.preferred_language
    return language if language in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES) else None


class AdminLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = preferred_language(request) if request.path.startswith(ADMIN_PREFIX) else None
        if language is None:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return self.get_response(request)
