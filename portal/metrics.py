"""Prometheus metrics: ``/metrics`` (bearer token) and the middleware that feeds it.

Per-request figures (latency by view, requests by status, search latency and fallbacks) are
counted in the process that served the request. Under gunicorn several processes serve, so
with ``PROMETHEUS_MULTIPROC_DIR`` set prometheus-client keeps them in shared files and
``/metrics`` sums every process (``deploy/gunicorn.conf.py`` empties the folder at start and
marks dead workers). Figures that other processes produce — sync runs, the task queue — are
read from the database at scrape time, so every process reports the same numbers.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from portal import health, ops_state
from requestkit.instruments import (
    REQUEST_LATENCY,
    REQUESTS,
    SEARCH_FALLBACKS,
    SEARCH_LATENCY,
    observe_search,
)


class DatabaseCollector(Collector):
    """Sync runs, last run's counts, sync age, queue length and degraded parts, at scrape time."""

    def collect(self) -> Iterator[Metric]:
        runs = GaugeMetricFamily(
            "portal_sync_runs", "Recorded sync runs, by status.", labels=["status"]
        )
        for status, count in sorted(ops_state.sync_runs_by_status().items()):
            runs.add_metric([status], count)
        yield runs
        items = GaugeMetricFamily(
            "portal_sync_last_run_items",
            "Items of the latest sync run, by outcome.",
            labels=["outcome"],
        )
        for outcome, count in sorted(ops_state.last_sync_counts().items()):
            items.add_metric([outcome], count)
        yield items
        age = ops_state.sync_age_seconds()
        yield GaugeMetricFamily(
            "portal_sync_age_seconds",
            "Seconds since the last successful sync finished (-1: never).",
            value=-1 if age is None else age,
        )
        yield GaugeMetricFamily(
            "portal_task_queue_length",
            "Tasks due and waiting for a worker.",
            value=ops_state.task_backlog(),
        )
        # The parts a page can do without (portal/health.py): 1 while degraded, 0 when fine.
        degraded = health.degraded_parts()["degraded"]
        parts = GaugeMetricFamily(
            "portal_degraded",
            "1 while a part pages can do without is degraded (not a readiness failure).",
            labels=["part"],
        )
        for part in health.DEGRADABLE:
            parts.add_metric([part], 1 if part in degraded else 0)
        yield parts


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUEST_LATENCY, REQUESTS, SEARCH_LATENCY, SEARCH_FALLBACKS):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return registry


def _authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    given = request.META.get("HTTP_AUTHORIZATION", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; 401 without the right bearer token."""
    if not _authorised(request):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


class MetricsMiddleware:
    """Latency by view (the URL pattern's name, never the raw path) and status counts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"
        REQUEST_LATENCY.labels(view, request.method).observe(time.perf_counter() - started)
        REQUESTS.labels(str(response.status_code)).inc()
        return response


__all__ = ["MetricsMiddleware", "metrics_view", "observe_search"]
