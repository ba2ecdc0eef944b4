"""``/healthz`` (liveness) and ``/readyz`` (readiness) for the load balancer and the operator.

Why two: a process whose Elasticsearch or Redis is briefly away must not be killed (it still
serves pages, degraded), but a load balancer may prefer another process until it is ready.
``/healthz`` answers as long as the process and its database connection work — cheap enough
for a probe every few seconds, HEAD allowed. ``/readyz`` checks every part and answers 503
naming the failing ones.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from portal import ops_state
from search.service import elasticsearch_status

CACHE_PROBE_KEY = "portal:readyz-probe"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 — any database failure means "unavailable"
        return "unavailable"


def cache_status() -> str:
    """ "ok" when the shared cache answers; "local" for the per-process default cache."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "unavailable"


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and Elasticsearch status; 503 only when the database is down."""
    database = database_status()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"database": database, "elasticsearch": elasticsearch_status()}, status=status
    )


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Every part: database, cache, Elasticsearch, sync age, task backlog; 503 names failures."""
    checks: dict[str, Any] = {"database": database_status(), "cache": cache_status()}
    search = elasticsearch_status()
    checks["elasticsearch"] = search
    failing = [name for name in ("database", "cache") if checks[name] == "unavailable"]
    if search == "unavailable":
        failing.append("elasticsearch")
    if checks["database"] == "ok":
        age = ops_state.sync_age_seconds()
        checks["sync_age_seconds"] = None if age is None else round(age)
        limit = settings.READY_MAX_SYNC_AGE_HOURS * 3600
        if limit and (age is None or age > limit):
            failing.append("sync")
        backlog = ops_state.task_backlog()
        checks["task_backlog"] = backlog
        if backlog > settings.READY_MAX_TASK_BACKLOG:
            failing.append("tasks")
    checks["failing"] = failing
    checks["status"] = "ready" if not failing else "not ready"
    return JsonResponse(checks, status=503 if failing else 200)
