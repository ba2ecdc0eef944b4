"""Spam resistance for the anonymous "Was this page useful?" form, without personal data.

* a honeypot field real visitors never see or fill;
* a signed timing token: a form posted sooner than ``MIN_SECONDS`` after it was rendered, or
  with a token older than ``MAX_AGE`` or tampered with, is refused;
* a rate limit per client address per hour, counted by ``requestkit.ratelimit`` (under a salted
  hash: the address itself is never stored).
"""

from __future__ import annotations

import time

from django.core import signing
from django.http import HttpRequest

from requestkit import ratelimit
from requestkit.client_ip import client_ip

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


def over_rate_limit(request: HttpRequest) -> bool:
    """Count this submission; True when the client already sent too many this hour."""
    return ratelimit.hit(
        "feedback", client_ip(request), limit=RATE_LIMIT, window=RATE_WINDOW
    ).limited
