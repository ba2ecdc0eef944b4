"""The Content-Security-Policy and Permissions-Policy of the portal (settings read them).

Two policies, because the two halves of the site differ:

* the public site runs only its own static scripts: ``script-src 'self'`` with no
  ``'unsafe-inline'`` (JSON-LD ``<script type="application/ld+json">`` blocks are data, not
  scripts, and need no allowance), no plugins, no ``<base>`` tricks, never framed;
* the Wagtail admin (``/admin/``) still relies on inline scripts and styles and frames its own
  previews, so it gets a looser policy of its own — still same-origin only.

``CSP_REPORT_ONLY=1`` sends both as ``Content-Security-Policy-Report-Only`` instead, to try a
change on production traffic without breaking anything. The middleware that applies them
is ``portal.csp_middleware`` (this module stays importable from settings).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE

ADMIN_PREFIX = "/admin/"

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)


def _inline_style_hash(template: Path) -> str:
    """The standalone 500 page keeps its few inline styles (it must render with nothing
    else working); allow exactly that block by its hash, so editing it never breaks it."""
    match = re.search(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.S)
    if not match:
        return ""
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def public_directives(base_dir: Path) -> dict[str, list[str]]:
    error_page_style = _inline_style_hash(
        base_dir / "themes" / "default" / "templates" / "500.html"
    )
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *([error_page_style] if error_page_style else [])],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }


ADMIN_DIRECTIVES: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "form-action": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [SELF],  # the editor frames its own previews
}
