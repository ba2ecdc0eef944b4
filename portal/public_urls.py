"""Absolute public URLs built from ``PORTAL_BASE_URL``.

Why not ``request.build_absolute_uri`` or Wagtail's ``get_full_url``: the first trusts the
Host header of whoever asked, the second the Site record (``localhost`` on a fresh install).
Machine-readable exports are copied elsewhere and must carry the portal's real address.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def absolute(path: str) -> str:
    """``/lv/x/`` → ``https://portal.example/lv/x/`` (an absolute URL is returned as is)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.PORTAL_BASE_URL + "/" + path.lstrip("/")


def page_url(page: Any) -> str:
    """The absolute public URL of a Wagtail page (its path under the configured base URL)."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return absolute(parts[2])
