"""Reindex the pages whose indexing failed earlier; for cron or after an outage."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search import backlog


class Command(BaseCommand):
    help = "Reindex pages whose search indexing failed (the reindex backlog)."

    def handle(self, *args: Any, **options: Any) -> None:
        before = backlog.pending_reindex_count()
        result = backlog.retry_pending()
        self.stdout.write(
            f"backlog {before} -> {backlog.pending_reindex_count()} "
            f"(indexed {result['indexed']}, failed {result['failed']})"
        )
