"""``manage.py check_links``: enqueue (or, with ``--now``, run) one link-check round.

Schedule it daily (cron / systemd timer); the queue worker does the work. Only links not
checked for ``LINK_CHECK_MAX_AGE_HOURS`` are due, at most ``LINK_CHECK_BATCH`` per round.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from improvement.services import run_link_check
from improvement.tasks import check_links_task


class Command(BaseCommand):
    help = "Check external links of services, institutions and editorial content."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")
        parser.add_argument("--limit", type=int, default=None, help="at most this many links")

    def handle(self, *args: object, **options: object) -> None:
        limit = options["limit"]
        if options["now"]:
            # mypy: argparse's options are typed object; --limit is parsed with type=int
            counts = run_link_check(limit=limit)  # type: ignore[arg-type]
            self.stdout.write(f"checked: {counts}")
        else:
            result = check_links_task.enqueue(limit)
            self.stdout.write(f"link check queued ({result.id})")
