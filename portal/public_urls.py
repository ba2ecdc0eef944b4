"""Absolute links to the public site, built from the configured public base URL.

Why not ``request.build_absolute_uri`` or Wagtail's ``get_full_url``: the first trusts the
Host header of whoever asked, the second the Site record (``localhost`` on a fresh install).
Machine-readable exports are copied elsewhere and must carry the portal's real address.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def base_url() -> str:
    """``PORTAL_BASE_URL`` (or ``WAGTAILADMIN_BASE_URL``) without a trailing slash."""
    configured = getattr(settings, "PORTAL_BASE_URL", "") or getattr(
        settings, "WAGTAILADMIN_BASE_URL", ""
    )
    return str(configured).rstrip("/")


def absolute(path: str) -> str:
    """``/lv/x/`` → ``https://portal.example/lv/x/`` (an absolute URL is returned as is)."""
    if "://" in path:
        return path
    return base_url() + "/" + path.lstrip("/")


def page_url(page: Any, request: HttpRequest | None = None) -> str:
    """The public address of a Wagtail page."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    return absolute(parts[2])
