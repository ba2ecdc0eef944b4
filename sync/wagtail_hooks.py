"""Admin wiring of the sync: a "Sync runs" report under Reports, detail views, Run now."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogActionRegistry, LogFormatter

from catalogue_pages.change_notes import field_labels
from sync import history, views


@hooks.register("register_admin_urls")
def sync_urls() -> list:
    return [
        path("sync/runs/", views.run_list, name="sync_runs"),
        path("sync/runs/<int:pk>/", views.run_detail, name="sync_run_detail"),
        path("sync/run-now/", views.run_now, name="sync_run_now"),
    ]


class _SyncMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("sync.view_syncrun")


@hooks.register("register_reports_menu_item")
def sync_menu_item() -> MenuItem:
    return _SyncMenuItem(_("Sync runs"), reverse("sync_runs"), icon_name="resubmit", order=900)


@hooks.register("register_log_actions")
def sync_log_actions(actions: LogActionRegistry) -> None:
    """The register's publications in each page's history, with the fields they changed."""

    @actions.register_action(history.ACTION)
    class _SyncPublish(LogFormatter):
        label = _("Published from the register")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            fields = field_labels(data.get("fields") or [])
            if fields:
                return _("Published from the register; changed: %(fields)s") % {
                    "fields": ", ".join(fields)
                }
            return _("Published from the register")
