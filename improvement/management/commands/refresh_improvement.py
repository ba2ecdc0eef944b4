"""``manage.py refresh_improvement``: recompute links, completeness and statistics of every
service (nightly, and after installing the app on a filled database)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from improvement.services import refresh_everything
from improvement.tasks import refresh_everything_task


class Command(BaseCommand):
    help = "Recompute completeness and statistics of every service."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queue", action="store_true", help="enqueue instead of running")

    def handle(self, *args: object, **options: object) -> None:
        if options["queue"]:
            self.stdout.write(f"queued ({refresh_everything_task.enqueue().id})")
            return
        started = time.perf_counter()
        counts = refresh_everything()
        self.stdout.write(f"{counts} in {time.perf_counter() - started:.1f} s")
