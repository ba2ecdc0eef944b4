"""``manage.py sync_register``: the thin command-line face of ``sync.runner``.

Contract (docs/sync.md): exit 0 when the run completed (even with skipped items), a
CommandError with a clear message (no traceback) when it aborted; the last line printed is
always ``created=N updated=N unchanged=N withdrawn=N skipped=N``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sync.runner import Report, SyncAborted, run_sync

ZERO = "created=0 updated=0 unchanged=0 withdrawn=0 skipped=0"


class Command(BaseCommand):
    help = (
        "Synchronise service pages with the national service register (CPSV-AP JSON-LD or Turtle)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", default=None, help="file path or http(s) URL (default: REGISTER_URL)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change, write nothing"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="ignore the mass-withdrawal guard and the conditional-request cache",
        )
        parser.add_argument(
            "--feed", action="store_true", help="read the incremental feed at --source"
        )
        parser.add_argument(
            "--since", default=None, help="feed mode: ISO 8601 start (default: last checkpoint)"
        )
        parser.add_argument(
            "--strict", action="store_true", help="validate against the CPSV-AP SHACL shapes"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"] or settings.REGISTER_URL or ""
        try:
            report = run_sync(
                source,
                dry_run=options["dry_run"],
                force=options["force"],
                strict=options["strict"],
                feed=options["feed"],
                since=options["since"],
            )
        except SyncAborted as exc:
            self.stdout.write(ZERO)
            raise CommandError(f"Sync aborted: {exc}") from None
        self._print(report)

    def _print(self, report: Report) -> None:
        run = report.run
        skipped = [p for p in report.problems if p.level == "error"]
        warnings = [p for p in report.problems if p.level == "warning"]
        if run.message:
            self.stdout.write(run.message)
        if skipped:
            self.stdout.write(f"Skipped items ({len(skipped)}):")
            for p in skipped:
                self.stdout.write(f"  - {p.message}")
        translations = [p for p in warnings if p.code.startswith("missing-")]
        if translations:
            self.stdout.write(f"Missing translations ({len(translations)}):")
            for p in translations:
                self.stdout.write(f"  - {p.message}")
        other = [p for p in warnings if not p.code.startswith("missing-")]
        if other:
            self.stdout.write(f"Warnings ({len(other)}):")
            for p in other:
                self.stdout.write(f"  - {p.message}")
        if run.dry_run:
            self.stdout.write(
                f"Dry run: nothing was written. Planned changes ({len(report.diff)}):"
            )
            for change in report.diff:
                self.stdout.write(
                    f"  {change['action']:<8} {change['identifier']}  {change['title']}"
                )
        self.stdout.write(run.summary_line)
