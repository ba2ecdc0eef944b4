"""Spam resistance for the anonymous "Was this page useful?" form, without personal data.

* a honeypot field real visitors never see or fill;
* a signed timing token: a form posted sooner than ``MIN_SECONDS`` after it was rendered, or
  with a token older than ``MAX_AGE`` or tampered with, is refused;
* a rate limit per client per hour, counted in the cache under a salted hash of the address
  (the address itself is never stored).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

SALT = "catalogue_pages.feedback"
MIN_SECONDS = 2
MAX_AGE = 60 * 60 * 6
RATE_LIMIT = 10
RATE_WINDOW = 60 * 60
HONEYPOT = "website"


def make_token(page_id: int) -> str:
    return signing.dumps({"p": page_id, "t": int(time.time())}, salt=SALT, compress=True)


def check_token(token: str, page_id: int, now: float | None = None) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or data.get("p") != page_id:
        return False
    issued = data.get("t")
    return isinstance(issued, int) and (now or time.time()) - issued >= MIN_SECONDS


def _client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"feedback-rate:{digest}"


def over_rate_limit(request: HttpRequest) -> bool:
    """Count this submission; True when the client already sent too many this hour."""
    key = _client_key(request)
    if cache.add(key, 1, RATE_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        return False
    return count > RATE_LIMIT
