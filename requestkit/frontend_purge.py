"""PURGE requests to the shared HTTP cache (Varnish, ``deploy/varnish/``), never failing the caller.

Why not Wagtail's ``purge_urls_from_cache`` as it is: it queues a task per batch, and its
``HTTPBackend`` opens each request without a timeout, so a Varnish that accepts connections but
never answers would hang a publish, and one that is down would cost a timeout per address of a
sync run of thousands. Here a batch is sent at once (the caller runs it after its transaction
commits), each request has ``FRONTEND_CACHE_TIMEOUT``, and the first transport failure skips
the rest of that cache's batch: logged, counted in ``portal_frontend_purges_total``, never
raised. The cache then keeps a page at most ``SHARED_CACHE_SECONDS``.

The backends are Wagtail's (``wagtail.contrib.frontend_cache``), configured in
``WAGTAILFRONTENDCACHE`` from ``FRONTEND_CACHE_PURGE_URLS`` (portal/settings/base.py); with
none configured, nothing is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from prometheus_client import Counter
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)

PURGES = Counter(
    "portal_frontend_purges",
    "Addresses sent to the shared HTTP cache to purge, by outcome (purged, failed, skipped).",
    ["outcome"],
)


class CacheUnreachable(Exception):
    """The cache did not answer (refused, timed out): the rest of its batch is skipped."""


class PurgeRefused(Exception):
    """The cache answered the ``PURGE`` with an error status (not in its ACL, …)."""


class TimedHTTPBackend(HTTPBackend):
    """Wagtail's Varnish (HTTP ``PURGE``) backend with a timeout, reporting what failed."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.timeout = float(params.pop("TIMEOUT", 2.0))
        super().__init__(params)

    def purge(self, url: str) -> None:
        """One ``PURGE``; ``HTTPError`` (an answer, e.g. 405 from a refusing ACL) is logged and
        the batch goes on; no answer at all raises ``CacheUnreachable``."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        request = PurgeRequest(
            url=urlunsplit((self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")),
            headers={"Host": host, "User-Agent": "portal-purge"},
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — configured
                response.read()
        except HTTPError as exc:
            raise PurgeRefused(f"{exc.code} {exc.reason}") from exc
        except (URLError, OSError) as exc:
            raise CacheUnreachable(str(getattr(exc, "reason", exc))) from exc


def purge(urls: Iterable[str]) -> dict[str, int]:
    """PURGE every address at every configured cache; counts by outcome, for logs and tests."""
    addresses = sorted(set(urls))
    outcome = {"purged": 0, "failed": 0, "skipped": 0}
    if not addresses:
        return outcome
    for name, backend in get_backends().items():
        for index, url in enumerate(addresses):
            try:
                backend.purge(url)
            except PurgeRefused as exc:
                outcome["failed"] += 1
                logger.warning("Cache %s refused to purge %s: %s", name, url, exc)
            except CacheUnreachable as exc:
                outcome["failed"] += 1
                outcome["skipped"] += len(addresses) - index - 1
                logger.warning(
                    "Cache %s unreachable (%s): %d addresses not purged; they expire on their "
                    "own within SHARED_CACHE_SECONDS.",
                    name,
                    exc,
                    len(addresses) - index,
                )
                break
            else:
                outcome["purged"] += 1
    for key, count in outcome.items():
        if count:
            PURGES.labels(key).inc(count)
    return outcome
