"""The link checker: HEAD (GET when HEAD is refused or fails), timeouts, politeness per host.

Limits (settings, env vars in ``portal/settings/base.py``; documented in docs/improvement.md):

* ``LINK_CHECK_CONCURRENCY`` hosts are checked at the same time (default 4 threads);
* one host gets one request at a time, at least ``LINK_CHECK_HOST_INTERVAL`` seconds apart
  (default 1.0), so no site sees more than one request a second from the portal;
* each request waits at most ``LINK_CHECK_TIMEOUT`` seconds (default 10), redirects are
  followed by hand up to ``MAX_REDIRECTS`` hops, bodies are never read;
* addresses that resolve to private, loopback or link-local networks are not fetched unless
  ``LINK_CHECK_ALLOW_PRIVATE`` is on (the demo and the tests), so register or editor content
  can never make the portal probe its own network.

HTTP runs in worker threads that never touch the database; results are written by the
calling thread as each host finishes.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import ExternalLink, PageLink

logger = logging.getLogger(__name__)
MAX_REDIRECTS = 5
USER_AGENT = "ValstsPakalpojumuKatalogs-LinkCheck/1.0 (+https://portal.example/)"
#: HEAD answers that often mean "HEAD not supported" rather than "missing": try GET.
_RETRY_WITH_GET = 400


@dataclass(frozen=True)
class CheckResult:
    outcome: str
    status_code: int | None = None
    final_url: str = ""


def _limits() -> dict[str, Any]:
    return {
        "concurrency": max(1, settings.LINK_CHECK_CONCURRENCY),
        "interval": max(0.0, settings.LINK_CHECK_HOST_INTERVAL),
        "timeout": max(0.1, settings.LINK_CHECK_TIMEOUT),
        "allow_private": settings.LINK_CHECK_ALLOW_PRIVATE,
    }


def is_private_host(host: str) -> bool:
    """True when any address of ``host`` is not on the public internet (or it cannot resolve)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False  # unresolvable: the request itself reports the error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return True
    return False


def _request(session: requests.Session, method: str, url: str, timeout: float) -> Any:
    response = session.request(method, url, allow_redirects=False, timeout=timeout, stream=True)
    response.close()
    return response


def check_url(url: str, session: requests.Session | None = None, **limits: Any) -> CheckResult:
    """Check one URL, following redirects by hand so every hop passes the private-host rule."""
    limits = {**_limits(), **limits}
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    current = url
    redirected = False
    for _hop in range(MAX_REDIRECTS + 1):
        host = urlsplit(current).hostname or ""
        if not limits["allow_private"] and is_private_host(host):
            return CheckResult(ExternalLink.SKIPPED, None, current if redirected else "")
        try:
            response = _request(session, "HEAD", current, limits["timeout"])
            if response.status_code >= _RETRY_WITH_GET:
                response = _request(session, "GET", current, limits["timeout"])
        except requests.Timeout:
            return CheckResult(ExternalLink.TIMEOUT, None, current if redirected else "")
        except (requests.RequestException, ValueError) as error:
            logger.info("link check %s: %s", current, type(error).__name__)
            return CheckResult(ExternalLink.ERROR, None, current if redirected else "")
        status = response.status_code
        location = response.headers.get("Location")
        if 300 <= status < 400 and location:
            current = urljoin(current, location)
            redirected = True
            continue
        if status >= 400:
            return CheckResult(ExternalLink.BROKEN, status, current if redirected else "")
        outcome = ExternalLink.REDIRECT if redirected else ExternalLink.OK
        return CheckResult(outcome, status, current if redirected else "")
    return CheckResult(ExternalLink.BROKEN, None, current)


def _check_host(
    urls: list[tuple[int, str]], limits: dict[str, Any]
) -> list[tuple[int, CheckResult]]:
    """One host's links, one at a time, ``interval`` seconds apart (the politeness rule)."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    results = []
    for index, (pk, url) in enumerate(urls):
        if index and limits["interval"]:
            time.sleep(limits["interval"])
        results.append((pk, check_url(url, session=session, **limits)))
    session.close()
    return results


def due_links(max_age: timedelta | None = None, limit: int | None = None) -> list[ExternalLink]:
    """Links never checked or checked longer ago than ``max_age``, in use by some page."""
    hours = settings.LINK_CHECK_MAX_AGE_HOURS
    before = timezone.now() - (max_age if max_age is not None else timedelta(hours=hours))
    rows = (
        ExternalLink.objects.filter(Q(checked_at__isnull=True) | Q(checked_at__lt=before))
        .filter(uses__isnull=False)
        .distinct()
        .order_by("checked_at", "id")
    )
    limit = limit or settings.LINK_CHECK_BATCH
    return list(rows[:limit])


def _save(link: ExternalLink, result: CheckResult) -> None:
    link.outcome = result.outcome
    link.status_code = result.status_code
    link.final_url = result.final_url
    link.checked_at = timezone.now()
    link.failures = link.failures + 1 if result.outcome in ExternalLink.FAILING else 0
    link.save(update_fields=["outcome", "status_code", "final_url", "checked_at", "failures"])


def check_links(links: list[ExternalLink], **overrides: Any) -> dict[str, int]:
    """Check ``links`` within the limits; store each result; returns counts per outcome."""
    limits = {**_limits(), **overrides}
    by_host: dict[str, list[tuple[int, str]]] = defaultdict(list)
    objects = {link.pk: link for link in links}
    for link in links:
        by_host[link.host].append((link.pk, link.url))
    counts: dict[str, int] = defaultdict(int)
    with ThreadPoolExecutor(max_workers=limits["concurrency"]) as pool:
        futures = [pool.submit(_check_host, urls, limits) for urls in by_host.values()]
        for future in as_completed(futures):
            for pk, result in future.result():
                _save(objects[pk], result)
                counts[result.outcome] += 1
    return dict(counts)


def identifiers_using(links: list[ExternalLink]) -> list[str]:
    """Services whose link figures a check may have changed."""
    return sorted(
        set(
            PageLink.objects.filter(link__in=links, identifier__gt="").values_list(
                "identifier", flat=True
            )
        )
    )
