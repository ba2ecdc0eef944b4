"""A ceiling on sign-in attempts per client address, across every username.

django-axes locks an address + username pair; that alone lets one address try a few
passwords against every account (password spraying). This backend, placed after axes' and
before the real one, counts each attempt in the shared limiter (``requestkit.ratelimit``) and
refuses once the address is over ``LOGIN_ADDRESS_LIMIT``. It never signs anyone in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from requestkit import ratelimit
from requestkit.client_ip import client_ip


class AddressCeilingBackend:
    def authenticate(self, request: HttpRequest | None, **credentials: object) -> None:
        if request is None:
            return None
        count, window = settings.LOGIN_ADDRESS_LIMIT
        decision = ratelimit.hit("login-ip", client_ip(request), limit=count, window=window)
        if decision.limited:
            # axes' middleware turns the flag into requestkit.lockout.lockout_response.
            # mypy: django-axes and the lockout answer read these flags off the request
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.portal_address_lockout = decision  # type: ignore[attr-defined]
            raise PermissionDenied
        return None

    def get_user(self, user_id: int) -> None:
        return None
