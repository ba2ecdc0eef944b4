"""Admin views of the sync: the run log, one run's details, and "Run now" / "Dry run"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue_pages.change_notes import field_labels
from sync.models import SyncRun
from sync.tasks import run_sync_task


def _check(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def run_list(request: HttpRequest) -> HttpResponse:
    _check(request, "sync.view_syncrun")
    page = Paginator(SyncRun.objects.all(), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "sync/run_list.html",
        {
            "page_obj": page,
            "register_url": settings.REGISTER_URL,
            "can_run": request.user.has_perm("sync.run_sync") and bool(settings.REGISTER_URL),
            "may_run": request.user.has_perm("sync.run_sync"),
        },
    )


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "sync.view_syncrun")
    run = get_object_or_404(SyncRun, pk=pk)
    diff = [
        {**change, "field_labels": ", ".join(field_labels(change.get("fields") or []))}
        for change in run.diff
        if isinstance(change, dict)
    ]
    return render(
        request,
        "sync/run_detail.html",
        {"run": run, "diff": diff, "items": run.items.all()[:1000]},
    )


@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    """Queue a sync of REGISTER_URL (dry run when asked) through django-tasks."""
    _check(request, "sync.run_sync")
    if not settings.REGISTER_URL:
        messages.error(request, _("No register address is configured (REGISTER_URL)."))
        return redirect("sync_runs")
    dry_run = request.POST.get("dry_run") == "1"
    result = run_sync_task.enqueue(settings.REGISTER_URL, dry_run=dry_run)
    run_id = result.return_value if result.is_finished else None
    if run_id:
        return redirect("sync_run_detail", pk=run_id)
    messages.success(
        request, _("The sync has been queued; it appears in this list when it starts.")
    )
    return redirect("sync_runs")
