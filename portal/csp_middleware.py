"""Applies ``requestkit.csp``: django-csp's middleware with the admin policy under ``/admin/``."""

from __future__ import annotations

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from requestkit.csp import ADMIN_DIRECTIVES, ADMIN_PREFIX, PERMISSIONS_POLICY


def is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith(ADMIN_PREFIX)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin policy for ``/admin/`` and Permissions-Policy."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        configured = (
            settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            if report_only
            else settings.CONTENT_SECURITY_POLICY
        )
        if configured and parts.config is None and is_admin(request):
            parts.config = ADMIN_DIRECTIVES
        elif configured and getattr(request, "is_dummy", False):
            # Wagtail runs a preview through the whole middleware chain on a dummy request for
            # the public URL: keep the public policy, but let the editor's own page frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
