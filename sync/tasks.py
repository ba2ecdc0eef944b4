"""The sync as a django-tasks task, so the admin's "Run now" never blocks a web request."""

from __future__ import annotations

from django_tasks import task

from sync.models import SyncRun
from sync.runner import SyncAborted, run_sync


@task()
def run_sync_task(source: str, dry_run: bool = False, force: bool = False) -> int | None:
    """Run one sync; returns the SyncRun id (aborted runs are recorded too)."""
    try:
        return run_sync(source, dry_run=dry_run, force=force).run.pk
    except SyncAborted:
        run = SyncRun.objects.filter(source=source[:1000]).first()
        return run.pk if run else None
