"""Signed-in sessions end after an idle spell and after an absolute lifetime.

Why (issue 18): institution users sign in on shared office machines; Django's default session
lived two weeks. Two bounds, both settings:

* ``SESSION_IDLE_TIMEOUT`` (seconds, 30 min): no request for that long ends the session. The
  session's own expiry is pushed forward as the user works, so the database row and the
  cookie expire on their own too; the push is written at most once per
  ``TOUCH_INTERVAL`` so a page full of requests costs one session write, not one per request.
* ``SESSION_ABSOLUTE_TIMEOUT`` (seconds, 12 h): counted from sign-in, however busy.

Anonymous sessions (a half-filled form's draft, the language) are left alone. An ended
session is flushed (signed out); the next page asks to sign in again as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "_signed_in_at"
SEEN_AT = "_seen_at"
TOUCH_INTERVAL = 60


def session_ended(session: SessionBase, now: float) -> bool:
    """True when the idle or the absolute bound of a signed-in session has passed."""
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if signed_in is None or seen is None:
        return False
    return (
        now - seen > settings.SESSION_IDLE_TIMEOUT
        or now - signed_in > settings.SESSION_ABSOLUTE_TIMEOUT
    )


class SessionLimitsMiddleware:
    """After ``AuthenticationMiddleware``: ends stale signed-in sessions, stamps live ones."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            if session_ended(request.session, now):
                logout(request)
            else:
                self._stamp(request, now)
        response = self.get_response(request)
        return response

    @staticmethod
    def _stamp(request: HttpRequest, now: float) -> None:
        session = request.session
        session.setdefault(SIGNED_IN_AT, now)
        seen = session.get(SEEN_AT)
        if seen is None or now - seen >= TOUCH_INTERVAL:
            session[SEEN_AT] = now
            remaining = settings.SESSION_ABSOLUTE_TIMEOUT - (now - session[SIGNED_IN_AT])
            session.set_expiry(max(1, int(min(settings.SESSION_IDLE_TIMEOUT, remaining))))
