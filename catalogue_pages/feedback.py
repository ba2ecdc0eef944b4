"""Spam resistance for the anonymous "Was this page useful?" form, without personal data.

The form is CSRF-exempt (it sits on cached pages, which carry no per-visitor cookie), so it
must defend itself against answers skewed from another site or by a script:

* a honeypot field real visitors never see or fill;
* a signed token per rendered form: the page, the time it was rendered and a random nonce. A
  form posted sooner than ``MIN_SECONDS`` after it was rendered, with a token older than
  ``MAX_AGE``, for another page, or tampered with, is refused;
* a post another site's page made (the browser says so in ``Sec-Fetch-Site`` or ``Origin``)
  is refused;
* **one answer per client per page** in ``ANSWER_PERIOD``, and at most ``RATE_LIMIT`` answers
  per client per ``RATE_WINDOW`` over all pages, counted by ``requestkit.ratelimit`` under a
  salted hash (the address itself is never stored).

The client is the address ``requestkit.client_ip`` finds behind the trusted proxies.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import urlsplit

from django.core import signing
from django.http import HttpRequest

from requestkit import ratelimit
from requestkit.client_ip import client_ip

SALT = "catalogue_pages.feedback"
MIN_SECONDS = 2
MAX_AGE = 60 * 60 * 6
RATE_LIMIT = 10
RATE_WINDOW = 60 * 60
ANSWER_PERIOD = 60 * 60 * 24
HONEYPOT = "website"


def make_token(page_id: int, issued: float | None = None) -> str:
    """A token for one rendering of the form of ``page_id``."""
    moment = time.time() if issued is None else issued
    # Milliseconds: whole seconds made the two-second line anything between 1 and 2 s.
    return signing.dumps(
        {"p": page_id, "ms": int(moment * 1000), "n": secrets.token_urlsafe(8)},
        salt=SALT,
        compress=True,
    )


def check_token(token: str, page_id: int, now: float | None = None) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or data.get("p") != page_id or not data.get("n"):
        return False
    issued = data.get("ms")
    if not isinstance(issued, int) and isinstance(data.get("t"), int):
        issued = data["t"] * 1000  # a form rendered before milliseconds, still open
    return isinstance(issued, int) and (now or time.time()) * 1000 - issued >= MIN_SECONDS * 1000


def from_another_site(request: HttpRequest) -> bool:
    """The browser reports the form was posted by another site's page."""
    if request.headers.get("Sec-Fetch-Site", "") in ("cross-site", "same-site"):
        return True
    origin = request.headers.get("Origin", "")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() != request.get_host().lower()


def over_rate_limit(request: HttpRequest) -> bool:
    """Count this submission; True when the client already sent too many this hour."""
    return ratelimit.hit(
        "feedback", client_ip(request), limit=RATE_LIMIT, window=RATE_WINDOW
    ).limited


def already_answered(request: HttpRequest, page_id: int) -> bool:
    """True when this client already answered about this page in the period; else records it."""
    return not ratelimit.first_in_period(
        "feedback-page", f"{client_ip(request)}|{page_id}", period=ANSWER_PERIOD
    )
