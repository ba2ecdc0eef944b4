"""Daily: escalate overdue requests to the management and send each person one digest."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from service_requests.escalation import run_daily


class Command(BaseCommand):
    help = "Escalate overdue requests and e-mail one digest per service manager / owner."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--today", help="Count overdue as of this date (YYYY-MM-DD), for checks and demos."
        )

    def handle(self, *args: object, **options: object) -> None:
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(str(options["today"]))
            except ValueError as error:
                raise CommandError("--today must be a date like 2026-12-31") from error
        escalated, digests = run_daily(today)
        self.stdout.write(f"escalated {escalated}, digests {digests}")
