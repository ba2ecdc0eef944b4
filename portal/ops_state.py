"""What operators watch, read from the shared stores (so every process reports the same).

Used by ``/readyz`` and ``/metrics``: the age of the last successful sync run and the task
backlog live in PostgreSQL, not in any one process's memory, because the sync and the task
worker run in processes of their own.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sync.models import SyncRun

SUCCESSFUL_SYNC = (SyncRun.SUCCESS, SyncRun.NOT_MODIFIED)


def last_successful_sync() -> datetime | None:
    run = (
        SyncRun.objects.filter(status__in=SUCCESSFUL_SYNC, dry_run=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return run


def sync_age_seconds() -> float | None:
    """Seconds since the last successful sync finished; None when none ever did."""
    finished = last_successful_sync()
    if finished is None:
        return None
    return max(0.0, (timezone.now() - finished).total_seconds())


def task_backlog() -> int:
    """Tasks that are due and wait for a worker (e-mails, facet recounts, index retries)."""
    return DBTaskResult.objects.ready().count()


def sync_runs_by_status() -> dict[str, int]:
    rows = SyncRun.objects.filter(dry_run=False).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def last_sync_counts() -> dict[str, int]:
    """Created/updated/unchanged/withdrawn/skipped of the latest finished run."""
    run = (
        SyncRun.objects.filter(dry_run=False, finished_at__isnull=False)
        .order_by("-finished_at")
        .values("created", "updated", "unchanged", "withdrawn", "skipped")
        .first()
    )
    return dict(run or {})
