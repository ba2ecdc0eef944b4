"""Absolute links to the public site, built from the configured public base URL.

Why not ``page.get_full_url()``: Wagtail builds it from the ``Site`` record, which the site
tree creates as ``localhost`` (port 80), so the schema.org block, the CPSV-AP export and the
e-mailed status links all said ``http://localhost/…``. Everything that leaves the site (data
for search engines, exports, e-mails) uses ``PORTAL_BASE_URL`` instead; in production it
defaults to ``https://`` + the first ``ALLOWED_HOSTS`` entry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def base_url() -> str:
    """``PORTAL_BASE_URL`` (or ``WAGTAILADMIN_BASE_URL``) without a trailing slash."""
    configured = settings.PORTAL_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return str(configured).rstrip("/")


def absolute(path: str) -> str:
    """``path`` (as ``reverse()`` or ``page.url`` give it) under the public base URL."""
    if "://" in path:
        return path
    return base_url() + "/" + path.lstrip("/")


def page_url(page: Any, request: HttpRequest | None = None) -> str:
    """The public address of a Wagtail page."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return absolute(page_path)
