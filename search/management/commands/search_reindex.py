"""Rebuild the service index with zero downtime (new versioned index, atomic alias swap)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from search import indexing
from search.analysis import STEMMERS


class Command(BaseCommand):
    help = "Build a new search index from the published services and swap the alias to it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stemmer", choices=STEMMERS, default=None, help="Latvian stemming variant"
        )
        parser.add_argument("--keep-old", action="store_true", help="keep previous index versions")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(
                "ELASTICSEARCH_URL is not set: nothing to index (search uses the database)."
            )
        try:
            report = indexing.rebuild(stemmer=options["stemmer"], keep_old=options["keep_old"])
        except Exception as exc:  # noqa: BLE001 — a clear message instead of a traceback
            raise CommandError(f"reindex failed: {exc}") from exc
        self.stdout.write(
            f"indexed {report['indexed']} services into {report['index']} in {report['seconds']} s "
            f"({report['errors']} errors); alias {indexing.alias_name()} swapped; "
            f"deleted {len(report['deleted'])} old index(es)"
        )
