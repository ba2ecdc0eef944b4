"""``/healthz`` (liveness) and ``/readyz`` (readiness) for the proxy, the orchestrator and the
operator.

Why the split (issue 18): a probe that fails when a *degraded* part is away takes every host
out of the pool at once — one Elasticsearch blip would be a national outage, although every
page is still served (search falls back to the database, the cache fails open). So:

* **liveness** (``/healthz``): the process answers. It touches nothing else, so a database
  restart never makes a supervisor kill healthy workers.
* **readiness** (``/readyz``): this process can serve pages — the database answers and every
  migration of this code is applied. 503 only then, naming the failing part.
* Elasticsearch, the shared cache (Redis), the task backlog and the age of the last sync are
  *degraded* parts: named in ``/readyz``'s body and in ``/metrics``
  (``portal_degraded{part}``), never a reason to leave the pool.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from portal import ops_state
from search.service import elasticsearch_status

CACHE_PROBE_KEY = "portal:readyz-probe"
DEGRADABLE = ("cache", "elasticsearch", "tasks", "sync")
# Once this process has seen its migrations applied they stay applied (a process never
# loses migrations); until then every probe looks again, so a host deployed before
# ``migrate`` ran joins the pool as soon as it has.
_migrations_applied = False


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 — any database failure means "unavailable"
        return "unavailable"


def migrations_status() -> str:
    """ "ok" when every migration of this code is applied to the database, else "pending"."""
    global _migrations_applied  # noqa: PLW0603 — a per-process memo, see above
    if _migrations_applied:
        return "ok"
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_applied = not pending
    return "ok" if not pending else "pending"


def cache_status() -> str:
    """ "ok" when the shared cache answers; "local" for the per-process default cache."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "unavailable"


def degraded_parts(checks: dict[str, Any] | None = None) -> dict[str, Any]:
    """The state of every part a page can do without, and which of them are degraded.

    Needs a working database (sync age and backlog are read from it)."""
    parts: dict[str, Any] = {"cache": cache_status(), "elasticsearch": elasticsearch_status()}
    degraded = [name for name in ("cache", "elasticsearch") if parts[name] == "unavailable"]
    age = ops_state.sync_age_seconds()
    parts["sync_age_seconds"] = None if age is None else round(age)
    limit = settings.READY_MAX_SYNC_AGE_HOURS * 3600
    if limit and (age is None or age > limit):
        degraded.append("sync")
    backlog = ops_state.task_backlog()
    parts["task_backlog"] = backlog
    if backlog > settings.READY_MAX_TASK_BACKLOG:
        degraded.append("tasks")
    parts["degraded"] = degraded
    return parts


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No database, no network — cheap for any probe rate."""
    response = JsonResponse({"status": "alive"})
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database reachable and migrated → 200 (degraded parts named); else 503."""
    checks: dict[str, Any] = {"database": database_status()}
    failing = []
    if checks["database"] == "ok":
        try:
            checks["migrations"] = migrations_status()
        except Exception:  # noqa: BLE001 — the database went away between the two checks
            checks["database"] = "unavailable"
    if checks["database"] != "ok":
        failing.append("database")
    elif checks["migrations"] != "ok":
        failing.append("migrations")
    if not failing:
        checks.update(degraded_parts())
    checks["failing"] = failing
    if failing:
        checks["status"] = "not ready"
    else:
        checks["status"] = "degraded" if checks["degraded"] else "ready"
    response = JsonResponse(checks, status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    if failing:
        response["Retry-After"] = "5"
    return response
