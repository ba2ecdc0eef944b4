"""The Prometheus instruments the app updates while it serves (no database, no Django).

Why a module of its own: the search service records its latency and fallbacks here, and
must not pull in ``portal.metrics``, which reads the sync log and the task table at scrape
time (search never depends on sync; pyproject.toml's import contracts).
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_LATENCY = Histogram(
    "portal_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view", "method"],
    buckets=_BUCKETS,
)
REQUESTS = Counter("portal_requests_total", "Requests answered, by status code.", ["status"])
SEARCH_LATENCY = Histogram(
    "portal_search_duration_seconds",
    "Time of one service search, by the backend that answered.",
    ["backend"],
    buckets=_BUCKETS,
)
SEARCH_FALLBACKS = Counter(
    "portal_search_fallbacks_total", "Searches answered by the database fallback (degraded)."
)


def observe_search(backend: str, degraded: bool, seconds: float) -> None:
    """Called by the search service after every search."""
    SEARCH_LATENCY.labels(backend).observe(seconds)
    if degraded:
        SEARCH_FALLBACKS.inc()
